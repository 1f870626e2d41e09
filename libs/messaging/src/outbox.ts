import { Schema, type Model, type SchemaDefinition } from 'mongoose';
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

/** What the relay needs of a model: its collection (any mongoose model qualifies). */
export interface OutboxModel {
  collection: Model<any>['collection'];
}

/** The schema path every aggregate with events declares: `{ ...outboxPath }`. */
export const outboxPath: SchemaDefinition = { outbox: { type: [Schema.Types.Mixed], default: () => [] } };

export interface OutboxRelayOptions {
  /** How often to look again after a publication failed (a sweep scans whole collections: only when needed). */
  sweepIntervalMs?: number;
  /** How often to sweep regardless, for what another replica that died left behind. */
  safetySweepIntervalMs?: number;
  batchSize?: number;
}

/**
 * Publishes what outboxes hold, then removes each entry. A change is announced at least once: right after
 * the write (`notify`), and by the sweep at start and on an interval for whatever a crash left behind.
 * JetStream drops re-publications of an eventId inside its duplicate window; consumers are idempotent anyway.
 */
export class OutboxRelay {
  private readonly models = new Map<string, OutboxModel>();
  private readonly pending = new Set<Promise<unknown>>();
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;
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
   * Publishes the pending events of one document, after its write. A writer that passes the entries it has just
   * stored saves reading them back; they are removed by exact match, so an entry passed here that is not stored
   * exactly so stays for the sweep (which republishes it under the same eventId).
   */
  notify(model: OutboxModel, id: unknown, written?: OutboxEntry[]): Promise<void> {
    const work = this.flushDocument(model, id, written)
      .then(() => undefined)
      .catch((error) => {
        this.dirty = true;
        this.logger.warn({ err: error, collection: model.collection.collectionName, id }, 'outbox publish failed; the sweep will retry');
      });
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
    return work;
  }

  /**
   * Sweeps at start (what this service left when it stopped), then every `sweepIntervalMs` while something is
   * left to retry, and every `safetySweepIntervalMs` in any case.
   */
  start(): void {
    void this.sweep();
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
    await this.sweeping;
    await Promise.allSettled([...this.pending]);
  }

  /** Publishes everything left in every registered outbox; returns how many events went out. */
  sweep(): Promise<number> {
    if (this.sweeping) return this.sweeping;
    this.sweeping = this.sweepAll().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepAll(): Promise<number> {
    this.dirty = false;
    let published = 0;
    for (const [name, model] of this.models) {
      try {
        const pending = await model.collection
          .find({ 'outbox.0': { $exists: true } }, { projection: { _id: 1 } })
          .limit(this.options.batchSize ?? 1_000)
          .toArray();
        messagingMetrics.outboxBacklog.set({ collection: name }, pending.length);
        for (const doc of pending) published += await this.flushDocument(model, doc._id);
      } catch (error) {
        this.dirty = true;
        this.logger.warn({ err: error, collection: name }, 'outbox sweep failed; will retry');
      }
    }
    return published;
  }

  private flushDocument(model: OutboxModel, id: unknown, written?: OutboxEntry[]): Promise<number> {
    return this.locks.run(model.collection.collectionName, id, async () => {
      const entries = written ?? ((await model.collection.findOne({ _id: id as never }, { projection: { outbox: 1 } }))?.outbox as OutboxEntry[] | undefined) ?? [];
      for (const entry of entries) {
        await this.publisher.publish(entry.subject, entry.envelope, { traceCarrier: entry.trace });
        // Exact-match $pull of the entry as read: FerretDB v1 does not support $pull with a condition.
        await model.collection.updateOne({ _id: id as never }, { $pull: { outbox: entry } } as never);
      }
      return entries.length;
    });
  }
}
