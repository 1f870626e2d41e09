import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry } from '@cadre/platform';

/** Where one consumer of a stream stands, as a scrape reads it. */
export interface ConsumerPosition {
  stream: string;
  consumer: string;
  /** Messages in the stream the consumer has not been delivered yet. */
  pending: number;
  /** Delivered, not yet acknowledged (a durable consumer's in-flight work; 0 for a reader that keeps its own position). */
  ackPending: number;
  /** Messages delivered more than once and still unacknowledged (durable consumers). */
  redelivered: number;
}

type PositionSource = () => Promise<ConsumerPosition[]>;
const positionSources = new Set<PositionSource>();

/** Adds a source of consumer positions to every scrape; answers a function that removes it. */
export function reportConsumerPositions(source: PositionSource): () => void {
  positionSources.add(source);
  return () => positionSources.delete(source);
}

async function readPositions(): Promise<ConsumerPosition[]> {
  const all = await Promise.all([...positionSources].map((source) => source().catch(() => [] as ConsumerPosition[])));
  return all.flat();
}

/** One read of every position per scrape, shared by the three gauges below. */
let scrape: Promise<ConsumerPosition[]> | undefined;
function positionsOnce(): Promise<ConsumerPosition[]> {
  scrape ??= readPositions().finally(() => setTimeout(() => (scrape = undefined), 100));
  return scrape;
}

function positionGauge(name: string, help: string, field: 'pending' | 'ackPending' | 'redelivered'): Gauge<'stream' | 'consumer'> {
  return new Gauge({
    name,
    help,
    labelNames: ['stream', 'consumer'],
    registers: [metricsRegistry],
    async collect() {
      this.reset();
      for (const position of await positionsOnce()) this.set({ stream: position.stream, consumer: position.consumer }, position[field]);
    },
  });
}

export const messagingMetrics = {
  handled: new Counter({
    name: 'jetstream_events_handled_total',
    help: 'Events handled by a durable consumer, by outcome',
    labelNames: ['consumer', 'subject', 'outcome'],
    registers: [metricsRegistry],
  }),
  duration: new Histogram({
    name: 'jetstream_handler_duration_seconds',
    help: 'Time an event handler took',
    labelNames: ['consumer', 'subject'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metricsRegistry],
  }),
  redeliveries: new Counter({
    name: 'jetstream_redeliveries_requested_total',
    help: 'Events negatively acknowledged for a later redelivery',
    labelNames: ['consumer', 'subject'],
    registers: [metricsRegistry],
  }),
  deadLettered: new Counter({
    name: 'jetstream_dead_lettered_total',
    help: 'Events moved to the dead-letter stream',
    labelNames: ['consumer', 'subject'],
    registers: [metricsRegistry],
  }),
  outboxBacklog: new Gauge({
    name: 'outbox_backlog_events',
    help: 'Documents marked pending (outbox_pending) at the last sweep: events not yet on JetStream, or writes in flight',
    labelNames: ['collection'],
    registers: [metricsRegistry],
  }),
  rpcDuration: new Histogram({
    name: 'nats_rpc_handler_duration_seconds',
    help: 'Time a request-reply handler took, by outcome (ok, client_error: a 4xx problem, server_error)',
    labelNames: ['pattern', 'outcome'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metricsRegistry],
  }),
  rpcShed: new Counter({
    name: 'rpc_requests_shed_total',
    help: 'Request-reply requests answered 503 without running: deadline passed on arrival (expired), line full (queue_full), waited too long (queue_timeout)',
    labelNames: ['pattern', 'reason'],
    registers: [metricsRegistry],
  }),
  consumerLag: positionGauge('jetstream_consumer_lag_messages', 'Messages in the stream a consumer has not been delivered yet', 'pending'),
  consumerAckPending: positionGauge('jetstream_consumer_ack_pending_messages', 'Messages delivered to a consumer and not yet acknowledged', 'ackPending'),
  consumerRedelivered: positionGauge('jetstream_consumer_redelivered_messages', 'Unacknowledged messages a consumer has had delivered more than once', 'redelivered'),
};
