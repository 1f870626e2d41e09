import { Global, Inject, Injectable, Module } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { isId } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { AggregateStore, MONGO, OutboxRelay } from '@cadre/messaging';
import { ROUND_MODEL, roundModel, type RoundDocument } from './round.schema';
import { ROUNDS_PORT, type RoundFacts, type RoundsPort } from './rounds.port';

export type RoundStore = AggregateStore<RoundDocument>;
export const ROUND_STORE = Symbol('ROUND_STORE');

/** Reads of the rounds (by `_id`, or the whole small collection); the other modules see them through ROUNDS_PORT. */
@Injectable()
export class RoundsReader implements RoundsPort {
  constructor(@Inject(ROUND_STORE) private readonly store: RoundStore) {}

  /** The round, or null (also for a malformed id). */
  async load(roundId: string): Promise<RoundDocument | null> {
    if (!isId(roundId)) return null;
    return this.store.model.findById(roundId).lean<RoundDocument>();
  }

  /** The round, or 404. */
  async get(roundId: string): Promise<RoundDocument> {
    const round = await this.load(roundId);
    if (!round) throw problems.notFound('没有这个选任工作');
    return round;
  }

  /** The rounds among `ids` that exist. */
  async many(ids: string[]): Promise<RoundDocument[]> {
    const rows = await Promise.all([...new Set(ids)].map((id) => this.load(id)));
    return rows.filter((r): r is RoundDocument => !!r);
  }

  /** Every round (few: read whole), newest first. */
  async all(): Promise<RoundDocument[]> {
    const rows = await this.store.model.find({}).lean<RoundDocument[]>();
    return rows.sort((a, b) => new Date(b.openedAt).getTime() - new Date(a.openedAt).getTime() || (a._id < b._id ? 1 : -1));
  }

  async find(roundId: string): Promise<RoundFacts | null> {
    const round = await this.load(roundId);
    if (!round) return null;
    return {
      roundId: round._id,
      name: round.name,
      kind: round.kind,
      status: round.status,
      positions: round.positions.map((p) => ({ name: p.name, count: p.count })),
      departmentIds: [...round.departmentIds],
      applyUntil: round.applyUntil ?? null,
    };
  }
}

/** The rounds' data: `rounds` and its store, and ROUNDS_PORT for the other modules (global). */
@Global()
@Module({
  providers: [
    { provide: ROUND_MODEL, inject: [MONGO], useFactory: (c: Connection) => roundModel(c) },
    {
      provide: ROUND_STORE,
      inject: [ROUND_MODEL, OutboxRelay],
      useFactory: (model: Model<RoundDocument>, relay: OutboxRelay): RoundStore =>
        new AggregateStore(model, relay, { producer: 'selection', noun: 'round', touch: () => ({ updatedAt: new Date() }), notFound: '没有这个选任工作' }),
    },
    RoundsReader,
    { provide: ROUNDS_PORT, useExisting: RoundsReader },
  ],
  exports: [ROUND_STORE, RoundsReader, ROUNDS_PORT],
})
export class RoundsDataModule {}
