import { context, SpanKind, trace } from '@opentelemetry/api';
import type { JsMsg, NatsConnection } from 'nats';
import type { mongo } from 'mongoose';
import type { Logger } from 'pino';
import { extractTraceContext, messagingMetrics } from '@cadre/messaging';
import { diffCells } from './domain/cells';
import { MODEL_STREAMS, projectionOf } from './domain/projections';
import type { ModelStore } from './model-store';
import { decodeEvent, StreamReader } from './stream-reader';

const tracer = trace.getTracer('@cadre/service-analytics');
const CONSUMER = 'analytics';

export interface CheckpointDocument {
  _id: string;
  seq: number;
}

/** Where a generation's projection stands on each stream. */
export type Positions = Record<string, number>;

/**
 * Applies the events of the model streams to one generation of the models, in stream order, one at a time. Its
 * position is saved as a checkpoint; after a restart it resumes there, and what it applies again changes nothing:
 * a fact moves only to a newer version, and each model document only to a later stream sequence.
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
      const reader = new StreamReader(this.nc, stream.name);
      this.readers.push(reader);
      await reader.follow(this.positions[stream.name]! + 1, (msg) => this.handle(stream.name, msg));
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

  private async handle(stream: string, msg: JsMsg): Promise<void> {
    if (this.stopped || msg.seq <= (this.positions[stream] ?? 0)) return;
    const span = tracer.startSpan(
      `jetstream consume ${msg.subject}`,
      { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': msg.subject, 'messaging.consumer.group.name': CONSUMER, 'messaging.nats.stream_sequence': msg.seq } },
      extractTraceContext(msg.headers),
    );
    const started = process.hrtime.bigint();
    await context.with(trace.setSpan(context.active(), span), async () => {
      try {
        const outcome = await this.applyWithRetry(msg);
        span.setAttribute('analytics.outcome', outcome);
        messagingMetrics.handled.inc({ consumer: CONSUMER, subject: msg.subject, outcome: outcome === 'poison' ? 'error' : 'ok' });
      } catch (error) {
        // Only a bug gets here (storage failures are retried inside); log it rather than end the reading loop.
        this.logger.error({ err: error, subject: msg.subject, streamSequence: msg.seq }, 'analytics projection failed on an event');
      } finally {
        messagingMetrics.duration.observe({ consumer: CONSUMER, subject: msg.subject }, Number(process.hrtime.bigint() - started) / 1e9);
        span.end();
      }
    });
    if (!this.stopped) {
      this.positions[stream] = msg.seq;
      this.lastAppliedAt[stream] = new Date().toISOString();
    }
  }

  /** Storage failures are retried until they pass (the stream waits: order matters); a malformed event is logged and passed over. */
  private async applyWithRetry(msg: JsMsg): Promise<'applied' | 'unchanged' | 'skipped' | 'poison'> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.apply(msg);
      } catch (error) {
        if (error instanceof MalformedEvent) {
          this.logger.error({ subject: msg.subject, streamSequence: msg.seq, reason: error.message }, 'malformed event passed over by the analytics projection');
          messagingMetrics.deadLettered.inc({ consumer: CONSUMER, subject: msg.subject });
          return 'poison';
        }
        if (this.stopped) return 'skipped';
        const delay = Math.min(30_000, 250 * 2 ** Math.min(attempt, 7));
        this.logger.warn({ err: error, subject: msg.subject, streamSequence: msg.seq, attempt, retryInMs: delay }, 'analytics projection write failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async apply(msg: JsMsg): Promise<'applied' | 'unchanged' | 'skipped'> {
    const projection = projectionOf(msg.subject);
    if (!projection) return 'skipped';
    const decoded = decodeEvent(msg);
    if ('error' in decoded) throw new MalformedEvent(decoded.error);
    const { data } = decoded.envelope;
    const key = `${projection.kind}:${pure(() => projection.idOf(data))}`;
    const fact = await this.store.fact(key);
    const next = pure(() => projection.fold(fact, msg.subject, data));
    if (!next) return 'unchanged';
    const changes = pure(() => diffCells(fact ? projection.cells(fact) : [], projection.cells(next)));
    // Different documents, each guarded on its own: they may go in parallel; the fact goes last.
    await Promise.all(changes.map((change) => this.store.applyChange(change, msg.seq)));
    if (projection.kind === 'p') await this.store.rank(next as never);
    await this.store.saveFact(key, next, msg.seq);
    return 'applied';
  }
}

class MalformedEvent extends Error {}

/** Pure domain code failing means the event does not have the shape of its contract. */
function pure<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new MalformedEvent((error as Error).message);
  }
}
