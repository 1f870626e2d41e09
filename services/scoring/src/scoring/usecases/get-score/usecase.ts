import { Inject, Injectable } from '@nestjs/common';
import { periodYears, type ScoreView, type ScoringStandard } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { DirectoryReplica } from '@cadre/directory';
import { Ledger } from '../../ledger/ledger';
import { capEntry } from '../../ledger/ledger-entries';
import { Standards } from '../../standards/standards';
import { isKnownCadre, mayReadScore, NO_SUCH_CADRE, scoreAccessNeedsDepartment, SCORE_REFUSAL } from '../../domain/access';
import { cadreTotals } from '../../domain/cap';
import { toPoints } from '../../domain/points';
import { explain, type EntryFacts } from '../../domain/explanation';
import { factsByKey, sourcesWithoutFacts } from '../../domain/entry-facts';
import type { LedgerDocument } from '../../scoring.schema';
import type { GetScoreCommand } from './command';

/** A cadre's score, computed from the ledger (the truth) on read: fresh as soon as an event is handled. */
@Injectable()
export class GetScore {
  constructor(
    @Inject(Ledger) private readonly ledger: Ledger,
    @Inject(Standards) private readonly standards: Standards,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  private async factsOf(entries: LedgerDocument[], version: number, standard: ScoringStandard): Promise<Map<string, EntryFacts>> {
    return factsByKey(entries, await this.ledger.sourcesByIds(sourcesWithoutFacts(entries)), version, standard);
  }

  async execute({ caller, cadreId, period }: GetScoreCommand): Promise<ScoreView> {
    const cadre = scoreAccessNeedsDepartment(caller, cadreId) ? await this.directory.user(cadreId) : null;
    if (!mayReadScore(caller, cadreId, cadre?.departmentPath ?? null)) throw problems.forbidden(SCORE_REFUSAL);
    const { version, standard } = await this.standards.active();
    const allEntries = await this.ledger.entriesOfCadre(cadreId, version);
    if (caller.userId !== cadreId && allEntries.length === 0) {
      const known = cadre ?? (await this.directory.user(cadreId));
      if (!isKnownCadre(caller, cadreId, known?.roles ?? null, false)) throw problems.notFound(NO_SUCH_CADRE);
    }
    const years = periodYears(period);
    const entries = allEntries.filter((e) => years.includes(e.period));
    const totals = cadreTotals(entries.map(capEntry), standard);
    const facts = await this.factsOf(entries, version, standard);
    return {
      cadreId,
      period,
      total: toPoints(totals.total),
      participation: toPoints(totals.participation),
      contribution: toPoints(totals.contribution),
      bonus: toPoints(totals.bonus),
      reversal: toPoints(totals.reversal),
      appraisal: toPoints(totals.appraisal),
      byItem: Object.fromEntries(Object.entries(totals.byItem).map(([item, h]) => [item, toPoints(h)])),
      capped: totals.capped.map((c) => ({ ...c, earned: toPoints(c.earned), counted: toPoints(c.counted), cap: toPoints(c.cap) })),
      entries: newestFirst(entries).map((e) => {
        const f = facts.get(e.key);
        return {
          id: e._id,
          cadreId: e.cadreId,
          points: toPoints(e.hundredths),
          hundredths: e.hundredths,
          counted: totals.counted.get(e.key) ?? e.hundredths,
          part: e.part,
          source: { type: e.sourceType, id: e.sourceId, version: e.sourceVersion, ...(f?.basis.title ? { title: f.basis.title } : {}) },
          ...(e.itemCode ? { itemCode: e.itemCode } : {}),
          ...(e.firstLevelCode ? { firstLevelCode: e.firstLevelCode } : {}),
          standardVersion: e.standardVersion,
          period: e.period,
          explanation: f ? explain(f) : e.explanation,
          occurredAt: e.occurredAt,
          createdAt: new Date(e.createdAt).toISOString(),
        };
      }),
      standardVersion: version,
      updatedAt: new Date().toISOString(),
    };
  }
}

/** Newest first; at equal times by entry id. */
function newestFirst(entries: LedgerDocument[]): LedgerDocument[] {
  return [...entries].sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : a._id < b._id ? -1 : 1));
}
