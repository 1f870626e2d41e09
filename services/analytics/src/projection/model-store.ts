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

const READS_IN_FLIGHT = 100;
const RECENT_FACTS = 50_000;

/**
 * One generation of the read models: `g<N>_facts` and the model collections, plus the Redis leaderboards
 * `<prefix>:g<N>:points:<year>`. A rebuild writes generation N+1 beside the live N and swaps; only `_id` reads
 * and writes touch them (FerretDB v1 scans for anything else).
 */
export class ModelStore {
  readonly facts: mongo.Collection<FactDocument>;
  private readonly recent = new Map<string, { fact: unknown; seq: number }>();
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

  /** The stored facts of these keys with the stream sequence each was last changed at (absent keys are missing). */
  async factsOf(keys: readonly string[]): Promise<Map<string, { fact: unknown; seq: number }>> {
    const found = new Map<string, { fact: unknown; seq: number }>();
    const missing: string[] = [];
    for (const key of keys) {
      const known = this.recent.get(key);
      if (known) found.set(key, known);
      else missing.push(key);
    }
    // One read by `_id` each: FerretDB scans the collection for `$in`.
    for (let i = 0; i < missing.length; i += READS_IN_FLIGHT) {
      const docs = await Promise.all(missing.slice(i, i + READS_IN_FLIGHT).map((key) => this.facts.findOne({ _id: key })));
      for (const doc of docs) if (doc) found.set(doc._id, { fact: doc.fact, seq: doc.seq });
    }
    return found;
  }

  /**
   * Applies one document's change made by the events `from`..`through` (stream sequences) unless an event at or
   * after `from` already did: the guard and the change are one single-document write, so replaying the same events
   * after a crash between two documents completes what was missing.
   */
  async applyChange(change: DocChange, from: number, through = from): Promise<void> {
    const update: mongo.Document = { $set: { ...change.set, seq: through } };
    if (Object.keys(change.inc).length) update.$inc = change.inc;
    if (change.unset.length) update.$unset = Object.fromEntries(change.unset.map((path) => [path, '']));
    await guarded(() => this.models[change.collection].updateOne({ _id: change.doc, seq: { $lt: from } }, update, { upsert: true }));
  }

  /** Saves a fact as the events `from`..`through` left it, unless an event at or after `from` already did. */
  async saveFact(key: string, fact: unknown, from: number, through = from): Promise<void> {
    await guarded(() => this.facts.updateOne({ _id: key, seq: { $lt: from } }, { $set: { fact, seq: through } }, { upsert: true }));
    this.remember(key, { fact, seq: through });
  }

  /**
   * The facts this process wrote last, so a fact changed again soon (a record submitted then verified, a cadre's
   * next score) is not read back: the projector is the generation's only writer (one analytics replica).
   */
  private remember(key: string, entry: { fact: unknown; seq: number }): void {
    this.recent.delete(key);
    this.recent.set(key, entry);
    if (this.recent.size > RECENT_FACTS) this.recent.delete(this.recent.keys().next().value!);
  }

  leaderboardKey(year: string): string {
    return `${this.redisPrefix}:g${this.generation}:points:${year}`;
  }

  /** Sets the cadre's total of every reported year on the leaderboards (idempotent: a sorted set holds one score per member). */
  async rank(...cadres: PointsFact[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const points of cadres) for (const [year, total] of Object.entries(points.years)) pipeline.zadd(this.leaderboardKey(year), total.total, points.id);
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
