import { Inject, Injectable } from '@nestjs/common';
import { currentScoringYear } from '@cadre/contracts';
import { DocumentLocks, ProblemException, isDuplicateKeyError } from '@cadre/platform';
import { DirectoryReplica } from '@cadre/directory';
import { Ledger } from '../../ledger/ledger';
import { breakdownEntry } from '../../ledger/ledger-entries';
import { Standards } from '../../standards/standards';
import { ScoreTotals } from '../../totals/score-totals';
import { nextRevision, periodTotals, recomputedPeriods, type Recomputation } from '../../domain/totals';
import type { RecomputeCadreCommand } from './command';

const ATTEMPTS = 3;

/**
 * The cadre's totals for each year with entries, the current year and the rolling period, from the ledger, under
 * the active standard. Idempotent in its totals; every year written announces itself (`scoring.score.updated`, with
 * a new revision), so a consumer always converges on the latest. Answers how many periods were written.
 */
@Injectable()
export class RecomputeCadre {
  /** One recomputation of a cadre at a time in this process (the job queue already runs one per cadre). */
  private readonly cadreLocks = new DocumentLocks();

  constructor(
    @Inject(Ledger) private readonly ledger: Ledger,
    @Inject(Standards) private readonly standards: Standards,
    @Inject(ScoreTotals) private readonly totals: ScoreTotals,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  execute({ cadreId }: RecomputeCadreCommand): Promise<number> {
    return this.cadreLocks.run('score_totals', cadreId, async () => {
      // Another process wrote the cadre's totals meanwhile (an activation beside a job): everything is derived
      // from the ledger, so computing again gives the right totals.
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.recompute(cadreId);
        } catch (error) {
          if (attempt >= ATTEMPTS || !(isConflict(error) || isDuplicateKeyError(error))) throw error;
        }
      }
    });
  }

  private async recompute(cadreId: string): Promise<number> {
    const { version, standard } = await this.standards.active();
    const entries = (await this.ledger.entriesOfCadre(cadreId, version)).map(breakdownEntry);
    const periods = recomputedPeriods(entries, currentScoringYear());
    const [stamps, cadre] = await Promise.all([this.totals.stamps(cadreId, periods), this.directory.user(cadreId)]);
    const now = Date.now();
    const stamp: Recomputation = {
      revision: nextRevision(now, stamps.map((s) => s?.revision)),
      at: new Date(now),
      departmentId: cadre?.departmentId ?? '',
      departmentPath: cadre?.departmentPath ?? [],
    };
    for (const [index, period] of periods.entries()) {
      const { totals, announced } = periodTotals(cadreId, period, version, standard, entries, stamp);
      await this.totals.write(totals, announced, stamps[index]);
    }
    return periods.length;
  }
}

function isConflict(error: unknown): boolean {
  return error instanceof ProblemException && error.problem.status === 409;
}
