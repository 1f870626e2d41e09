import { JSONCodec, connect, type JetStreamClient, type NatsConnection, type PubAck } from 'nats';
import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { EventEnvelope, StreamSpec } from '@cadre/contracts';
import { ensureStream, type EnsureStreamOptions } from './streams';
import { injectTraceHeaders } from './trace-context';
import { natsOptions } from './nats-options';

const codec = JSONCodec();
const tracer = trace.getTracer('@cadre/messaging');

export interface PublishOptions {
  /** Trace context captured when the event was made (outbox); otherwise the active context is used. */
  traceCarrier?: Record<string, string>;
}

/**
 * Publishes envelopes to JetStream with `msgID = eventId`, so a re-publication inside the stream's
 * duplicate window is dropped by the server, and with the W3C trace context in the headers.
 */
export class EventPublisher {
  private js?: JetStreamClient;

  constructor(private readonly nc: NatsConnection, private readonly streams: readonly StreamSpec[] = [], private readonly streamOptions: EnsureStreamOptions = {}) {}

  static async connect(servers: string, name: string, streams: readonly StreamSpec[] = []): Promise<EventPublisher> {
    const nc = await connect({ ...natsOptions(servers), name, maxReconnectAttempts: -1 });
    const publisher = new EventPublisher(nc, streams);
    await publisher.init();
    return publisher;
  }

  get connection(): NatsConnection {
    return this.nc;
  }

  async init(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    for (const stream of this.streams) await ensureStream(jsm, stream, this.streamOptions);
    this.js = this.nc.jetstream();
  }

  async publish(subject: string, envelope: EventEnvelope, options: PublishOptions = {}): Promise<PubAck> {
    const js = this.js ?? (this.js = this.nc.jetstream());
    const parent = options.traceCarrier ? propagation.extract(ROOT_CONTEXT, options.traceCarrier) : context.active();
    const span = tracer.startSpan(
      `jetstream publish ${subject}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject, 'messaging.message.id': envelope.eventId },
      },
      parent,
    );
    try {
      const headers = injectTraceHeaders(undefined, trace.setSpan(parent, span));
      const ack = await js.publish(subject, codec.encode(envelope), { msgID: envelope.eventId, headers });
      if (ack.duplicate) span.setAttribute('messaging.nats.duplicate', true);
      return ack;
    } catch (error) {
      span.recordException(error as Error);
      throw error;
    } finally {
      span.end();
    }
  }

  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}
