/**
 * Operations end to end: one trace across every service, trace ids on errors, and each service's metrics.
 *
 * All seven services run from their build against a private NATS with JetStream, Redis and FerretDB, exporting
 * their spans over OTLP/HTTP to a receiver inside this test (as they would to the OpenTelemetry Collector).
 * Verifying one record (the assessor's confirmation) must give a single connected trace: the gateway's request,
 * the records service's handler and its MongoDB calls, the JetStream event, scoring's consumer and the BullMQ job
 * it enqueues (with its Redis calls), and the consumers of analytics, notifications and appraisal (a durable consumer
 * of RECORDS takes every event of the stream, and its span is there whether or not it acts on it). A failed request's problem carries a trace id that
 * the receiver has spans for. Every service's operations port serves the metric families the runbook names.
 */
import type { Problem, RecordDetailView } from '@cadre/contracts';
import { startOtlpReceiver, startPlatform, waitUntil, type OtlpReceiver, type Platform, type PlatformService, type ReceivedSpan, type Reply } from '@cadre/testing';

jest.setTimeout(240_000);

const VERSION = '9.9.9-ops-test';
const SPAN_KIND = { server: 2, client: 3, producer: 4, consumer: 5 } as const;

function expectStatus<T>(reply: Reply<T>, status: number): T {
  if (reply.status !== status) throw new Error(`expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)?.slice(0, 600)}`);
  return reply.body;
}

const traceIdOf = (reply: Reply) => {
  const id = reply.headers.get('x-trace-id');
  if (!id || !/^[0-9a-f]{32}$/.test(id)) throw new Error(`no trace id on the answer: ${id}`);
  return id;
};

/** Spans whose parent is not in the trace (only the root should be). */
const orphans = (spans: ReceivedSpan[]) => {
  const ids = new Set(spans.map((span) => span.spanId));
  return spans.filter((span) => span.parentSpanId && !ids.has(span.parentSpanId));
};

const describeTrace = (spans: ReceivedSpan[]) => spans.map((span) => `${span.service}: ${span.name}`).sort().join('\n');

