import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Model } from 'mongoose';
import { ROLLING_PERIOD, currentScoringYear, isWithinSubtree, periodYears, scoreQuery, type Caller, type ScoreView } from '@cadre/contracts';
import { ensureIndexes, idFrom, problems, validate, withoutId } from '@cadre/platform';
import { DirectoryReplica } from '@cadre/directory';
import { TOTALS, type LedgerDocument, type TotalDocument } from './scoring.schema';
import { cadreTotals } from './domain/cap';
import { toPoints } from './domain/points';
import { LedgerService, capEntry } from './ledger.service';
import { StandardsService } from './standards.service';

/** A cadre's score: computed from the ledger (the truth) on read; totals per period kept for the rankings. */
@Injectable()
export class ScoresService implements OnModuleInit {
  constructor(
    @Inject(TOTALS) private readonly totals: Model<TotalDocument>,
    @Inject(LedgerService) private readonly ledger: LedgerService,
    @Inject(StandardsService) private readonly standards: StandardsService,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  async onModuleInit() {
    await ensureIndexes([this.totals]);
  }

  /** `GET /scores/:cadreId`: the cadre, reviewers of the cadre's subtree, assessors and admins. */
  async score(caller: Caller | undefined, payload: unknown): Promise<ScoreView> {
    const who = caller ?? (() => { throw problems.forbidden(); })();
    const cadreId = idFrom(payload, 'cadre');
    const { period } = validate(scoreQuery, withoutId(payload));
    if (!(await this.maySee(who, cadreId))) throw problems.forbidden('Only the cadre, reviewers of the cadre’s department, assessors and admins see this score.');
    const { version, standard } = await this.standards.active();
    const years = periodYears(period);
    const entries = (await this.ledger.entriesOfCadre(cadreId, version)).filter((e) => years.includes(e.period));
    const totals = cadreTotals(entries.map(capEntry), standard);
    const points = (h: number) => toPoints(h);
    const newest = [...entries].sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : a._id < b._id ? -1 : 1));
    return {
      cadreId,
      period,
      total: points(totals.total),
      participation: points(totals.participation),
      contribution: points(totals.contribution),
      bonus: points(totals.bonus),
      reversal: points(totals.reversal),
      byItem: Object.fromEntries(Object.entries(totals.byItem).map(([item, h]) => [item, points(h)])),
      capped: totals.capped.map((c) => ({ ...c, earned: points(c.earned), counted: points(c.counted), cap: points(c.cap) })),
      entries: newest.map((e) => ({
        id: e._id,
        cadreId: e.cadreId,
        points: points(e.hundredths),
        hundredths: e.hundredths,
        counted: totals.counted.get(e.key) ?? e.hundredths,
        part: e.part,
        source: { type: e.sourceType, id: e.sourceId, version: e.sourceVersion },
        ...(e.itemCode ? { itemCode: e.itemCode } : {}),
        ...(e.firstLevelCode ? { firstLevelCode: e.firstLevelCode } : {}),
        standardVersion: e.standardVersion,
        period: e.period,
        explanation: e.explanation,
        occurredAt: e.occurredAt,
        createdAt: new Date(e.createdAt).toISOString(),
      })),
      standardVersion: version,
      updatedAt: new Date().toISOString(),
    };
  }

  /**
   * What the "recompute cadre X" job does: the cadre's totals for each year with entries and for the rolling
   * period, from the ledger, under the active standard. Idempotent.
   */
  async recompute(cadreId: string): Promise<number> {
    const { version, standard } = await this.standards.active();
    const entries = await this.ledger.entriesOfCadre(cadreId, version);
    const periods = new Set<string>([...entries.map((e) => e.period), currentScoringYear(), ROLLING_PERIOD]);
    for (const period of periods) await this.writeTotals(cadreId, period, version, standard, entries);
    return periods.size;
  }

  async writeTotals(cadreId: string, period: string, version: number, standard: { yearlyCapPerItem: number }, entries: LedgerDocument[]): Promise<void> {
    const years = periodYears(period);
    const mine = entries.filter((e) => years.includes(e.period));
    const totals = cadreTotals(mine.map(capEntry), standard);
    const doc: TotalDocument = {
      _id: `${cadreId}|${period}`,
      cadreId,
      period,
      standardVersion: version,
      total: totals.total,
      participation: totals.participation,
      contribution: totals.contribution,
      bonus: totals.bonus,
      reversal: totals.reversal,
      byItem: totals.byItem,
      capped: totals.capped.map((c) => `${c.year}:${c.firstLevelCode}`),
      entryCount: mine.length,
      updatedAt: new Date(),
    };
    await this.totals.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }

  private async maySee(who: Caller, cadreId: string): Promise<boolean> {
    if (who.userId === cadreId || who.roles.includes('assessor') || who.roles.includes('admin')) return true;
    if (!who.roles.includes('reviewer')) return false;
    const cadre = await this.directory.user(cadreId);
    return !!cadre && isWithinSubtree(cadre.departmentPath, who.departmentId);
  }
}
