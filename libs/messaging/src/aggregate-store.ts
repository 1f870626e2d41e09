import mongoose, { type Model } from 'mongoose';
import { createEnvelope } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { outboxEntry, type OutboxEntry, type OutboxRelay } from './outbox';

/** An event a change announces; the store wraps it in an envelope and stores it in the document's outbox. */
export interface PendingEvent {
  subject: string;
  data: unknown;
  /** When what it announces happened, if not at the write. */
  occurredAt?: Date;
}

/**
 * What a decision does to one aggregate: fields to set, values to append to arrays, events to announce. The
 * store adds the version bump, the touch fields and the outbox entries; a decision never writes anything itself.
 */
export interface AggregateChange {
  set?: Record<string, unknown>;
  /** Per array path: the value to append, or (wrapped by `each`) several. */
  push?: Record<string, unknown>;
  events?: PendingEvent[];
}

/** Several values appended to one array path by one change. */
export function each(values: unknown[]): { $each: unknown[] } {
  return mongoose.trusted({ $each: values }) as { $each: unknown[] };
}

export interface Versioned {
  _id: string;
  version: number;
}

export interface AggregateStoreOptions {
  /** The producer named in every envelope (the owning service). */
  producer: string;
  /** Fields set on every change besides the version, e.g. `() => ({ updatedAt: new Date() })`. */
  touch?: () => Record<string, unknown>;
  /** What a missing (or invisible) aggregate answers; 404 by default. */
  notFound?: string;
  /** What the aggregate is called in the 409s, e.g. `record`: "The record changed meanwhile; …". */
  noun?: string;
}

export interface ChangeOptions<D> {
  /** The version the caller last read (optimistic concurrency from the client): any other is a 409. */
  expectedVersion?: number;
  /** How the aggregate is read, e.g. with a visibility check that answers 404; by id by default. */
  load?: (id: string) => Promise<D>;
}

export interface Changed<D> {
  /** The aggregate as it was read. */
  before: D;
  /** The aggregate as written (in memory: set fields replaced, pushed values appended, outbox left out). */
  after: D;
  change: AggregateChange;
  /** The entries written to the outbox (already handed to the relay). */
  written: OutboxEntry[];
}

/**
 * The one way an aggregate with events changes (docs/ARCHITECTURE.md, "Outbox without transactions"): load it by id,
 * decide with a pure function, write the state and the outbox entries in one single-document update guarded by
 * the version read, and hand the entries to the relay.
 *
 * - A stale version (the caller's `expectedVersion`, or another writer between read and write) is a 409, and
 *   nothing is written.
 * - A decision that throws writes nothing; one that answers `null` changes nothing (no version bump, no event).
 * - A crash after the write and before the publication loses nothing: the document is marked pending before the
 *   write, the entries stay in it, and the relay's sweep at start (or on its interval) reads the markers and
 *   publishes them under the same event ids.
 * - Within a process, changes of one document are serialised (FerretDB does not isolate updates; see
 *   DocumentLocks); across processes the version guard makes the loser answer 409.
 */
export class AggregateStore<D extends Versioned> {
  constructor(
    readonly model: Model<D>,
    private readonly relay: OutboxRelay,
    private readonly options: AggregateStoreOptions,
  ) {
    relay.register(model);
  }

  /** Runs `work` while no other change of document `id` runs in this process. */
  exclusive<T>(id: string, work: () => Promise<T>): Promise<T> {
    return this.relay.locks.run(this.model.collection.collectionName, id, work);
  }

  /** Reads one aggregate (lean), or the store's 404. */
  async find(id: string): Promise<D> {
    const found = await this.model.findById(id).lean<D>();
    if (!found) throw problems.notFound(this.options.notFound ?? 'Not found.');
    return found;
  }

  /** Creates an aggregate with the events that announce it, in one write. */
  async create(doc: D, events: PendingEvent[] = []): Promise<Changed<D>> {
    const written = events.map((e) => this.entry(e));
    if (!written.length) {
      await this.model.create({ ...doc, outbox: written });
      return { before: doc, after: doc, change: { events }, written };
    }
    return this.exclusive(doc._id, async () => {
      const token = await this.relay.mark(this.model, doc._id);
      await this.model.create({ ...doc, outbox: written });
      void this.relay.notify(this.model, doc._id, written, token);
      return { before: doc, after: doc, change: { events }, written };
    });
  }

  /** Load, decide, write, announce: see the class comment. */
  change(
    id: string,
    decide: (current: D) => AggregateChange | null | Promise<AggregateChange | null>,
    options: ChangeOptions<D> = {},
  ): Promise<Changed<D>> {
    return this.exclusive(id, async () => {
      const before = await (options.load ?? ((key: string) => this.find(key)))(id);
      if (options.expectedVersion !== undefined && options.expectedVersion !== before.version) {
        throw problems.conflict(`Stale version: the ${this.noun} is at version ${before.version}.`);
      }
      const change = await decide(before);
      if (!change) return { before, after: before, change: {}, written: [] };
      const written = (change.events ?? []).map((e) => this.entry(e));
      const version = before.version + 1;
      const set = { ...change.set, ...this.options.touch?.(), version };
      const push: Record<string, unknown> = { ...change.push };
      if (written.length) push.outbox = written.length === 1 ? written[0] : each(written);
      const token = written.length ? await this.relay.mark(this.model, id) : undefined;
      const result = await this.model.updateOne(
        { _id: id, version: before.version } as never,
        { $set: set, ...(Object.keys(push).length ? { $push: push } : {}) } as never,
      );
      if (result.matchedCount === 0) throw problems.conflict(`The ${this.noun} changed meanwhile; reload and try again.`);
      if (written.length) void this.relay.notify(this.model, id, written, token);
      return { before, after: applied(before, set, change.push ?? {}), change, written };
    });
  }

  private get noun(): string {
    return this.options.noun ?? 'document';
  }

  private entry(event: PendingEvent): OutboxEntry {
    return outboxEntry(event.subject, createEnvelope(event.subject, this.options.producer, event.data, { occurredAt: event.occurredAt }));
  }
}

/** The document after a change, computed in memory (top-level paths only, as the changes here use). */
function applied<D>(before: D, set: Record<string, unknown>, push: Record<string, unknown>): D {
  const after: Record<string, unknown> = { ...(before as Record<string, unknown>), ...set };
  for (const [path, value] of Object.entries(push)) {
    const values = isEach(value) ? value.$each : [value];
    after[path] = [...((after[path] as unknown[] | undefined) ?? []), ...values];
  }
  delete after.outbox;
  return after as D;
}

function isEach(value: unknown): value is { $each: unknown[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { $each?: unknown }).$each);
}
