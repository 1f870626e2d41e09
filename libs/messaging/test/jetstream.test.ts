import { JSONCodec, type NatsConnection } from 'nats';
import pino from 'pino';
import { createEnvelope, DEAD_LETTER_STREAM, type EventEnvelope, type StreamSpec } from '@cadre/contracts';
import { EventPublisher, JetStreamServer } from '@cadre/messaging';
import { sleep, startConnectedNats, uniqueName, waitUntil, type ConnectedNats, type NatsServerHandle } from '@cadre/testing';

jest.setTimeout(60_000);

const logger = pino({ level: 'silent' });
const codec = JSONCodec();

describe('JetStream transport (real NATS with JetStream)', () => {
  let bus: ConnectedNats | undefined;
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let stream: StreamSpec;
  let publisher: EventPublisher;
  let subject: string;

  beforeAll(async () => {
    bus = await startConnectedNats();
    ({ nats, nc } = bus);
  });
  afterAll(() => bus?.stop());

  beforeEach(async () => {
    const prefix = uniqueName('ev').replace(/-/g, '');
    stream = { name: prefix.toUpperCase(), subjects: [`${prefix}.>`] };
    subject = `${prefix}.thing.happened`;
    publisher = new EventPublisher(nc, [stream]);
    await publisher.init();
  });

  function consumer(handler: (event: EventEnvelope) => Promise<void>, options: Partial<ConstructorParameters<typeof JetStreamServer>[0]> = {}) {
    const server = new JetStreamServer({ servers: nats.url, durable: 'test-consumer', streams: [stream], logger, ...options });
    server.addHandler(subject, async (event: EventEnvelope) => handler(event), true);
    return server;
  }

  async function listen(server: JetStreamServer) {
    await new Promise<void>((resolve, reject) => server.listen((error?: unknown) => (error ? reject(error) : resolve())));
  }

  it('handles an event published while its consumer was stopped once the consumer starts', async () => {
    const seen: string[] = [];
    const first = consumer(async (event) => void seen.push(event.eventId));
    await listen(first); // creates the durable consumer
    await first.close();

    const event = createEnvelope('thing.happened', 'test', { n: 1 });
    await publisher.publish(subject, event);
    await sleep(300);
    expect(seen).toEqual([]);

    const second = consumer(async (e) => void seen.push(e.eventId));
    await listen(second);
    await waitUntil(() => seen.length === 1, { what: 'the event to be handled after restart' });
    await sleep(300);
    expect(seen).toEqual([event.eventId]);
    await second.close();
  });

  it('drops a re-publication of the same event (msgID = eventId): one delivery, one effect', async () => {
    const seen: string[] = [];
    const server = consumer(async (event) => void seen.push(event.eventId));
    await listen(server);
    const event = createEnvelope('thing.happened', 'test', { n: 2 });
    const first = await publisher.publish(subject, event);
    const again = await publisher.publish(subject, event);
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    await waitUntil(() => seen.length === 1);
    await sleep(500);
    expect(seen).toEqual([event.eventId]);
    await server.close();
  });

  it('retries a failing handler with backoff, then moves the event to the dead-letter subject', async () => {
    const attempts: number[] = [];
    const server = consumer(
      async () => {
        attempts.push(Date.now());
        throw new Error('handler keeps failing:\n  title is required');
      },
      { maxDeliver: 3, backoffMs: [300, 600] },
    );
    await listen(server);
    const deadLetters = await nc.jetstreamManager();
    const event = createEnvelope('thing.happened', 'test', { n: 3 });
    await publisher.publish(subject, event);

    await waitUntil(() => attempts.length === 3, { timeoutMs: 15_000, what: 'three deliveries' });
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(280);
    expect(attempts[2] - attempts[1]).toBeGreaterThanOrEqual(580);

    const dead = await waitUntil(async () => {
      const message = await deadLetters.streams.getMessage(DEAD_LETTER_STREAM.name, { last_by_subj: `deadletter.test-consumer.${subject}` }).catch(() => undefined);
      return message;
    }, { what: 'the dead letter' });
    expect((codec.decode(dead.data) as EventEnvelope).eventId).toBe(event.eventId);
    expect(dead.header.get('Dead-Letter-Reason')).toBe('handler keeps failing: title is required');
    expect(dead.header.get('Dead-Letter-Deliveries')).toBe('3');

    await sleep(1_000);
    expect(attempts).toHaveLength(3); // terminated: no fourth delivery
    await server.close();
  });

  it('dead-letters a message that is not an event envelope at once, without calling the handler', async () => {
    let calls = 0;
    const server = consumer(async () => void calls++);
    await listen(server);
    const js = nc.jetstream();
    await js.publish(subject, codec.encode({ hello: 'world' }));
    const jsm = await nc.jetstreamManager();
    const dead = await waitUntil(() => jsm.streams.getMessage(DEAD_LETTER_STREAM.name, { last_by_subj: `deadletter.test-consumer.${subject}` }).catch(() => undefined));
    expect(dead.header.get('Dead-Letter-Reason')).toMatch(/not an event envelope/);
    expect(calls).toBe(0);
    await server.close();
  });

  it('redelivers an event whose handler failed once, and it then succeeds exactly once', async () => {
    let calls = 0;
    const handled: string[] = [];
    const server = consumer(
      async (event) => {
        calls++;
        if (calls === 1) throw new Error('transient');
        handled.push(event.eventId);
      },
      { backoffMs: [100] },
    );
    await listen(server);
    const event = createEnvelope('thing.happened', 'test', { n: 4 });
    await publisher.publish(subject, event);
    await waitUntil(() => handled.length === 1);
    await sleep(500);
    expect(calls).toBe(2);
    expect(handled).toEqual([event.eventId]);
    await server.close();
  });

  it('a handler slower than ack_wait keeps its message (it tells the server it is working): handled once', async () => {
    const calls: string[] = [];
    const server = consumer(
      async (event) => {
        calls.push(event.eventId);
        await sleep(3_500);
      },
      { ackWaitMs: 1_000 },
    );
    await listen(server);
    const event = createEnvelope('thing.happened', 'test', { n: 6 });
    await publisher.publish(subject, event);
    await waitUntil(() => calls.length === 1);
    await sleep(5_000);
    expect(calls).toEqual([event.eventId]);
    await server.close();
  });

  it('with concurrency, handles different keys side by side (never more than the width) and one key in stream order', async () => {
    let inFlight = 0;
    let most = 0;
    const byKey = new Map<string, number[]>();
    const server = consumer(
      async (event) => {
        const { key, n } = event.data as { key: string; n: number };
        inFlight++;
        most = Math.max(most, inFlight);
        await sleep(((n * 7) % 5) * 8);
        byKey.set(key, [...(byKey.get(key) ?? []), n]);
        inFlight--;
      },
      { concurrency: 4, orderKey: (data) => (data as { key?: string }).key },
    );
    await listen(server);
    const total = 60;
    for (let n = 0; n < total; n++) await publisher.publish(subject, createEnvelope('thing.happened', 'test', { key: `k${n % 2}`, n }));
    await waitUntil(() => [...byKey.values()].flat().length === total, { timeoutMs: 20_000 });
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
    for (const [key, seen] of byKey) expect(seen).toEqual([...seen].sort((a, b) => a - b).filter((n) => `k${n % 2}` === key));
    expect(byKey.size).toBe(2);
    await server.close();
  });

  it('routes events to a wildcard handler', async () => {
    const seen: string[] = [];
    const server = new JetStreamServer({ servers: nats.url, durable: 'wildcard-consumer', streams: [stream], logger });
    server.addHandler(subject.replace(/\.happened$/, '.*'), async (event: EventEnvelope) => void seen.push(event.type), true);
    await listen(server);
    await publisher.publish(subject, createEnvelope('thing.happened', 'test', {}));
    await waitUntil(() => seen.length === 1);
    expect(seen).toEqual(['thing.happened']);
    await server.close();
  });
});
