import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Job, Queue } from 'bullmq';
import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry } from './health';

const tracer = trace.getTracer('@cadre/platform/jobs');

const DEPTH_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed', 'waiting-children'] as const;
const queues = new Set<Queue>();

const jobMetrics = {
  depth: new Gauge({
    name: 'bullmq_queue_jobs',
    help: 'Jobs in a BullMQ queue by state, read at each scrape',
    labelNames: ['queue', 'state'],
    registers: [metricsRegistry],
    async collect() {
      this.reset();
      for (const queue of queues) {
        const counts = await queue.getJobCounts(...DEPTH_STATES).catch(() => undefined);
        for (const state of DEPTH_STATES) if (counts) this.set({ queue: queue.name, state }, counts[state] ?? 0);
      }
    },
  }),
  duration: new Histogram({
    name: 'bullmq_job_duration_seconds',
    help: 'Time a BullMQ job took to process, by outcome',
    labelNames: ['queue', 'job', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [metricsRegistry],
  }),
  failures: new Counter({
    name: 'bullmq_job_failures_total',
    help: 'Failed BullMQ job attempts; final="true" when no attempt is left (the job stays failed)',
    labelNames: ['queue', 'job', 'final'],
    registers: [metricsRegistry],
  }),
};

/** Adds a queue's depth to every scrape. */
export function reportQueueDepth(queue: Queue): () => void {
  queues.add(queue);
  return () => queues.delete(queue);
}

/** Runs a job's work inside a span named for the job (`bullmq process recompute-cadre`), timed and counted. */
export async function processTraced<T>(job: Job, work: () => Promise<T>): Promise<T> {
  const attempt = job.attemptsMade + 1;
  const labels = { queue: job.queueName, job: job.name };
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  return tracer.startActiveSpan(
    `bullmq process ${job.name}`,
    { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'bullmq', 'messaging.destination.name': job.queueName, 'messaging.message.id': job.id ?? '', 'bullmq.job.attempt': attempt } },
    async (span) => {
      try {
        const result = await work();
        jobMetrics.duration.observe({ ...labels, outcome: 'completed' }, seconds());
        return result;
      } catch (error) {
        jobMetrics.duration.observe({ ...labels, outcome: 'failed' }, seconds());
        jobMetrics.failures.inc({ ...labels, final: String(attempt >= (job.opts.attempts ?? 1)) });
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
