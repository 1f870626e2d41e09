import { CustomTransportStrategy, EventPattern, Server, type MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import {
  AckPolicy,
  DeliverPolicy,
  JSONCodec,
  connect,
  headers as natsHeaders,
  nanos,
  type ConsumerMessages,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
} from 'nats';
import { context, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import type { Logger } from 'pino';
import {
  DEAD_LETTER_STREAM,
  deadLetterSubject,
  parseEnvelope,
  streamForSubject,
  subjectMatches,
  type EventEnvelope,
  type StreamSpec,
} from '@cadre/contracts';
import { DocumentLocks } from '@cadre/platform';
import { ensureStream, isNotFound } from './streams';
import { natsOptions } from './nats-options';
import { extractTraceContext } from './trace-context';
import { messagingMetrics, reportConsumerPositions, type ConsumerPosition } from './metrics';

const codec = JSONCodec();
const tracer = trace.getTracer('@cadre/messaging');

/** Marks handlers for the JetStream transport only, so core NATS never delivers the same event at most once beside it. */
export const JETSTREAM_TRANSPORT = Symbol('JETSTREAM_TRANSPORT');

/** `@EventPattern` for a durable JetStream subscription: acked after the handler succeeds, retried, dead-lettered. */
export const DurableEvent = (subject: string): MethodDecorator => EventPattern(subject, JETSTREAM_TRANSPORT);

export interface JetStreamServerOptions {
  servers: string;
  /** The consuming service; names the durable consumers (`<durable>` on each stream) and dead letters. */
  durable: string;
  /** Streams the handlers' patterns may belong to (default: every producer's stream from the contracts). */
  streams?: readonly StreamSpec[];
  /** Deliveries before a message that keeps failing goes to the dead-letter subject. */
  maxDeliver?: number;
  /** Delay before each redelivery after a failure, by attempt; the last value repeats. */
  backoffMs?: number[];
  /**
   * How long the server waits for an ack before redelivering (default 15 s). A handler at work tells the server so
   * every third of it, so only the messages of a dead consumer come back.
   */
  ackWaitMs?: number;
  /**
   * Messages pulled ahead (default 32). Those a killed process held come back only after `ack_wait`, and each
   * waits its turn in the handler loop with its ack clock running: few, so a crash strands few and none expires
   * in the queue.
   */
  batch?: number;
  /**
   * Messages handled at once (default 1: one after another). Above 1, messages with the same `orderKey` still go
   * one after another, in stream order; the handlers must not depend on order across keys.
   */
  concurrency?: number;
  /** The key within which order is kept (an event's aggregate); messages without one are ordered with each other. */
  orderKey?: (data: unknown) => string | undefined;
  logger: Logger;
}

/** What a handler gets beside the envelope. */
export class JetStreamContext {
  constructor(readonly msg: JsMsg) {}

  get subject(): string {
    return this.msg.subject;
  }
  get deliveryCount(): number {
    return this.msg.info.deliveryCount;
  }
  get streamSequence(): number {
    return this.msg.seq;
  }
}

/**
 * A NestJS transport over JetStream durable pull consumers, so handlers keep `@EventPattern(subject)`.
 * One durable consumer per stream the handlers listen on; explicit ack after the handler succeeds; on a
 * failure `nak` with backoff; after `maxDeliver` failed deliveries the message is copied to
 * `deadletter.<durable>.<subject>`, logged, and terminated. Messages with no handler are acked and skipped.
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  private nc?: NatsConnection;
  private readonly subscriptions: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];
  private readonly maxDeliver: number;
  private readonly backoffMs: number[];
  /** Messages handled at once; above 1, in order within their order key. */
  private readonly width: number;
  private readonly ordered = new DocumentLocks();
  private stopReporting?: () => void;

  constructor(private readonly options: JetStreamServerOptions) {
    super();
    this.transportId = JETSTREAM_TRANSPORT;
    this.maxDeliver = options.maxDeliver ?? 5;
    this.backoffMs = options.backoffMs ?? [1_000, 5_000, 15_000, 30_000];
    this.width = Math.max(1, options.concurrency ?? 1);
  }

  private get ackWaitMs(): number {
    return this.options.ackWaitMs ?? 15_000;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.nc = await connect({ ...natsOptions(this.options.servers), name: `${this.options.durable}-consumer`, maxReconnectAttempts: -1 });
      const jsm = await this.nc.jetstreamManager();
      await ensureStream(jsm, DEAD_LETTER_STREAM);
      const streams = this.streamsWithHandlers();
      this.stopReporting = reportConsumerPositions(() => this.positions(jsm, streams));
      for (const stream of streams) {
        await ensureStream(jsm, stream);
        await this.ensureConsumer(jsm, stream);
        const consumer = await this.nc.jetstream().consumers.get(stream.name, this.options.durable);
        const messages = await consumer.consume({ max_messages: this.options.batch ?? 32 });
        this.subscriptions.push(messages);
        this.loops.push(this.run(messages));
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** The durable consumers' positions, as the server keeps them (for the lag gauges). */
  private async positions(jsm: JetStreamManager, streams: StreamSpec[]): Promise<ConsumerPosition[]> {
    return Promise.all(
      streams.map(async (stream) => {
        const info = await jsm.consumers.info(stream.name, this.options.durable);
        return { stream: stream.name, consumer: this.options.durable, pending: info.num_pending, ackPending: info.num_ack_pending, redelivered: info.num_redelivered };
      }),
    );
  }

  private streamsWithHandlers(): StreamSpec[] {
    const streams = this.options.streams ?? undefined;
    const found = new Map<string, StreamSpec>();
    for (const [pattern, handler] of this.messageHandlers) {
      if (!handler.isEventHandler) continue;
      const stream = streamForSubject(pattern, streams);
      if (!stream) throw new Error(`No stream covers the event pattern "${pattern}"`);
      found.set(stream.name, stream);
    }
    return [...found.values()];
  }

  private async ensureConsumer(jsm: JetStreamManager, stream: StreamSpec): Promise<void> {
    const config = {
      durable_name: this.options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(this.ackWaitMs),
      // Unlimited on the server: the bound is enforced here, after which the message is dead-lettered; if the
      // dead-letter write fails, the server must still redeliver so the message is never stranded.
      max_deliver: -1,
      max_ack_pending: 1_000,
    };
    try {
      await jsm.consumers.info(stream.name, this.options.durable);
      await jsm.consumers.update(stream.name, this.options.durable, {
        ack_wait: config.ack_wait,
        max_deliver: config.max_deliver,
        max_ack_pending: config.max_ack_pending,
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await jsm.consumers.add(stream.name, config);
    }
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    for await (const msg of messages) {
      // The next message is taken only when a slot is free, so no more than `width` wait on the handlers.
      while (inFlight.size >= this.width) await Promise.race(inFlight);
      const work = this.ordered.run('order', this.orderKeyOf(msg), () => this.handleSafely(msg));
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    }
    await Promise.allSettled(inFlight);
  }

  private async handleSafely(msg: JsMsg): Promise<void> {
    try {
      await this.handle(msg);
    } catch (error) {
      // Never let one message end the loop: left unacked, it is redelivered after ack_wait.
      this.options.logger.error({ err: error, subject: msg.subject, streamSequence: msg.seq }, 'event handling broke down; the message will be redelivered');
    }
  }

  /** The message's order key; any message it cannot be read from shares one key (handled in order). */
  private orderKeyOf(msg: JsMsg): string {
    if (!this.options.orderKey || this.width === 1) return '';
    try {
      return this.options.orderKey((codec.decode(msg.data) as { data?: unknown }).data) ?? '';
    } catch {
      return '';
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    const parentContext = extractTraceContext(msg.headers);
    const span = tracer.startSpan(
      `jetstream consume ${msg.subject}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.destination.name': msg.subject,
          'messaging.consumer.group.name': this.options.durable,
          'messaging.nats.delivery_count': msg.info.deliveryCount,
        },
      },
      parentContext,
    );
    const started = process.hrtime.bigint();
    const working = setInterval(() => msg.working(), this.ackWaitMs / 3);
    try {
      await this.handleTraced(msg, span, parentContext, started);
    } finally {
      clearInterval(working);
    }
  }

  private async handleTraced(msg: JsMsg, span: Span, parentContext: Context, started: bigint): Promise<void> {
    await context.with(trace.setSpan(parentContext, span), async () => {
      const handler = this.eventHandlerFor(msg.subject);
      if (!handler) {
        msg.ack();
        span.setAttribute('messaging.skipped', true);
        span.end();
        return;
      }
      let envelope: EventEnvelope;
      try {
        envelope = this.decode(msg);
        span.setAttribute('messaging.message.id', envelope.eventId);
        await this.invoke(handler, envelope, new JetStreamContext(msg));
        msg.ack();
        messagingMetrics.handled.inc({ consumer: this.options.durable, subject: msg.subject, outcome: 'ok' });
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        messagingMetrics.handled.inc({ consumer: this.options.durable, subject: msg.subject, outcome: 'error' });
        await this.onFailure(msg, error);
      } finally {
        messagingMetrics.duration.observe({ consumer: this.options.durable, subject: msg.subject }, Number(process.hrtime.bigint() - started) / 1e9);
        span.end();
      }
    });
  }

  /** The handler for a subject: an exact pattern first, then a wildcard one (`records.record.*`, `records.>`). */
  private eventHandlerFor(subject: string): MessageHandler | undefined {
    const exact = this.getHandlerByPattern(subject);
    if (exact?.isEventHandler) return exact;
    for (const [pattern, handler] of this.messageHandlers) {
      if (handler.isEventHandler && subjectMatches(pattern, subject)) return handler;
    }
    return undefined;
  }

  private decode(msg: JsMsg): EventEnvelope {
    let body: unknown;
    try {
      body = codec.decode(msg.data);
    } catch {
      throw new PoisonMessageError('the message is not JSON');
    }
    const parsed = parseEnvelope(body);
    if ('error' in parsed) throw new PoisonMessageError(`not an event envelope: ${parsed.error}`);
    return parsed.envelope;
  }

  private async invoke(handler: MessageHandler, envelope: EventEnvelope, ctx: JetStreamContext): Promise<void> {
    const result = await handler(envelope, ctx);
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }

  private async onFailure(msg: JsMsg, error: unknown): Promise<void> {
    const attempt = msg.info.deliveryCount;
    const reason = describe(error);
    if (error instanceof PoisonMessageError || attempt >= this.maxDeliver) {
      await this.deadLetter(msg, reason, attempt);
      return;
    }
    const delay = this.backoffMs[Math.min(attempt - 1, this.backoffMs.length - 1)] ?? 0;
    messagingMetrics.redeliveries.inc({ consumer: this.options.durable, subject: msg.subject });
    this.options.logger.warn({ subject: msg.subject, attempt, retryInMs: delay, reason }, 'event handler failed; will retry');
    msg.nak(delay);
  }

  private async deadLetter(msg: JsMsg, reason: string, attempt: number): Promise<void> {
    const headers = natsHeaders();
    for (const key of msg.headers?.keys() ?? []) headers.set(key, msg.headers!.get(key));
    headers.set('Dead-Letter-Reason', headerValue(reason));
    headers.set('Dead-Letter-Deliveries', String(attempt));
    headers.set('Dead-Letter-Stream-Sequence', String(msg.seq));
    headers.set('Dead-Letter-Subject', msg.subject);
    try {
      await this.nc!.jetstream().publish(deadLetterSubject(this.options.durable, msg.subject), msg.data, {
        headers,
        msgID: `${this.options.durable}:${msg.info.stream}:${msg.seq}`,
      });
    } catch (publishError) {
      // Not terminated: the server redelivers until the dead letter can be written, so nothing is lost.
      this.options.logger.error({ subject: msg.subject, reason, err: publishError }, 'could not dead-letter the event; leaving it for redelivery');
      msg.nak(this.backoffMs[this.backoffMs.length - 1]);
      return;
    }
    messagingMetrics.deadLettered.inc({ consumer: this.options.durable, subject: msg.subject });
    this.options.logger.error({ subject: msg.subject, attempt, reason, streamSequence: msg.seq }, 'event dead-lettered after failed deliveries');
    msg.term(reason.slice(0, 200));
  }

  on(): never {
    throw new Error('JetStreamServer does not support event listeners');
  }

  unwrap<T>(): T {
    if (!this.nc) throw new Error('JetStreamServer is not listening');
    return this.nc as T;
  }

  async close(): Promise<void> {
    this.stopReporting?.();
    for (const subscription of this.subscriptions) subscription.stop();
    await Promise.allSettled(this.loops);
    if (this.nc && !this.nc.isClosed()) await this.nc.drain();
    this.subscriptions.length = 0;
    this.loops.length = 0;
  }
}

/** A message no retry can fix (not JSON, not an envelope): dead-lettered at once. */
export class PoisonMessageError extends Error {}

/** NATS header values may not hold CR or LF. */
function headerValue(text: string): string {
  return text.replace(/[\r\n]+\s*/g, ' ').slice(0, 1_000);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const candidate = error as { detail?: string; message?: string; title?: string };
    return candidate.detail ?? candidate.message ?? candidate.title ?? JSON.stringify(error);
  }
  return String(error);
}
