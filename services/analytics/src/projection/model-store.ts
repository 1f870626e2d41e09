import type { mongo } from 'mongoose';
import type { Redis } from 'ioredis';
import { isDuplicateKeyError } from '@cadre/platform';
import { MODEL_COLLECTIONS, type DocChange, type ModelCollection } from './domain/cells';
import type { PointsFact } from './domain/points';

export interface FactDocument {
  _id: string;
  /** The stream sequence of the last event applied to the fact. */
  seq: number;
  fact: unknown;
}

export interface ModelDocument extends mongo.Document {
  _id: string;
  /** The stream sequence of the last event applied to the document (each document is fed by one stream). */
  seq: number;
}

/**
 * One generation of the read models: `g<N>_facts` and the model collections, plus the Redis leaderboards
 * `<prefix>:g<N>:points:<year>`. A rebuild writes generation N+1 beside the live N and swaps; only `_id` reads
 * and writes touch them (FerretDB v1 scans for anything else).
 */
export class ModelStore {
  readonly facts: mongo.Collection<FactDocument>;
  private readonly models: Record<ModelCollection, mongo.Collection<ModelDocument>>;

  constructor(
    db: mongo.Db,
    private readonly redis: Redis,
    private readonly redisPrefix: string,
    readonly generation: number,
  ) {
    this.facts = db.collection<FactDocument>(`g${generation}_facts`);
    this.models = Object.fromEntries(MODEL_COLLECTIONS.map((name) => [name, db.collection<ModelDocument>(`g${generation}_${name}`)])) as Record<
      ModelCollection,
      mongo.Collection<ModelDocument>
    >;
  }

  model(name: ModelCollection): mongo.Collection<ModelDocument> {
    return this.models[name];
  }

  async fact<F>(key: string): Promise<F | null> {
    const found = await this.facts.findOne({ _id: key });
    return (found?.fact as F | undefined) ?? null;
  }

  /**
   * Applies one document's change unless an event at or after `seq` already did: the guard and the change are
   * one single-document write, so a replay after a crash between two documents completes what was missing.
   */
  async applyChange(change: DocChange, seq: number): Promise<void> {
    const update: mongo.Document = { $set: { ...change.set, seq } };
    if (Object.keys(change.inc).length) update.$inc = change.inc;
    if (change.unset.length) update.$unset = Object.fromEntries(change.unset.map((path) => [path, '']));
    await guarded(() => this.models[change.collection].updateOne({ _id: change.doc, seq: { $lt: seq } }, update, { upsert: true }));
  }

  async saveFact(key: string, fact: unknown, seq: number): Promise<void> {
    await guarded(() => this.facts.updateOne({ _id: key, seq: { $lt: seq } }, { $set: { fact, seq } }, { upsert: true }));
  }

  leaderboardKey(year: string): string {
    return `${this.redisPrefix}:g${this.generation}:points:${year}`;
  }

  /** Sets the cadre's total of every reported year on the leaderboards (idempotent: a sorted set holds one score per member). */
  async rank(points: PointsFact): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const [year, total] of Object.entries(points.years)) pipeline.zadd(this.leaderboardKey(year), total.total, points.id);
    await pipeline.exec();
  }

  async drop(): Promise<void> {
    for (const collection of [this.facts, ...Object.values(this.models)]) {
      await collection.drop().catch(() => undefined);
    }
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.redisPrefix}:g${this.generation}:*`, 'COUNT', 500);
      if (keys.length) await this.redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
}

/** An upsert whose guard failed meets the existing document as a duplicate key: already applied. */
async function guarded(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}
