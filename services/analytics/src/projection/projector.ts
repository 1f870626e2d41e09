import { context, SpanKind, trace } from '@opentelemetry/api';
import type { JsMsg, NatsConnection } from 'nats';
import type { mongo } from 'mongoose';
import type { Logger } from 'pino';
import { extractTraceContext, messagingMetrics } from '@cadre/messaging';
import { diffCells, mergeChanges, type DocChange } from './domain/cells';
import type { PointsFact } from './domain/points';
import { MODEL_STREAMS, POINTS_PROJECTION, projectionOf, type FactProjection } from './domain/projections';
import type { ModelStore } from './model-store';
import { decodeEvent, StreamReader, type BatchOptions } from './stream-reader';

const tracer = trace.getTracer('@cadre/service-analytics');
const CONSUMER = 'analytics';

export interface CheckpointDocument {
  _id: string;
  seq: number;
  /** The last sequence of the batch being written after `seq`: after a crash the same batch is written again. */
  pendingThrough?: number;
}

/** Where a generation's projection stands on each stream. */
export type Positions = Record<string, number>;

type Outcome = 'applied' | 'unchanged' | 'skipped' | 'poison';

interface BatchEvent {
  msg: JsMsg;
  projection?: FactProjection;
  key?: string;
  data?: unknown;
  outcome: Outcome;
}

/**
 * Applies the events of the model streams to one generation of the models, in stream order, a batch at a time:
 * the batch's events are folded into their facts in memory, then each touched model document and each changed
 * fact is written once. Its position moves (and is saved as a checkpoint) only once a batch's writes are done;
 * before writing, the batch's end is saved as pending, so after a crash the same batch is read and written again,
 * and what it applies again changes nothing: every document and fact moves only to a later stream sequence.
 */
export class Projector {
  private readonly readers: StreamReader[] = [];
  readonly positions: Positions = {};
  private saved: Positions = {};
  private timer?: NodeJS.Timeout;
  private stopped = false;
  lastAppliedAt: Record<string, string | null> = {};

  constructor(
    readonly store: ModelStore,
    private readonly nc: NatsConnection,
    private readonly checkpoints: mongo.Collection<CheckpointDocument>,
    private readonly logger: Logger,
    private readonly batch?: BatchOptions,
  ) {}

  static checkpointId(generation: number, stream: string): string {
    return `g${generation}|${stream}`;
  }

  async start(): Promise<void> {
    for (const stream of MODEL_STREAMS) {
      const saved = await this.checkpoints.findOne({ _id: Projector.checkpointId(this.store.generation, stream.name) });
      this.positions[stream.name] = saved?.seq ?? 0;
      this.saved[stream.name] = this.positions[stream.name]!;
      this.lastAppliedAt[stream.name] ??= null;
      const reader = new StreamReader(this.nc, stream.name, this.batch);
      this.readers.push(reader);
      const pending = saved?.pendingThrough && saved.pendingThrough > this.positions[stream.name]! ? saved.pendingThrough : undefined;
      await reader.follow(this.positions[stream.name]! + 1, (batch) => this.handle(stream.name, batch), { firstBatchThrough: pending });
    }
    this.timer = setInterval(() => void this.saveCheckpoints().catch((err) => this.logger.warn({ err }, 'could not save the projection checkpoint')), 500);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    for (const reader of this.readers) await reader.stop();
    await this.saveCheckpoints().catch(() => undefined);
  }

  async saveCheckpoints(): Promise<void> {
    for (const [stream, seq] of Object.entries(this.positions)) {
      if (this.saved[stream] === seq) continue;
      await this.checkpoints.updateOne({ _id: Projector.checkpointId(this.store.generation, stream) }, { $set: { seq } }, { upsert: true });
      this.saved[stream] = seq;
    }
  }

