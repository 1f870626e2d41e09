import 'reflect-metadata';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern } from '@nestjs/microservices';
import { JSONCodec, headers, type NatsConnection } from 'nats';
import pino from 'pino';
import { DEADLINE_HEADER, RpcClient, TracingNatsServer, messagingMetrics, type AdmissionLimits } from '@cadre/messaging';
import { RpcProblemFilter } from '@cadre/platform';
import { startConnectedNats, waitUntil, type ConnectedNats, type NatsServerHandle } from '@cadre/testing';

jest.setTimeout(60_000);

let executions = 0;
let running = 0;
let mostAtOnce = 0;

@Controller()
class SlowController {
  @MessagePattern('rpc.slow.work.do')
  async work(request: { payload: { ms: number } }) {
    executions++;
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    await new Promise((resolve) => setTimeout(resolve, request.payload.ms));
    running--;
    return { done: true };
  }

  @MessagePattern('rpc.slow.health')
  health() {
    return { status: 'ok' };
  }
}

@Module({ controllers: [SlowController] })
class SlowModule {}

interface Outcome {
  ok: boolean;
  status?: number;
  retryAfter?: number;
  ms: number;
}

describe('Admission control of request-reply handlers (private NATS)', () => {
  let bus: ConnectedNats | undefined;
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let app: INestMicroservice;
  let client: RpcClient;

  async function startServer(limits: AdmissionLimits) {
    app = await NestFactory.createMicroservice(SlowModule, { strategy: new TracingNatsServer({ servers: [nats.url], queue: 'slow' } as never, limits), logger: false });
    app.useGlobalFilters(new RpcProblemFilter(pino({ level: 'silent' })));
    await app.listen();
    // The server's subscriptions reach NATS a moment after listen(): wait until it answers.
    await waitUntil(() => client.request('rpc.slow.health', {}, undefined, 500).then(() => true, () => false));
  }

  async function call(ms: number, timeoutMs = 10_000): Promise<Outcome> {
    const started = Date.now();
    try {
      await client.request('rpc.slow.work.do', { ms }, undefined, timeoutMs);
      return { ok: true, ms: Date.now() - started };
    } catch (error) {
      const problem = error as { status?: number; retryAfter?: number };
      return { ok: false, status: problem.status, retryAfter: problem.retryAfter, ms: Date.now() - started };
    }
  }

  async function shedCount(reason: string): Promise<number> {
    const values = (await messagingMetrics.rpcShed.get()).values.filter((v) => v.labels.pattern === 'rpc.slow.work.do' && v.labels.reason === reason);
    return values.reduce((sum, v) => sum + v.value, 0);
  }

  beforeAll(async () => {
    bus = await startConnectedNats();
    ({ nats, nc } = bus);
    client = new RpcClient({ servers: nats.url, name: 'admission-test', timeoutMs: 10_000 });
    await client.connect();
  });
  beforeEach(() => {
    executions = 0;
    mostAtOnce = 0;
  });
  afterEach(() => app?.close());
  afterAll(async () => {
    await client?.close();
    await bus?.stop();
  });

  it('runs at most 2 at once with 2 waiting, answers the excess 503 at once, and completes everything it admitted', async () => {
    await startServer({ maxConcurrency: 2, maxQueue: 2, maxQueueWaitMs: 10_000 });
    const fullBefore = await shedCount('queue_full');
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => call(600)));
    const succeeded = outcomes.filter((o) => o.ok);
    const refused = outcomes.filter((o) => !o.ok);

    expect(succeeded).toHaveLength(4);
    expect(refused).toHaveLength(16);
    for (const outcome of refused) {
      expect(outcome).toMatchObject({ status: 503, retryAfter: 1 });
      expect(outcome.ms).toBeLessThan(600);
    }
    expect(executions).toBe(4);
    expect(mostAtOnce).toBe(2);
    expect((await shedCount('queue_full')) - fullBefore).toBe(16);
  });

  it('never runs a request whose deadline passes while it waits', async () => {
    await startServer({ maxConcurrency: 2, maxQueue: 10, maxQueueWaitMs: 10_000 });
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => call(1_000, 300)));
    expect(outcomes.every((o) => !o.ok && o.status === 503)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(executions).toBe(2);
  });

  it('never runs a request that arrives after its deadline, and answers it 503', async () => {
    await startServer({ maxConcurrency: 2, maxQueue: 2, maxQueueWaitMs: 10_000 });
    const expiredBefore = await shedCount('expired');
    const codec = JSONCodec();
    const late = headers();
    late.set(DEADLINE_HEADER, String(Date.now() - 1));
    const reply = await nc.request('rpc.slow.work.do', codec.encode({ pattern: 'rpc.slow.work.do', id: 'late-1', data: { payload: { ms: 10 } } }), { timeout: 5_000, headers: late });
    expect(codec.decode(reply.data)).toMatchObject({ id: 'late-1', err: { status: 503, retryAfter: 1 } });
    expect(executions).toBe(0);
    expect((await shedCount('expired')) - expiredBefore).toBe(1);
  });

  it('answers health checks even when every slot is taken', async () => {
    await startServer({ maxConcurrency: 1, maxQueue: 1, maxQueueWaitMs: 10_000 });
    const busy = Promise.all([call(800), call(800)]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(client.request('rpc.slow.health', {}, undefined, 500)).resolves.toEqual({ status: 'ok' });
    await busy;
  });
});
