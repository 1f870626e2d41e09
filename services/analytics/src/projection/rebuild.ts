import type { NatsConnection } from 'nats';
import type { RebuildView } from '@cadre/contracts';
import type { Logger } from 'pino';
import { CellSum, type ModelCollection } from './domain/cells';
import { MODEL_STREAMS, POINTS_PROJECTION, projectionOf, type FactProjection } from './domain/projections';
import type { PointsFact } from './domain/points';
import type { ModelStore } from './model-store';
import type { Positions } from './projector';
import { decodeEvent, lastSequence, StreamReader } from './stream-reader';

/** Where a build stands (the rebuild status it runs under). */
export type BuildProgress = Pick<RebuildView, 'state' | 'events'>;

const WRITE_BATCH = 1_000;

/**
 * Builds a generation from nothing: replays every model stream from its first message into facts held in memory
 * (the same folds as the live projector), then writes the facts and the sum of their contributions in bulk. The
 * returned positions are where the live projector of this generation takes over.
 */
export async function buildGeneration(store: ModelStore, nc: NatsConnection, logger: Logger, progress: BuildProgress): Promise<Positions> {
  const facts = new Map<string, { projection: FactProjection; fact: unknown }>();
  const interner = new Interner();
  const positions: Positions = {};
  for (const stream of MODEL_STREAMS) {
    const last = await lastSequence(nc, stream.name);
    positions[stream.name] = last;
    progress.events[stream.name] = 0;
    await new StreamReader(nc, stream.name).readThrough(last, (msg) => {
      progress.events[stream.name]!++;
      const projection = projectionOf(msg.subject);
      if (!projection) return;
      const decoded = decodeEvent(msg);
      try {
        if ('error' in decoded) throw new Error(decoded.error);
        const { data } = decoded.envelope;
        const key = `${projection.kind}:${projection.idOf(data)}`;
        const next = projection.fold(facts.get(key)?.fact ?? null, msg.subject, data);
        if (next) facts.set(key, { projection, fact: interner.deep(next) });
      } catch (error) {
        logger.error({ subject: msg.subject, streamSequence: msg.seq, reason: (error as Error).message }, 'malformed event passed over by the analytics rebuild');
      }
    });
  }
  progress.state = 'writing';
  logger.info({ facts: facts.size, events: progress.events, heapMb: heapMb() }, 'analytics rebuild: streams replayed');
  const sum = new CellSum();
  let factRows: { _id: string; seq: number; fact: unknown }[] = [];
  const ranked: PointsFact[] = [];
  // Facts are written (and let go) as their contributions are summed, so the peak is the facts plus the models.
  // In `_id` order, so that each batch lands at the end of the collection's `_id` indexes instead of in pages all
  // over them (measured in replay order at the default bench size: ~700-940 facts/s, the machine ~40 % in I/O wait).
  for (const key of [...facts.keys()].sort(byCodeUnits)) {
    const { projection, fact } = facts.get(key)!;
    sum.add(projection.cells(fact));
    // seq 0: the live projector of this generation starts after `positions`, and any later event is newer.
    factRows.push({ _id: key, seq: 0, fact });
    if (projection === POINTS_PROJECTION) ranked.push(fact as PointsFact);
    facts.delete(key);
    if (factRows.length >= WRITE_BATCH * 3) {
      await insertAll(store.facts, factRows);
      factRows = [];
    }
  }
  await insertAll(store.facts, factRows);
  const byCollection = new Map<ModelCollection, { _id: string; seq: number }[]>();
  for (const { collection, doc, body } of sum.docs.values()) {
    let rows = byCollection.get(collection);
    if (!rows) byCollection.set(collection, (rows = []));
    rows.push({ ...body, _id: doc, seq: 0 });
  }
  for (const [collection, rows] of byCollection) await insertAll(store.model(collection), rows.sort((a, b) => byCodeUnits(a._id, b._id)));
  for (let i = 0; i < ranked.length; i += WRITE_BATCH) await store.rank(...ranked.slice(i, i + WRITE_BATCH));
  logger.info({ documents: sum.docs.size, heapMb: heapMb() }, 'analytics rebuild: models written');
  return positions;
}

/** Plain code-unit order (as the store's `_id` indexes order these ASCII keys), not the locale's. */
export const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const heapMb = () => Math.round(process.memoryUsage().heapUsed / 1_048_576);

/** Fields that are (nearly) unique per fact: sharing them saves nothing. */
const UNIQUE_FIELDS = new Set(['id', 'title', 'teamName', 'createdAt', 'submittedAt', 'verifiedAt', 'publishedAt', 'concludedAt', 'formedAt', 'at']);

/**
 * A million facts parsed from JSON each carry their own copies of the same department paths, cadre ids, item codes
 * and statuses; sharing one copy of each keeps a full replay in a fraction of the memory. Facts are never mutated
 * after folding (a fold builds a new fact), so sharing is safe.
 */
class Interner {
  private readonly strings = new Map<string, string>();
  private readonly arrays = new Map<string, string[]>();

  deep<T>(value: T, key = ''): T {
    if (typeof value === 'string') return (UNIQUE_FIELDS.has(key) || value.length > 64 ? value : this.string(value)) as T;
    if (Array.isArray(value)) {
      if (value.every((item) => typeof item === 'string')) return this.array(value as string[]) as T;
      for (let i = 0; i < value.length; i++) value[i] = this.deep(value[i], key);
      return value;
    }
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const field of Object.keys(record)) record[field] = this.deep(record[field], field);
    }
    return value;
  }

  private string(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }

  private array(value: string[]): string[] {
    const key = value.join('\u0000');
    const known = this.arrays.get(key);
    if (known) return known;
    const shared = value.map((item) => this.string(item));
    this.arrays.set(key, shared);
    return shared;
  }
}

async function insertAll(collection: { insertMany(rows: never[], options: { ordered: boolean }): Promise<unknown> }, rows: unknown[]): Promise<void> {
  const batches: unknown[][] = [];
  for (let i = 0; i < rows.length; i += WRITE_BATCH) batches.push(rows.slice(i, i + WRITE_BATCH));
  // A few batches in flight keep FerretDB busy without queueing everything at once.
  const inFlight = 3;
  for (let i = 0; i < batches.length; i += inFlight) {
    await Promise.all(batches.slice(i, i + inFlight).map((batch) => collection.insertMany(batch as never[], { ordered: false })));
  }
}
