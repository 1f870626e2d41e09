import type { mongo } from 'mongoose';
import type { Redis } from 'ioredis';
import { isDuplicateKeyError } from '@cadre/platform';
import { MODEL_COLLECTIONS, type DocChange, type ModelCollection } from './domain/cells';
import type { PointsFact } from './domain/points';
import { HELD_COLLECTIONS, HeldModels, type HeldDocument } from './held-models';

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
 * and writes touch them (FerretDB v1 scans for anything else), apart from loading the small collections whole
 * into memory once (see `held`).
 */
export class ModelStore {
  readonly facts: mongo.Collection<FactDocument>;
  private readonly models: Record<ModelCollection, mongo.Collection<ModelDocument>>;
  private heldModels?: Promise<HeldModels>;
  /** The held copy once loaded; until then, the writes that completed while it loads, for it to apply after. */
  private heldNow?: HeldModels;
  private heldPending?: { change: DocChange; seq: number }[];

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

  /**
   * The small collections (HELD_COLLECTIONS) of this generation in memory, loaded from the store on first use and
   * then changed with every write of `applyChanges`: the dashboards read them without a round trip to the store.
   * Only this process's projector writes a generation (see Projector), so the copy stays equal to the store. The
   * writes never wait for the load: one completed before it began is in what it reads, and one completed while it
   * reads is applied to it afterwards (whether the load saw that write or not, the guard makes the result the same).
   */
  held(): Promise<HeldModels> {
    if (!this.heldModels) {
      const pending: { change: DocChange; seq: number }[] = [];
      this.heldPending = pending;
      this.heldModels = this.loadHeld().then(
        (held) => {
          for (const { change, seq } of pending) held.apply(change, seq);
          if (this.heldPending === pending) {
            this.heldPending = undefined;
            this.heldNow = held;
          }
          return held;
        },
        (error: unknown) => {
          if (this.heldPending === pending) this.heldModels = this.heldPending = undefined;
          throw error;
        },
      );
    }
    return this.heldModels;
  }

  /** One completed write of `applyChanges`, for the held copy (now, after its load, or not at all before one). */
  private applyHeld(change: DocChange, seq: number): void {
    if (this.heldNow) this.heldNow.apply(change, seq);
    else this.heldPending?.push({ change, seq });
  }

  private async loadHeld(): Promise<HeldModels> {
    const loaded: [ModelCollection, HeldDocument[]][] = [];
    for (const name of HELD_COLLECTIONS) loaded.push([name, (await this.models[name].find({}).toArray()) as HeldDocument[]]);
    return new HeldModels(loaded);
  }

  /**
   * The stored facts of `keys` (absent ones are missing from the map). Read by `_id` one at a time, a few in
   * parallel: FerretDB v1 answers `$in` by scanning the collection.
   */
  async factsOf(keys: readonly string[]): Promise<Map<string, unknown>> {
    const found = new Map<string, unknown>();
    await inParallel(keys, READS_IN_PARALLEL, async (key) => {
      const doc = await this.facts.findOne({ _id: key });
      if (doc) found.set(key, doc.fact);
    });
    return found;
  }

  /**
   * Applies one batch's changes (one per document), each unless a write of this batch (`seq` = the batch's last
   * sequence) or a later one already did: the guard and the change are one single-document write, so a batch
   * applied again after a crash completes what was missing and repeats nothing. Sent in bulk; when a guard fails
   * (only in a batch applied again) FerretDB ends the bulk write there, so the batch is written again one
   * document at a time.
   */
  async applyChanges(changes: readonly DocChange[], seq: number): Promise<void> {
    const byCollection = new Map<ModelCollection, { ops: mongo.AnyBulkWriteOperation<ModelDocument>[]; changes: DocChange[] }>();
    for (const change of changes) {
      const update: mongo.Document = { $set: { ...change.set, seq } };
      if (Object.keys(change.inc).length) update.$inc = change.inc;
      if (change.unset.length) update.$unset = Object.fromEntries(change.unset.map((path) => [path, '']));
      let group = byCollection.get(change.collection);
      if (!group) byCollection.set(change.collection, (group = { ops: [], changes: [] }));
      group.ops.push({ updateOne: { filter: { _id: change.doc, seq: { $lt: seq } }, update, upsert: true } });
      group.changes.push(change);
    }
    // Settled, not Promise.all: a failure must not return while another collection's write still runs, or the
    // projector's retry (and the batches after it) would write the same documents at the same time, and FerretDB's
    // update (read, change, write) can then lose the older change for good (its guard refuses it afterwards).
    const outcomes = await Promise.allSettled(
      [...byCollection].map(async ([name, { ops, changes: written }]) => {
        await bulkGuarded(this.models[name], ops);
        // Once the store has them, under the same guard: a retry after a failed write repeats nothing here either.
        for (const change of written) this.applyHeld(change, seq);
      }),
    );
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Saves a batch's facts under the same guard (`seq` = the batch's last sequence). */
  async saveFacts(facts: ReadonlyMap<string, unknown>, seq: number): Promise<void> {
    const ops: mongo.AnyBulkWriteOperation<FactDocument>[] = [...facts].map(([key, fact]) => ({
      updateOne: { filter: { _id: key, seq: { $lt: seq } }, update: { $set: { fact, seq } }, upsert: true },
    }));
    await bulkGuarded(this.facts, ops);
  }

  leaderboardKey(year: string): string {
    return `${this.redisPrefix}:g${this.generation}:points:${year}`;
  }

  /** Sets the cadres' totals of every reported year on the leaderboards (idempotent: a sorted set holds one score per member). */
  async rank(...cadres: PointsFact[]): Promise<void> {
    if (!cadres.length) return;
    const pipeline = this.redis.pipeline();
    for (const points of cadres) for (const [year, total] of Object.entries(points.years)) pipeline.zadd(this.leaderboardKey(year), total.total, points.id);
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
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
    this.heldModels = this.heldNow = this.heldPending = undefined;
  }
}

/** Reads by `_id` in flight at once. */
const READS_IN_PARALLEL = 16;
/** Statements per bulk write: one command each, small enough to keep FerretDB's work per command short. */
const BULK_STATEMENTS = 100;

async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}

/**
 * Guarded upserts in bulk. A failed guard meets the existing document as a duplicate key (already applied), and
 * FerretDB v1 ends even an unordered bulk write at its first error, so the statements are then sent one by one.
 */
async function bulkGuarded<T extends mongo.Document>(collection: mongo.Collection<T>, ops: mongo.AnyBulkWriteOperation<T>[]): Promise<void> {
  for (let i = 0; i < ops.length; i += BULK_STATEMENTS) {
    const chunk = ops.slice(i, i + BULK_STATEMENTS);
    try {
      await collection.bulkWrite(chunk, { ordered: false });
    } catch (error) {
      const writeErrors = (error as { writeErrors?: unknown[] }).writeErrors;
      if (!writeErrors?.length || !writeErrors.every(isDuplicateKeyError)) throw error;
      for (const op of chunk) {
        const { filter, update, upsert } = (op as { updateOne: mongo.UpdateOneModel<T> }).updateOne;
        await guarded(() => collection.updateOne(filter, update, { upsert }));
      }
    }
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