  private async handle(stream: string, batch: JsMsg[]): Promise<void> {
    const fresh = batch.filter((msg) => msg.seq > (this.positions[stream] ?? 0));
    if (this.stopped || !fresh.length) return;
    const first = fresh[0]!;
    const last = fresh[fresh.length - 1]!;
    const span = tracer.startSpan(
      `jetstream consume ${stream}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.destination.name': stream,
          'messaging.consumer.group.name': CONSUMER,
          'messaging.batch.message_count': fresh.length,
          'messaging.nats.stream_sequence': first.seq,
          'analytics.last_stream_sequence': last.seq,
        },
      },
      extractTraceContext(first.headers),
    );
    // Each event's own span continues the trace of the request that caused it (one trace from the click to the
    // dashboard), linked to the batch's span that did the work.
    const eventSpans = fresh.map((msg) =>
      tracer.startSpan(
        `jetstream consume ${msg.subject}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: { 'messaging.system': 'nats', 'messaging.destination.name': msg.subject, 'messaging.consumer.group.name': CONSUMER, 'messaging.nats.stream_sequence': msg.seq },
          links: [{ context: span.spanContext() }],
        },
        extractTraceContext(msg.headers),
      ),
    );
    const started = process.hrtime.bigint();
    await context.with(trace.setSpan(context.active(), span), async () => {
      try {
        const events = await this.applyWithRetry(stream, fresh);
        for (const { msg, outcome } of events) messagingMetrics.handled.inc({ consumer: CONSUMER, subject: msg.subject, outcome: outcome === 'poison' ? 'error' : 'ok' });
        span.setAttribute('analytics.applied', events.filter((e) => e.outcome === 'applied').length);
      } catch (error) {
        // Only a bug gets here (storage failures are retried inside); log it rather than end the reading loop.
        this.logger.error({ err: error, stream, fromSequence: first.seq, toSequence: last.seq }, 'analytics projection failed on a batch of events');
      } finally {
        const each = Number(process.hrtime.bigint() - started) / 1e9 / fresh.length;
        for (const msg of fresh) messagingMetrics.duration.observe({ consumer: CONSUMER, subject: msg.subject }, each);
        for (const eventSpan of eventSpans) eventSpan.end();
        span.end();
      }
    });
    if (!this.stopped) {
      this.positions[stream] = last.seq;
      this.lastAppliedAt[stream] = new Date().toISOString();
    }
  }

  /** Storage failures are retried until they pass (the stream waits: order matters); a malformed event is logged and passed over. */
  private async applyWithRetry(stream: string, msgs: JsMsg[]): Promise<BatchEvent[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.markPending(stream, msgs[msgs.length - 1]!.seq);
        return await this.apply(msgs);
      } catch (error) {
        if (this.stopped) return msgs.map((msg) => ({ msg, outcome: 'skipped' }));
        const delay = Math.min(30_000, 250 * 2 ** Math.min(attempt, 7));
        this.logger.warn({ err: error, stream, fromSequence: msgs[0]!.seq, attempt, retryInMs: delay }, 'analytics projection write failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** Saves the position reached and the end of the batch about to be written (one write per batch). */
  private async markPending(stream: string, through: number): Promise<void> {
    const seq = this.positions[stream] ?? 0;
    await this.checkpoints.updateOne({ _id: Projector.checkpointId(this.store.generation, stream) }, { $set: { seq, pendingThrough: through } }, { upsert: true });
    this.saved[stream] = seq;
  }

  private async apply(msgs: JsMsg[]): Promise<BatchEvent[]> {
    const from = msgs[0]!.seq;
    const through = msgs[msgs.length - 1]!.seq;
    const events = msgs.map((msg) => this.decode(msg));
    const keys = [...new Set(events.flatMap((e) => (e.key ? [e.key] : [])))];
    const stored = await this.store.factsOf(keys);
    const facts = new Map<string, { projection: FactProjection; fact: unknown; seq: number; changed: boolean }>();
    const changes: DocChange[] = [];
    for (const event of events) {
      if (!event.key || !event.projection) continue;
      let entry = facts.get(event.key);
      if (!entry) {
        const found = stored.get(event.key);
        facts.set(event.key, (entry = { projection: event.projection, fact: found?.fact ?? null, seq: found?.seq ?? 0, changed: false }));
      }
      // Written by this very batch before a crash: its documents were written before it.
      if (event.msg.seq <= entry.seq) {
        event.outcome = 'unchanged';
        continue;
      }
      try {
        const { projection } = event;
        const next = projection.fold(entry.fact, event.msg.subject, event.data);
        if (!next) {
          event.outcome = 'unchanged';
          continue;
        }
        changes.push(...diffCells(entry.fact ? projection.cells(entry.fact) : [], projection.cells(next)));
        entry.fact = next;
        entry.changed = true;
        event.outcome = 'applied';
      } catch (error) {
        this.poison(event, (error as Error).message);
      }
    }
    // Different documents, each guarded on its own: they may go in parallel; the facts go last.
    await Promise.all(mergeChanges(changes).map((change) => this.store.applyChange(change, from, through)));
    const changed = [...facts].filter(([, entry]) => entry.changed);
    await this.store.rank(...changed.filter(([, entry]) => entry.projection === POINTS_PROJECTION).map(([, entry]) => entry.fact as PointsFact));
    await Promise.all(changed.map(([key, entry]) => this.store.saveFact(key, entry.fact, from, through)));
    return events;
  }

  private decode(msg: JsMsg): BatchEvent {
    const projection = projectionOf(msg.subject);
    if (!projection) return { msg, outcome: 'skipped' };
    const decoded = decodeEvent(msg);
    const event: BatchEvent = { msg, outcome: 'poison' };
    if ('error' in decoded) return this.poison(event, decoded.error);
    try {
      return { msg, projection, key: `${projection.kind}:${projection.idOf(decoded.envelope.data)}`, data: decoded.envelope.data, outcome: 'unchanged' };
    } catch (error) {
      return this.poison(event, (error as Error).message);
    }
  }

  /** Pure domain code failing means the event does not have the shape of its contract: logged and passed over. */
  private poison(event: BatchEvent, reason: string): BatchEvent {
    this.logger.error({ subject: event.msg.subject, streamSequence: event.msg.seq, reason }, 'malformed event passed over by the analytics projection');
    messagingMetrics.deadLettered.inc({ consumer: CONSUMER, subject: event.msg.subject });
    event.outcome = 'poison';
    return event;
  }
}
