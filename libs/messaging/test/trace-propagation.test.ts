import 'reflect-metadata';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';
import { context, trace } from '@opentelemetry/api';
import pino from 'pino';
import { createEnvelope, type EventEnvelope } from '@cadre/contracts';
import { EventPublisher, JetStreamServer, RpcClient, TracingNatsServer, messagingMetrics } from '@cadre/messaging';
import { ProblemException, RpcProblemFilter } from '@cadre/platform';
import { installInMemoryTracing, startConnectedNats, uniqueName, waitUntil, type ConnectedNats, type NatsServerHandle } from '@cadre/testing';

jest.setTimeout(60_000);

const spans = installInMemoryTracing();
const tracer = trace.getTracer('test');
const seenTraceIds: string[] = [];

@Controller()
class EchoController {
  @MessagePattern('rpc.test.echo')
  echo(request: { payload: unknown }) {
    seenTraceIds.push(trace.getActiveSpan()?.spanContext().traceId ?? 'none');
    return request.payload;
  }

  @MessagePattern('rpc.test.refuse')
  async refuse() {
    await new Promise((resolve) => setTimeout(resolve, 50));
    throw new ProblemException(403, 'Not yours.');
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

describe('W3C trace context over NATS', () => {
  let bus: ConnectedNats | undefined;
  let nats: NatsServerHandle;
  let nc: NatsConnection;

  beforeAll(async () => {
    bus = await startConnectedNats();
    ({ nats, nc } = bus);
  });
  afterAll(() => bus?.stop());

  it('continues the caller trace in a request-reply handler', async () => {
    const app: INestMicroservice = await NestFactory.createMicroservice(EchoModule, {
      strategy: new TracingNatsServer({ servers: [nats.url], queue: 'test' } as never),
      logger: false,
    });
    await app.listen();
    const client = new RpcClient({ servers: nats.url, name: 'test-client', timeoutMs: 5_000 });
    await client.connect();

    const parent = tracer.startSpan('caller');
    const reply = await context.with(trace.setSpan(context.active(), parent), () => client.request('rpc.test.echo', { hello: '世界' }));
    parent.end();

    expect(reply).toEqual({ hello: '世界' });
    expect(seenTraceIds).toEqual([parent.spanContext().traceId]);
    const serverSpan = spans.getFinishedSpans().find((span) => span.name === 'test.echo');
    expect(serverSpan?.spanContext().traceId).toBe(parent.spanContext().traceId);
    await client.close();
    await app.close();
  });

  it('marks a refused request on its span and in the handler metrics by outcome', async () => {
    const app: INestMicroservice = await NestFactory.createMicroservice(EchoModule, {
      strategy: new TracingNatsServer({ servers: [nats.url], queue: 'test-refuse' } as never),
      logger: false,
    });
    app.useGlobalFilters(new RpcProblemFilter(pino({ level: 'silent' })));
    await app.listen();
    const client = new RpcClient({ servers: nats.url, name: 'test-client', timeoutMs: 5_000 });
    await client.connect();
    await expect(client.request('rpc.test.refuse', {})).rejects.toMatchObject({ status: 403, traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const serverSpan = spans.getFinishedSpans().find((span) => span.name === 'test.refuse');
    expect(serverSpan?.attributes['rpc.problem.status']).toBe(403);
    // The span covers the handler's whole run (50 ms), not just the moment Nest subscribed to its answer.
    const [seconds, nanos] = serverSpan!.duration;
    expect(seconds * 1e3 + nanos / 1e6).toBeGreaterThanOrEqual(45);
    const counts = (await messagingMetrics.rpcDuration.get()).values.filter((v) => v.metricName === 'nats_rpc_handler_duration_seconds_count' && v.labels.pattern === 'rpc.test.refuse');
    expect(counts.map((v) => [v.labels.outcome, v.value])).toEqual([['client_error', 1]]);
    await client.close();
    await app.close();
  });

  it('continues the producer trace in a JetStream consumer span', async () => {
    const prefix = uniqueName('tr').replace(/-/g, '');
    const stream = { name: prefix.toUpperCase(), subjects: [`${prefix}.>`] };
    const subject = `${prefix}.thing.traced`;
    const publisher = new EventPublisher(nc, [stream]);
    await publisher.init();
    const handlerTraceIds: string[] = [];
    const server = new JetStreamServer({ servers: nats.url, durable: 'trace-test', streams: [stream], logger: pino({ level: 'silent' }) });
    server.addHandler(subject, async (_event: EventEnvelope) => void handlerTraceIds.push(trace.getActiveSpan()?.spanContext().traceId ?? 'none'), true);
    await new Promise<void>((resolve, reject) => server.listen((error?: unknown) => (error ? reject(error) : resolve())));

    const producer = tracer.startSpan('producer');
    await context.with(trace.setSpan(context.active(), producer), () => publisher.publish(subject, createEnvelope('thing.traced', 'test', {})));
    producer.end();

    await waitUntil(() => handlerTraceIds.length === 1);
    expect(handlerTraceIds[0]).toBe(producer.spanContext().traceId);
    const consumerSpan = await waitUntil(() => spans.getFinishedSpans().find((span) => span.name === `jetstream consume ${subject}`));
    expect(consumerSpan.spanContext().traceId).toBe(producer.spanContext().traceId);
    await server.close();
  });
});
