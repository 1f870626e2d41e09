import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import { SCORING_EVENTS, type ScoreUpdatedV1 } from '@cadre/contracts';
import { ensureIndexes } from '@cadre/platform';
import { AggregateStore, OutboxRelay } from '@cadre/messaging';
import { TOTALS, type TotalDocument } from '../scoring.schema';
import type { PeriodTotals } from '../domain/totals';

/** A cadre's totals of one period: `<cadreId>|<period>`. */
export function totalsId(cadreId: string, period: string): string {
  return `${cadreId}|${period}`;
}

/** What a recomputation reads of a period's totals before writing them: never the outbox. */
export interface TotalsStamp {
  version?: number;
  revision?: number;
}

/**
 * Each cadre's totals per period (`score_totals`), an aggregate written through `AggregateStore`: the totals and,
 * for a calendar year, their `scoring.score.updated` in one single-document write (the outbox), guarded by the
 * version read. Pending events of earlier recomputations stay (appended, never replaced) and go out in order.
 */
@Injectable()
export class ScoreTotals implements OnModuleInit {
  private readonly store: AggregateStore<TotalDocument>;

  constructor(
    @Inject(TOTALS) private readonly totals: Model<TotalDocument>,
    @Inject(OutboxRelay) relay: OutboxRelay,
  ) {
    // Made (and registered with the relay) as the providers are, before the relay's sweep at start.
    this.store = new AggregateStore(totals, relay, { producer: 'scoring' });
  }

  async onModuleInit() {
    await ensureIndexes([this.totals]);
  }

  /** The version and revision of each period's totals (null for a period not written yet). */
  async stamps(cadreId: string, periods: readonly string[]): Promise<(TotalsStamp | null)[]> {
    return Promise.all(periods.map((period) => this.totals.findById(totalsId(cadreId, period), { version: 1, revision: 1 }).lean<TotalsStamp>()));
  }

  /**
   * Writes a period's totals, with the event announcing them, over the document as `stamp` read it: a document
   * written by someone else since is a 409 (a duplicate key when both created it), and nothing is written.
   */
  async write(totals: PeriodTotals, announced: ScoreUpdatedV1 | null, stamp: TotalsStamp | null): Promise<void> {
    const id = totalsId(totals.cadreId, totals.period);
    const events = announced ? [{ subject: SCORING_EVENTS.scoreUpdated, data: announced, occurredAt: new Date(announced.updatedAt) }] : [];
    if (!stamp) {
      await this.store.create({ _id: id, version: 1, ...totals, outbox: [] }, events);
      return;
    }
    const version = stamp.version ?? (await this.versioned(id));
    await this.store.change(id, () => ({ set: { ...totals }, events }), { load: async () => ({ _id: id, version }) as TotalDocument });
  }

  /** Gives a document written before totals had a version its first one (0), once. */
  private async versioned(id: string): Promise<number> {
    await this.store.exclusive(id, () => this.totals.updateOne({ _id: id, version: mongoose.trusted({ $exists: false }) }, { $set: { version: 0 } }));
    return (await this.totals.findById(id, { version: 1 }).lean<TotalsStamp>())?.version ?? 0;
  }
}
