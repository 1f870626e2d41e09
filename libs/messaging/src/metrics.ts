import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry } from '@cadre/platform';

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
    help: 'Events found waiting in outboxes at the last sweep',
    labelNames: ['collection'],
    registers: [metricsRegistry],
  }),
  rpcDuration: new Histogram({
    name: 'nats_rpc_handler_duration_seconds',
    help: 'Time a request-reply handler took',
    labelNames: ['pattern'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metricsRegistry],
  }),
};
