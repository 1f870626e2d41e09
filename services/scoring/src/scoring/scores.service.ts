import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Model } from 'mongoose';
import {
  ROLLING_PERIOD,
  SCORING_EVENTS,
  createEnvelope,
  currentScoringYear,
  isWithinSubtree,
  periodYears,
  scoreQuery,
  type Caller,
  type ScoreUpdatedV1,
  type ScoreView,
} from '@cadre/contracts';
import { DocumentLocks, ensureIndexes, idFrom, problems, validate, withoutId } from '@cadre/platform';
import { OutboxRelay, outboxEntry, type OutboxEntry } from '@cadre/messaging';
import { DirectoryReplica } from '@cadre/directory';
import { TOTALS, type LedgerDocument, type TotalDocument } from './scoring.schema';
import { cadreTotals } from './domain/cap';
import { scoreBreakdown } from './domain/breakdown';
import { toPoints } from './domain/points';
import { LedgerService, breakdownEntry, capEntry } from './ledger.service';
import { StandardsService } from './standards.service';

/** What one recomputation of a cadre stamps on every period it writes. */
export interface Recomputation {
  /** Milliseconds since the epoch, strictly greater than any revision of the cadre's totals so far. */
  revision: number;
  at: Date;
  /** The cadre's department as the directory replica knows it ('' and [] when it does not). */
  departmentId: string;
  departmentPath: string[];
}

/** A cadre's score: computed from the ledger (the truth) on read; totals per period kept for the rankings. */
@Injectable()
export class ScoresService implements OnModuleInit {
  /** One recomputation of a cadre at a time in this process (the job queue already runs one per cadre). */
  private readonly cadreLocks = new DocumentLocks();

  constructor(
    @Inject(TOTALS) private readonly totals: Model<TotalDocument>,
    @Inject(LedgerService) private readonly ledger: LedgerService,
    @Inject(StandardsService) private readonly standards: StandardsService,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {
    // Registered as the providers are made, before the relay's sweep at start (what a crash left is published).
    this.relay.register(this.totals);
  }

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
   * What the "recompute cadre X" job does: the cadre's totals for each year with entries, the current year and the
   * rolling period, from the ledger, under the active standard. Idempotent in its totals; every year written
   * announces itself (`scoring.score.updated`, with a new revision), so a consumer always converges on the latest.
   */
  recompute(cadreId: string): Promise<number> {
    return this.cadreLocks.run(this.totals.collection.collectionName, cadreId, async () => {
      const { version, standard } = await this.standards.active();
      const entries = await this.ledger.entriesOfCadre(cadreId, version);
      const periods = [...new Set<string>([...entries.map((e) => e.period), currentScoringYear(), ROLLING_PERIOD])];
      const [revision, cadre] = await Promise.all([this.nextRevision(cadreId, periods), this.directory.user(cadreId)]);
      const stamp: Recomputation = { ...revision, departmentId: cadre?.departmentId ?? '', departmentPath: cadre?.departmentPath ?? [] };
      for (const period of periods) await this.writeTotals(cadreId, period, version, standard, entries, stamp);
      return periods.length;
    });
  }

  /**
   * Now, or one more than the highest revision the cadre's totals documents hold if that is later (two
   * recomputations in one millisecond, or a clock that stepped back). Reads only the revisions: never the outboxes.
   */
  private async nextRevision(cadreId: string, periods: readonly string[]): Promise<{ revision: number; at: Date }> {
    const previous = await Promise.all(periods.map((period) => this.totals.findById(totalsId(cadreId, period), { revision: 1 }).lean<Pick<TotalDocument, 'revision'>>()));
    const now = Date.now();
    const revision = Math.max(now, ...previous.map((doc) => (doc?.revision ?? 0) + 1));
    return { revision, at: new Date(now) };
  }

  /**
   * One period's totals, and for a calendar year its `scoring.score.updated` in the same single-document write
   * (the outbox): the event is stored if and only if the totals are. Pending events of earlier recomputations stay
   * (`$push`, not a replacement) and go out in order; a consumer keeps the highest revision.
   */
  async writeTotals(cadreId: string, period: string, version: number, standard: { yearlyCapPerItem: number }, entries: LedgerDocument[], stamp: Recomputation): Promise<void> {
    const years = periodYears(period);
    const mine = entries.filter((e) => years.includes(e.period));
    const isYear = period !== ROLLING_PERIOD;
    const breakdown = isYear ? scoreBreakdown(mine.map(breakdownEntry), standard) : undefined;
    const totals = breakdown?.totals ?? cadreTotals(mine.map(capEntry), standard);
    const id = totalsId(cadreId, period);
    const fields: Omit<TotalDocument, '_id' | 'outbox'> = {
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
      revision: stamp.revision,
      updatedAt: stamp.at,
    };
    let pending: OutboxEntry | undefined;
    if (breakdown) {
      const data: ScoreUpdatedV1 = {
        cadreId,
        period,
        total: toPoints(breakdown.totalHundredths),
        totalHundredths: breakdown.totalHundredths,
        byItem: breakdown.byItem,
        byMonth: breakdown.byMonth,
        bySource: breakdown.bySource,
        departmentId: stamp.departmentId,
        departmentPath: [...stamp.departmentPath],
        standardVersion: version,
        revision: stamp.revision,
        updatedAt: stamp.at.toISOString(),
      };
      pending = outboxEntry(SCORING_EVENTS.scoreUpdated, createEnvelope(SCORING_EVENTS.scoreUpdated, 'scoring', data, { occurredAt: stamp.at }));
    }
    // Under the document's lock, shared with the relay: FerretDB v1 does not isolate updates (README "FerretDB").
    await this.relay.locks.run(this.totals.collection.collectionName, id, () =>
      this.totals.updateOne({ _id: id }, { $set: fields, ...(pending ? { $push: { outbox: pending } } : {}) }, { upsert: true }),
    );
    if (pending) void this.relay.notify(this.totals, id, [pending]);
  }

  private async maySee(who: Caller, cadreId: string): Promise<boolean> {
    if (who.userId === cadreId || who.roles.includes('assessor') || who.roles.includes('admin')) return true;
    if (!who.roles.includes('reviewer')) return false;
    const cadre = await this.directory.user(cadreId);
    return !!cadre && isWithinSubtree(cadre.departmentPath, who.departmentId);
  }
}

/** A cadre's totals of one period: `<cadreId>|<period>`. */
export function totalsId(cadreId: string, period: string): string {
  return `${cadreId}|${period}`;
}
