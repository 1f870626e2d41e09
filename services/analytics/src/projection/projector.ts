import { context, SpanKind, trace, type Link } from '@opentelemetry/api';
import type { JsMsg, NatsConnection } from 'nats';
import type { mongo } from 'mongoose';
import type { Logger } from 'pino';
import { extractTraceContext, messagingMetrics } from '@cadre/messaging';
import { diffCells, mergeChanges, type Cell, type DocChange } from './domain/cells';
import { MODEL_STREAMS, POINTS_PROJECTION, projectionOf, type FactProjection } from './domain/projections';
import type { PointsFact } from './domain/points';
import { FactCache } from './fact-cache';
import type { ModelStore } from './model-store';
import { decodeEvent, lastSequence, StreamReader } from './stream-reader';

const tracer = trace.getTracer('@cadre/service-analytics');
type Outcome = [subject: string, outcome: 'ok' | 'error'];
const CONSUMER = 'analytics';

export interface CheckpointDocument {
  _id: string;
  /** Every event through this sequence is applied. */
  seq: number;
  /** The batch being applied ends here: after a crash it is applied again exactly as it was cut. */
  through?: number;
}

/** Where a generation's projection stands on each stream. */
export type Positions = Record<string, number>;

/**
 * Applies the events of the model streams to one generation of the models, in stream order, a batch at a time (the
 * messages that arrived together: one when keeping up, a pull's worth when behind). A batch is folded in memory into
 * one change per document and one fact per key, written in bulk with every document stamped with the batch's last
 * sequence, its facts last. Before that, the checkpoint names the batch (`through`); after a crash the first batch
 * is cut exactly there again, so the stamps mean the same and what is applied again changes nothing. Only one
 * projector may run per generation (analytics runs one replica, replaced rather than rolled).
 */
export class Projector {
  private readonly readers: StreamReader[] = [];
  readonly positions: Positions = {};
  private readonly recovering: Record<string, { through: number; held: JsMsg[] }> = {};
  private readonly facts = new FactCache();
  private stopped = false;
  lastAppliedAt: Record<string, string | null> = {};

  constructor(
    readonly store: ModelStore,
    private readonly nc: NatsConnection,
    private readonly checkpoints: mongo.Collection<CheckpointDocument>,
    private readonly logger: Logger,
  ) {}

  static checkpointId(generation: number, stream: string): string {
    return `g${generation}|${stream}`;
  }