describe('operations: traces and metrics across the running system', () => {
  let receiver: OtlpReceiver;
  let platform: Platform;
  let cadre: { token: string; id: string };
  let reviewer: string;
  let assessor: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    platform = await startPlatform({
      name: 'ops-e2e',
      env: () => ({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_TRACES_SAMPLER: 'parentbased_always_on', SERVICE_VERSION: VERSION }),
    });
    const root = await platform.rootDepartment();
    const district = await platform.createDepartment('甲区', 'OPSDIST', root.id);
    const filer = await platform.createUser('opscadre', { departmentId: district.id, roles: ['cadre'], name: '干部甲' });
    cadre = { token: filer.token, id: filer.user.id };
    const reviewerUser = await platform.createUser('opsreviewer', { departmentId: district.id, roles: ['reviewer'], name: '审核员' });
    const assessorUser = await platform.createUser('opsassessor', { departmentId: root.id, roles: ['assessor'], name: '研判员' });
    reviewer = reviewerUser.token;
    assessor = assessorUser.token;
    await platform.replicasKnow([filer.user.id, reviewerUser.user.id, assessorUser.user.id]);
  });

  afterAll(async () => {
    await platform?.stop();
    await receiver?.close();
  });

  async function submittedRecord(): Promise<RecordDetailView> {
    const record = expectStatus(
      await platform.as(cadre.token).post<RecordDetailView>('/records', {
        itemCode: 'INVEST-03',
        title: '引进区域总部',
        description: '牵头洽谈，促成签约落地。',
        periodStart: `${new Date().getUTCFullYear()}-01-01`,
        periodEnd: `${new Date().getUTCFullYear()}-01-31`,
        impactLevel: 'city',
      }),
      201,
    );
    expectStatus(await platform.as(cadre.token).post(`/records/${record.id}/submit`), 200);
    return record;
  }

  /** Waits until the trace holds spans matching every `wanted` predicate and is connected (one root). */
  async function traceWith(traceId: string, wanted: Record<string, (span: ReceivedSpan) => boolean>): Promise<ReceivedSpan[]> {
    let spans: ReceivedSpan[] = [];
    try {
      return await waitUntil(
        () => {
          spans = receiver.trace(traceId);
          const complete = Object.values(wanted).every((matches) => spans.some(matches));
          return complete && orphans(spans).length === 0 ? spans : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 200, what: `trace ${traceId} to be complete` },
      );
    } catch (error) {
      const missing = Object.entries(wanted)
        .filter(([, matches]) => !spans.some(matches))
        .map(([name]) => name);
        process.stderr.write(JSON.stringify(spans.filter((s) => s.service === 'records'), null, 1));
      throw new Error(`${(error as Error).message}\nmissing: ${missing.join(', ')}\norphans: ${orphans(spans).map((s) => s.name).join(', ')}\nspans:\n${describeTrace(spans)}`);
    }
  }

  it('follows the verification of one record from the gateway through records, scoring (consumer and job) and analytics in one trace', async () => {
    const record = await submittedRecord();
    const reviewed = await platform.as(reviewer).post<RecordDetailView>(`/records/${record.id}/review`, { decision: 'approve', comment: '情况属实' });
    expectStatus(reviewed, 200);
    const reviewSpans = await traceWith(traceIdOf(reviewed), {
      'gateway request': (s) => s.service === 'gateway' && s.kind === SPAN_KIND.server && s.name === 'POST /api/v1/records/:id/review',
      'records.review': (s) => s.service === 'records' && s.name === 'records.review',
    });
    expect(reviewSpans.filter((s) => !s.parentSpanId)).toHaveLength(1);

    const verified = await platform.as(assessor).post<RecordDetailView>(`/records/${record.id}/assess`, { decision: 'confirm', comment: '予以认定', rating: 'good' });
    expect(expectStatus(verified, 200).status).toBe('verified');
    const traceId = traceIdOf(verified);

    const spans = await traceWith(traceId, {
      'gateway http server span': (s) => s.service === 'gateway' && s.kind === SPAN_KIND.server && s.name === 'POST /api/v1/records/:id/assess',
      'gateway rpc client span': (s) => s.service === 'gateway' && s.kind === SPAN_KIND.client && s.name === 'records.assess request',
      'records handler': (s) => s.service === 'records' && s.kind === SPAN_KIND.server && s.name === 'records.assess',
      'records MongoDB call': (s) => s.service === 'records' && s.attributes['db.system.name'] === 'mongodb',
      'records event published': (s) => s.service === 'records' && s.kind === SPAN_KIND.producer && s.name === 'jetstream publish records.record.verified',
      'scoring consumer': (s) => s.service === 'scoring' && s.kind === SPAN_KIND.consumer && s.name === 'jetstream consume records.record.verified',
      'scoring BullMQ job': (s) => s.service === 'scoring' && s.name === 'bullmq process recompute-cadre',
      'scoring Redis call': (s) => s.service === 'scoring' && s.attributes['db.system.name'] === 'redis',
      'scoring MongoDB call': (s) => s.service === 'scoring' && s.attributes['db.system.name'] === 'mongodb',
      'scoring event published': (s) => s.service === 'scoring' && s.name === 'jetstream publish scoring.score.updated',
      'analytics consumer (record)': (s) => s.service === 'analytics' && s.name === 'jetstream consume records.record.verified',
      'analytics consumer (score)': (s) => s.service === 'analytics' && s.name === 'jetstream consume scoring.score.updated',
      'notifications consumer (record)': (s) => s.service === 'notifications' && s.kind === SPAN_KIND.consumer && s.name === 'jetstream consume records.record.verified',
      'notifications consumer (score)': (s) => s.service === 'notifications' && s.name === 'jetstream consume scoring.score.updated',
      'appraisal consumer (record)': (s) => s.service === 'appraisal' && s.kind === SPAN_KIND.consumer && s.name === 'jetstream consume records.record.verified',
    });

    // One trace with one root (the gateway's request); every other span hangs off a span of the same trace.
    const roots = spans.filter((s) => !s.parentSpanId);
    expect(roots.map((s) => `${s.service}: ${s.name}`)).toEqual(['gateway: POST /api/v1/records/:id/assess']);
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['gateway', 'records', 'scoring', 'analytics', 'notifications', 'appraisal']));
    // The job runs under the consumer that enqueued it: walk up from the job to the scoring consumer.
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const ancestors = (span: ReceivedSpan) => {
      const chain: string[] = [];
      for (let at = span.parentSpanId ? byId.get(span.parentSpanId) : undefined; at; at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined) chain.push(`${at.service}: ${at.name}`);
      return chain;
    };
    const job = spans.find((s) => s.name === 'bullmq process recompute-cadre')!;
    expect(ancestors(job)).toEqual(expect.arrayContaining(['scoring: jetstream consume records.record.verified', 'records: records.assess', 'gateway: POST /api/v1/records/:id/assess']));
    // Every span names its service's version (SERVICE_VERSION).
    expect(spans.filter((s) => s.serviceVersion !== VERSION)).toEqual([]);
  });

  it('puts a trace id on a failed request’s problem, and the spans of that trace reach the service that refused', async () => {
    const record = await submittedRecord();
    // A cadre may not review: the records service (which owns the rule) answers 403.
    const refused = await platform.as(cadre.token).post<Problem>(`/records/${record.id}/review`, { decision: 'approve', comment: '' });
    expect(refused.status).toBe(403);
    expect(refused.body.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(refused.headers.get('x-trace-id')).toBe(refused.body.traceId);
    const spans = await traceWith(refused.body.traceId!, {
      gateway: (s) => s.service === 'gateway' && s.name === 'POST /api/v1/records/:id/review',
      records: (s) => s.service === 'records' && s.name === 'records.review' && s.attributes['rpc.problem.status'] === 403,
    });
    expect(spans.every((s) => s.traceId === refused.body.traceId)).toBe(true);

    // A malformed request stopped at the gateway still has its trace.
    const invalid = await platform.as(reviewer).post<Problem>(`/records/${record.id}/review`, { decision: 'maybe' });
    expect(invalid.status).toBe(400);
    await traceWith(invalid.body.traceId!, { gateway: (s) => s.service === 'gateway' && s.name === 'POST /api/v1/records/:id/review' });
  });

  describe('metrics on each operations port', () => {
    const scrape = async (service: PlatformService) => {
      const response = await fetch(`http://127.0.0.1:${platform.services[service].opsPort}/metrics`);
      expect(response.status).toBe(200);
      return response.text();
    };
    const families = (text: string) => new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    /** The value of the first sample of `name` whose labels include every `labels` pair. */
    const sample = (text: string, name: string, labels: Record<string, string>) => {
      for (const line of text.split('\n')) {
        const match = /^(\S+?)(?:\{(.*)\})? (\S+)$/.exec(line);
        if (!match || match[1] !== name) continue;
        const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
        if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
      }
      return undefined;
    };

    const PROCESS = ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes'];
    const MESSAGING = [
      'nats_rpc_handler_duration_seconds',
      'jetstream_events_handled_total',
      'jetstream_handler_duration_seconds',
      'jetstream_redeliveries_requested_total',
      'jetstream_dead_lettered_total',
      'jetstream_consumer_lag_messages',
      'jetstream_consumer_ack_pending_messages',
      'jetstream_consumer_redelivered_messages',
      'outbox_backlog_events',
    ];

    it('the gateway: HTTP latency and errors by route, on port 9100-style ops port only', async () => {
      const text = await scrape('gateway');
      for (const family of ['http_server_request_duration_seconds', ...PROCESS]) expect(families(text)).toContain(family);
      expect(sample(text, 'http_server_request_duration_seconds_count', { method: 'POST', route: '/api/v1/records/:id/review', status_code: '403' })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'http_server_request_duration_seconds_count', { method: 'POST', route: '/api/v1/records/:id/assess', status_code: '200' })).toBeGreaterThanOrEqual(1);
      // The public port does not expose the metrics.
      const publicScrape = await fetch(`http://127.0.0.1:${platform.services.gateway.port}/metrics`);
      expect(publicScrape.status).toBe(404);
    });

    it('records: NATS handler latency by outcome, consumers, outbox backlog, process', async () => {
      const text = await scrape('records');
      for (const family of [...MESSAGING, ...PROCESS]) expect(families(text)).toContain(family);
      expect(sample(text, 'nats_rpc_handler_duration_seconds_count', { pattern: 'rpc.records.record.review', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'nats_rpc_handler_duration_seconds_count', { pattern: 'rpc.records.record.review', outcome: 'client_error' })).toBeGreaterThanOrEqual(1);
    });

    it('scoring: JetStream consumer lag, BullMQ queue depth, job durations and failures', async () => {
      const text = await waitUntil(
        async () => {
          const body = await scrape('scoring');
          return sample(body, 'jetstream_consumer_lag_messages', { stream: 'RECORDS', consumer: 'scoring' }) === 0 ? body : undefined;
        },
        { timeoutMs: 30_000, what: 'scoring to have consumed RECORDS' },
      );
      for (const family of [...MESSAGING, ...PROCESS, 'bullmq_queue_jobs', 'bullmq_job_duration_seconds', 'bullmq_job_failures_total']) expect(families(text)).toContain(family);
      expect(sample(text, 'jetstream_events_handled_total', { consumer: 'scoring', subject: 'records.record.verified', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'bullmq_job_duration_seconds_count', { job: 'recompute-cadre', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'bullmq_queue_jobs', { state: 'waiting' })).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'bullmq_queue_jobs', { state: 'failed' })).toBe(0);
    });

    it('analytics and tasks: consumer lag from their positions, handler metrics, the deadline queue, process', async () => {
      const analytics = await waitUntil(
        async () => {
          const body = await scrape('analytics');
          return sample(body, 'jetstream_consumer_lag_messages', { stream: 'SCORING', consumer: 'analytics' }) === 0 ? body : undefined;
        },
        { timeoutMs: 30_000, what: 'analytics to have read SCORING' },
      );
      for (const family of [...MESSAGING, ...PROCESS]) expect(families(analytics)).toContain(family);
      expect(sample(analytics, 'jetstream_consumer_lag_messages', { stream: 'RECORDS', consumer: 'analytics' })).toBe(0);
      const tasks = await scrape('tasks');
      for (const family of [...MESSAGING, ...PROCESS, 'bullmq_queue_jobs', 'bullmq_job_duration_seconds', 'bullmq_job_failures_total']) expect(families(tasks)).toContain(family);
      // Bidding deadlines are delayed BullMQ jobs: their queue's depth is reported by state.
      expect(sample(tasks, 'bullmq_queue_jobs', { queue: 'bidding-deadlines', state: 'delayed' })).toBe(0);
    });

    it('appraisal: its durable consumer of RECORDS caught up, handler metrics, process', async () => {
      const text = await waitUntil(
        async () => {
          const body = await scrape('appraisal');
          return sample(body, 'jetstream_consumer_lag_messages', { stream: 'RECORDS', consumer: 'appraisal' }) === 0 ? body : undefined;
        },
        { timeoutMs: 30_000, what: 'appraisal to have consumed RECORDS' },
      );
      for (const family of [...MESSAGING, ...PROCESS]) expect(families(text)).toContain(family);
    });
  });
});
