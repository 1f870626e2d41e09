import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { CellSum, type ModelCollection } from './domain/cells';
import { MODEL_STREAMS, POINTS_PROJECTION, projectionOf, type FactProjection } from './domain/projections';
import type { PointsFact } from './domain/points';
import type { ModelStore } from './model-store';
import type { Positions } from './projector';
import { decodeEvent, lastSequence, StreamReader } from './stream-reader';

export interface BuildProgress {
  state: 'replaying' | 'writing';
  events: Record<string, number>;
}

const WRITE_BATCH = 1_000;

/**
 * Builds a generation from nothing: replays every model stream from its first message into facts held in memory
 * (the same folds as the live projector), then writes the facts and the sum of their contributions in bulk. The
 * returned positions are where the live projector of this generation takes over.
 */
export async function buildGeneration(store: ModelStore, nc: NatsConnection, logger: Logger, progress: BuildProgress): Promise<Positions> {
  const facts = new Map<string, { projection: FactProjection; fact: unknown }>();
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
        if (next) facts.set(key, { projection, fact: next });
      } catch (error) {
        logger.error({ subject: msg.subject, streamSequence: msg.seq, reason: (error as Error).message }, 'malformed event passed over by the analytics rebuild');
      }
    });
  }
  progress.state = 'writing';
  const sum = new CellSum();
  const factRows: { _id: string; seq: number; fact: unknown }[] = [];
  const ranked: PointsFact[] = [];
  for (const [key, { projection, fact }] of facts) {
    sum.add(projection.cells(fact));
    // seq 0: the live projector of this generation starts after `positions`, and any later event is newer.
    factRows.push({ _id: key, seq: 0, fact });
    if (projection === POINTS_PROJECTION) ranked.push(fact as PointsFact);
  }
  facts.clear();
  await insertAll(store.facts, factRows);
  const byCollection = new Map<ModelCollection, { _id: string; seq: number }[]>();
  for (const { collection, doc, body } of sum.docs.values()) {
    let rows = byCollection.get(collection);
    if (!rows) byCollection.set(collection, (rows = []));
    rows.push({ ...body, _id: doc, seq: 0 });
  }
  for (const [collection, rows] of byCollection) await insertAll(store.model(collection), rows);
  for (let i = 0; i < ranked.length; i += WRITE_BATCH) await Promise.all(ranked.slice(i, i + WRITE_BATCH).map((points) => store.rank(points)));
  return positions;
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
