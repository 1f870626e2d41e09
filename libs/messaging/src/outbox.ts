import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model, type SchemaDefinition } from 'mongoose';
import type { Logger } from 'pino';
import type { EventEnvelope } from '@cadre/contracts';
import { DocumentLocks } from '@cadre/platform';
import type { EventPublisher } from './publisher';
import { currentTraceCarrier } from './trace-context';
import { messagingMetrics } from './metrics';

/**
 * One pending event, stored in the `outbox` array of the document whose change it announces, written by the
 * same single-document update as the change itself (docs/ARCHITECTURE.md, "Outbox without transactions").
 */
export interface OutboxEntry {
  subject: string;
  envelope: EventEnvelope;
  /**
   * The W3C trace context of the request that made the change, so the event continues its trace. Absent when
   * there is none: mongoose drops empty objects, and an entry must be stored exactly as written to be removed.
   */
  trace?: Record<string, string>;
}

export function outboxEntry(subject: string, envelope: EventEnvelope): OutboxEntry {
  const trace = currentTraceCarrier();
  return Object.keys(trace).length > 0 ? { subject, envelope, trace } : { subject, envelope };
}

/** What the relay needs of a model: its collection, and through it the database (any mongoose model qualifies). */
export interface OutboxModel {
  collection: Model<any>['collection'];
}

/**
 * The pending markers of a service's database: one small document per aggregate that may hold unpublished events,
 * `_id` = `<collection>:<id>`, written BEFORE the aggregate's write and removed once its outbox is seen empty.
 * The sweeps read only these, never the aggregates (docs/ARCHITECTURE.md, "Outbox without transactions").
 */
export const OUTBOX_PENDING = 'outbox_pending';

export interface PendingMarker {
  _id: string;
  collection: string;
  doc: unknown;
  /** Which write set it: a marker is removed only by the token that read it, so a newer write keeps its own. */
  token: string;
  at: Date;
}

function pendingMarkers(conn: Connection) {
  if (!conn.db) throw new Error('outbox: the connection is not open');
  return conn.db.collection<PendingMarker>(OUTBOX_PENDING);
}

/** Marks document `id` of `collection` as possibly holding events (an upsert); answers the marker's token. */
export async function markPending(conn: Connection, collection: string, id: unknown): Promise<string> {
  const token = randomUUID();
  await pendingMarkers(conn).updateOne(
    { _id: `${collection}:${String(id)}` },
    { $set: { collection, doc: id, token, at: new Date() } },
    { upsert: true },
  );
  return token;
}

/** One document per collection whose outboxes written before markers existed have been marked (once per database). */
export const OUTBOX_ADOPTED = 'outbox_adopted';

/** The schema path every aggregate with events declares: `{ ...outboxPath }`. */
export const outboxPath: SchemaDefinition = { outbox: { type: [Schema.Types.Mixed], default: () => [] } };

export interface OutboxRelayOptions {
  /** How often to look again after a publication failed. */
  sweepIntervalMs?: number;
  /** How often to sweep regardless, for what another replica that died left behind. */
  safetySweepIntervalMs?: number;
  /**
   * A sweep removes a marker whose document's outbox is empty only when the marker is older than this: a younger
   * one may belong to a write still on its way (another replica marked, then writes), which must keep its marker.
   */
  markerGraceMs?: number;
}

/**
 * Publishes what outboxes hold, then removes each entry. A change is announced at least once: right after
 * the write (`notify`), and by the sweep at start and on an interval for whatever a crash left behind. Writers mark
 * a document pending (`mark`) before writing its outbox, and the sweeps visit only the marked documents.
 * JetStream drops re-publications of an eventId inside its duplicate window; consumers are idempotent anyway.
 */
