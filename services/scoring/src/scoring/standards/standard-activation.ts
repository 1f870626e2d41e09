import { Inject, Injectable } from '@nestjs/common';
import { problems } from '@cadre/platform';
import { Ledger } from '../ledger/ledger';
import { RankingCalculation } from '../rankings/ranking-calculation';
import { RecomputeCadre } from '../usecases/recompute-cadre/usecase';
import { applicationRefusal, standardOf } from '../domain/standards';
import { sourceEntries } from '../domain/sources';
import { Standards } from './standards';

/**
 * The activation job: writes every source's entries under the new version, makes it active, recomputes every
 * cadre's totals and re-ranks. A retried job does it again to the same effect (entries are keyed).
 */
@Injectable()
export class StandardActivation {
  constructor(
    @Inject(Ledger) private readonly ledger: Ledger,
    @Inject(Standards) private readonly standards: Standards,
    @Inject(RecomputeCadre) private readonly recompute: RecomputeCadre,
    @Inject(RankingCalculation) private readonly rankings: RankingCalculation,
  ) {}

  async apply(version: number, progress: (percent: number) => Promise<void> | void = () => undefined): Promise<{ cadres: number; rankings: number }> {
    const candidate = await this.standards.load(version);
    const standard = standardOf(candidate.body);
    const cadres = new Set<string>();
    const now = new Date();
    const walk = async () => {
      for await (const batch of this.ledger.allSources()) {
        for (const source of batch) {
          for (const cadreId of await this.ledger.write(sourceEntries(source, candidate.version, standard), now)) cadres.add(cadreId);
        }
      }
    };
    const refusal = applicationRefusal(candidate);
    if (refusal) throw problems.conflict(refusal);
    await walk();
    await progress(40);
    if (candidate.status === 'draft') await this.standards.activate(candidate.version);
    // Sources that arrived during the first walk were written under the old version: catch them up.
    await walk();
    for (const cadreId of cadres) await this.recompute.execute({ cadreId });
    await progress(80);
    const result = await this.rankings.recalculate();
    await progress(100);
    return result;
  }
}