  async start(): Promise<void> {
    for (const stream of MODEL_STREAMS) {
      const saved = await this.checkpoints.findOne({ _id: Projector.checkpointId(this.store.generation, stream.name) });
      this.positions[stream.name] = saved?.seq ?? 0;
      // A batch named past the stream's end cannot be read again (the stream was replaced): nothing to redo.
      if (saved?.through && saved.through > saved.seq && saved.through <= (await lastSequence(this.nc, stream.name))) {
        this.recovering[stream.name] = { through: saved.through, held: [] };
      }
      this.lastAppliedAt[stream.name] ??= null;
      const reader = new StreamReader(this.nc, stream.name);
      this.readers.push(reader);
      await reader.followBatches(this.positions[stream.name]! + 1, (batch) => this.handle(stream.name, batch));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // All at once: one stream's stop waits for its batch in hand, which must not keep the others reading.
    await Promise.all(this.readers.map((reader) => reader.stop()));
  }

  private async handle(stream: string, batch: JsMsg[]): Promise<void> {
    const fresh = batch.filter((msg) => msg.seq > (this.positions[stream] ?? 0));
    const recovering = this.recovering[stream];
    if (recovering) {
      recovering.held.push(...fresh.filter((msg) => msg.seq <= recovering.through));
      if (!fresh.length || fresh[fresh.length - 1]!.seq < recovering.through) return;
      delete this.recovering[stream];
      await this.applyBatch(stream, recovering.held);
      const rest = fresh.filter((msg) => msg.seq > recovering.through);
      if (rest.length) await this.applyBatch(stream, rest);
      return;
    }
    if (fresh.length) await this.applyBatch(stream, fresh);
  }

  private async applyBatch(stream: string, batch: JsMsg[]): Promise<void> {
    if (this.stopped || !batch.length) return;
    const through = batch[batch.length - 1]!.seq;
    const links: Link[] = batch.slice(0, 128).map((msg) => ({ context: trace.getSpanContext(extractTraceContext(msg.headers)) })).filter((link): link is Link => !!link.context);
    const span = tracer.startSpan(
      batch.length === 1 ? `jetstream consume ${batch[0]!.subject}` : `jetstream consume ${stream} batch`,
      {
        kind: SpanKind.CONSUMER,
        attributes: { 'messaging.system': 'nats', 'messaging.destination.name': batch.length === 1 ? batch[0]!.subject : stream, 'messaging.consumer.group.name': CONSUMER, 'messaging.batch.message_count': batch.length, 'messaging.nats.stream_sequence': through },
        links: batch.length === 1 ? [] : links,
      },
      batch.length === 1 ? extractTraceContext(batch[0]!.headers) : undefined,
    );
    const started = process.hrtime.bigint();
    await context.with(trace.setSpan(context.active(), span), async () => {
      try {
        const outcomes = await this.applyWithRetry(stream, batch, through);
        if (!outcomes) return;
        for (const [subject, outcome] of outcomes) messagingMetrics.handled.inc({ consumer: CONSUMER, subject, outcome });
        span.setAttribute('analytics.applied', outcomes.filter(([, outcome]) => outcome === 'ok').length);
        this.positions[stream] = through;
        this.lastAppliedAt[stream] = new Date().toISOString();
      } finally {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        for (const msg of batch) messagingMetrics.duration.observe({ consumer: CONSUMER, subject: msg.subject }, seconds / batch.length);
        span.end();
      }
    });
  }

  /** Storage failures are retried until they pass (the stream waits: order matters); undefined when stopped first. */
  private async applyWithRetry(stream: string, batch: JsMsg[], through: number): Promise<Outcome[] | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.project(stream, batch, through);
      } catch (error) {
        if (this.stopped) return undefined;
        const delay = Math.min(30_000, 250 * 2 ** Math.min(attempt, 7));
        this.logger.warn({ err: error, stream, fromSeq: batch[0]!.seq, throughSeq: through, attempt, retryInMs: delay }, 'analytics projection write failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** Folds and writes one batch; the outcome of each event (subject, ok or error). */
  private async project(stream: string, batch: JsMsg[], through: number): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    const events = this.decode(batch, outcomes);
    const keys = [...new Set(events.map((event) => event.key))];
    const before = await this.factsOf(keys);
    const after = new Map(before);
    const changed = new Map<string, { projection: FactProjection; cells: Cell[] }>();
    for (const event of events) {
      // The fact's contributions are taken with its fold: a fact they cannot be read from is the event's fault.
      const next = this.pure(event.msg, (): { fact: unknown; cells: Cell[] } | null => {
        const folded = event.projection.fold(after.get(event.key) ?? null, event.msg.subject, event.data);
        return folded ? { fact: folded, cells: event.projection.cells(folded) } : null;
      });
      outcomes.push([event.msg.subject, next === undefined ? 'error' : 'ok']);
      if (!next) continue;
      after.set(event.key, next.fact);
      changed.set(event.key, { projection: event.projection, cells: next.cells });
    }
    const changes: DocChange[] = [];
    for (const [key, { projection, cells }] of changed) {
      const previous = before.get(key);
      changes.push(...diffCells(previous ? projection.cells(previous) : [], cells));
    }
    await this.checkpoints.updateOne({ _id: Projector.checkpointId(this.store.generation, stream) }, { $set: { seq: this.positions[stream] ?? 0, through } }, { upsert: true });
    await this.store.applyChanges(mergeChanges(changes), through);
    const ranked = [...changed].filter(([, { projection }]) => projection === POINTS_PROJECTION).map(([key]) => after.get(key) as PointsFact);
    await this.store.rank(...ranked);
    const saved = new Map([...changed.keys()].map((key) => [key, after.get(key)]));
    await this.store.saveFacts(saved, through);
    for (const [key, fact] of saved) this.facts.set(key, fact);
    return outcomes;
  }

  /** The facts of `keys` before the batch: from the cache, or from the store for the ones not held. */
  private async factsOf(keys: string[]): Promise<Map<string, unknown>> {
    const known = new Map<string, unknown>();
    const missing: string[] = [];
    for (const key of keys) {
      const cached = this.facts.get(key);
      if (cached === undefined) missing.push(key);
      else if (cached !== null) known.set(key, cached);
    }
    const stored = await this.store.factsOf(missing);
    for (const key of missing) {
      const fact = stored.get(key);
      this.facts.set(key, fact ?? null);
      if (fact !== undefined) known.set(key, fact);
    }
    return known;
  }

  /** The batch's events the models read, with their facts' keys; a malformed one is logged and passed over. */
  private decode(batch: JsMsg[], outcomes: Outcome[]): { msg: JsMsg; projection: FactProjection; key: string; data: unknown }[] {
    const events = [];
    for (const msg of batch) {
      const projection = projectionOf(msg.subject);
      if (!projection) continue;
      const decoded = decodeEvent(msg);
      if ('error' in decoded) {
        this.passOver(msg, decoded.error);
        outcomes.push([msg.subject, 'error']);
        continue;
      }
      const { data } = decoded.envelope;
      const id = this.pure(msg, () => projection.idOf(data));
      if (id === undefined) {
        outcomes.push([msg.subject, 'error']);
        continue;
      }
      events.push({ msg, projection, key: `${projection.kind}:${id}`, data });
    }
    return events;
  }

  /** Pure domain code failing means the event does not have the shape of its contract: undefined, logged. */
  private pure<T>(msg: JsMsg, work: () => T): T | undefined {
    try {
      return work();
    } catch (error) {
      this.passOver(msg, (error as Error).message);
      return undefined;
    }
  }

  private passOver(msg: JsMsg, reason: string): void {
    this.logger.error({ subject: msg.subject, streamSequence: msg.seq, reason }, 'malformed event passed over by the analytics projection');
    messagingMetrics.deadLettered.inc({ consumer: CONSUMER, subject: msg.subject });
  }
}