export class OutboxRelay {
  private readonly models = new Map<string, OutboxModel>();
  private readonly pending = new Set<Promise<unknown>>();
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;
  private starting?: Promise<unknown>;
  /** A publication failed since the last sweep: the next tick sweeps. */
  private dirty = false;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions = {},
    /** Shared with the service's own writes, so removing a published entry never races a change of the document. */
    readonly locks: DocumentLocks = new DocumentLocks(),
  ) {}

  register(model: OutboxModel): void {
    this.models.set(model.collection.collectionName, model);
  }

  /**
   * Marks document `id` as possibly holding events; call it before writing its outbox (and under its lock), and
   * pass the token to `notify`. A marker whose write then fails or never happens is harmless: a sweep removes it.
   */
  mark(model: OutboxModel, id: unknown): Promise<string> {
    return markPending(model.collection.conn, model.collection.collectionName, id);
  }

  /**
   * Publishes the pending events of one document, after its write. A writer that passes the entries it has just
   * stored saves reading them back; they are removed by exact match, so an entry passed here that is not stored
   * exactly so stays for the sweep (which republishes it under the same eventId). A writer that passes the token of
   * its marker has the marker removed once the outbox is empty.
   */
  notify(model: OutboxModel, id: unknown, written?: OutboxEntry[], token?: string): Promise<void> {
    const flushed = written && token ? this.flushWritten(model, id, written, token) : this.flushDocument(model, id, written).then(() => (token ? this.unmark(model, id, token) : undefined));
    const work = flushed.catch((error) => {
        this.dirty = true;
        this.logger.warn({ err: error, collection: model.collection.collectionName, id }, 'outbox publish failed; the sweep will retry');
      });
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
    return work;
  }

  /**
   * Sweeps at start (what this service left when it stopped), then every `sweepIntervalMs` while something is
   * left to retry or a marker is too young to remove, and every `safetySweepIntervalMs` in any case.
   */
  start(): void {
    this.starting = this.adoptUnmarked().then(() => this.sweep());
    const interval = this.options.sweepIntervalMs ?? 10_000;
    const safety = this.options.safetySweepIntervalMs ?? 300_000;
    let lastSweep = Date.now();
    this.timer = setInterval(() => {
      if (!this.dirty && Date.now() - lastSweep < safety) return;
      lastSweep = Date.now();
      void this.sweep();
    }, interval);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.starting;
    await this.sweeping;
    await Promise.allSettled([...this.pending]);
  }

  /** Publishes everything left in every registered outbox; returns how many events went out. */
  sweep(): Promise<number> {
    if (this.sweeping) return this.sweeping;
    this.sweeping = this.sweepAll().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /**
   * Visits every marked document of every registered collection: publishes its outbox, then removes the marker if
   * the outbox is empty and the marker old enough (`markerGraceMs`). Reads the markers, never a whole collection.
   */
  private async sweepAll(): Promise<number> {
    this.dirty = false;
    let published = 0;
    const grace = this.options.markerGraceMs ?? 60_000;
    for (const conn of new Set([...this.models.values()].map((model) => model.collection.conn))) {
      try {
        const markers = await pendingMarkers(conn).find({}).toArray();
        const backlog = new Map<string, number>([...this.models.keys()].map((name) => [name, 0]));
        for (const marker of markers) backlog.set(marker.collection, (backlog.get(marker.collection) ?? 0) + 1);
        for (const [name, count] of backlog) messagingMetrics.outboxBacklog.set({ collection: name }, count);
        for (const marker of markers) {
          const model = this.models.get(marker.collection);
          if (!model || model.collection.conn !== conn) continue;
          published += await this.flushDocument(model, marker.doc);
          if (Date.now() - marker.at.getTime() >= grace) await this.unmark(model, marker.doc, marker.token);
          // Young: its write may still be on its way (a writer killed with its update queued in the database lands
          // after this sweep), so look again at the next tick rather than at the safety sweep.
          else this.dirty = true;
        }
      } catch (error) {
        this.dirty = true;
        this.logger.warn({ err: error, database: conn.name }, 'outbox sweep failed; will retry');
      }
    }
    return published;
  }

  /**
   * Marks, once per collection and database, the documents whose outbox entries were written before writers marked
   * them (an upgrade over older data): the only full scan, recorded as done in `outbox_adopted`. Replicas starting
   * together may both scan; marking is an upsert, so that is harmless.
   */
  private async adoptUnmarked(): Promise<void> {
    for (const [name, model] of this.models) {
      try {
        const db = model.collection.conn.db;
        if (!db) continue;
        const adopted = db.collection<{ _id: string; at: Date; marked: number }>(OUTBOX_ADOPTED);
        if (await adopted.findOne({ _id: name })) continue;
        const unmarked = await model.collection.find({ 'outbox.0': { $exists: true } }, { projection: { _id: 1 } }).toArray();
        for (const doc of unmarked) await markPending(model.collection.conn, name, doc._id);
        await adopted.updateOne({ _id: name }, { $set: { at: new Date(), marked: unmarked.length } }, { upsert: true });
        if (unmarked.length) this.logger.info({ collection: name, marked: unmarked.length }, 'outbox: marked events written before markers existed');
      } catch (error) {
        this.logger.warn({ err: error, collection: name }, 'outbox: could not mark older outboxes; the next start tries again');
      }
    }
  }

  /**
   * The writer's path: publishes the entries it has just stored, removes them (exact match) in the same update that
   * reads the document back, and removes its marker if nothing else is left: three calls to the database whatever the
   * number of entries, where flushing and then unmarking costs one per entry and two more.
   */
  private flushWritten(model: OutboxModel, id: unknown, written: OutboxEntry[], token: string): Promise<void> {
    return this.locks.run(model.collection.collectionName, id, async () => {
      for (const entry of written) await this.publish(entry);
      const after = await model.collection.findOneAndUpdate({ _id: id as never }, { $pullAll: { outbox: written } } as never, { returnDocument: 'after' });
      if (!(after?.outbox as unknown[] | undefined)?.length) await removeMarker(model, id, token);
    });
  }

  /** Removes the marker set with `token` if the document's outbox is empty (under the document's lock). */
  private unmark(model: OutboxModel, id: unknown, token: string): Promise<void> {
    return this.locks.run(model.collection.collectionName, id, async () => {
      const outbox = (await model.collection.findOne({ _id: id as never }, { projection: { outbox: 1 } }))?.outbox as unknown[] | undefined;
      if (!outbox?.length) await removeMarker(model, id, token);
    });
  }

  private flushDocument(model: OutboxModel, id: unknown, written?: OutboxEntry[]): Promise<number> {
    return this.locks.run(model.collection.collectionName, id, async () => {
      const entries = written ?? ((await model.collection.findOne({ _id: id as never }, { projection: { outbox: 1 } }))?.outbox as OutboxEntry[] | undefined) ?? [];
      for (const entry of entries) {
        await this.publish(entry);
        // Exact-match $pull of the entry as read: FerretDB v1 does not support $pull with a condition.
        await model.collection.updateOne({ _id: id as never }, { $pull: { outbox: entry } } as never);
      }
      return entries.length;
    });
  }

  private async publish(entry: OutboxEntry): Promise<void> {
    await this.publisher.publish(entry.subject, entry.envelope, { traceCarrier: entry.trace });
  }
}

/** Removes document `id`'s marker if it is still the one set with `token` (a newer write keeps its own). */
async function removeMarker(model: OutboxModel, id: unknown, token: string): Promise<void> {
  await pendingMarkers(model.collection.conn).deleteOne({ _id: `${model.collection.collectionName}:${String(id)}`, token });
}
