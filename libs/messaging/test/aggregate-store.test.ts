import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Schema, type Connection, type Model } from 'mongoose';
import { connect, type NatsConnection } from 'nats';
import pino from 'pino';
import type { EventEnvelope } from '@cadre/contracts';
import { ProblemException, connectMongo } from '@cadre/platform';
import { AggregateStore, EventPublisher, JetStreamServer, OutboxRelay, each, outboxPath } from '@cadre/messaging';
import { infra, startNatsServer, uniqueName, waitUntil, type NatsServerHandle } from '@cadre/testing';

jest.setTimeout(60_000);

interface Counter {
  _id: string;
  version: number;
  count: number;
  log: string[];
  outbox?: unknown[];
}

/** The contract every service's writes rely on (docs/ARCHITECTURE.md, "Outbox without transactions"), against FerretDB. */
describe('AggregateStore (FerretDB + JetStream)', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let mongo: Connection;
  let Counters: Model<Counter>;
  let server: JetStreamServer;
  let relay: OutboxRelay;
  let store: AggregateStore<Counter>;
  const received: EventEnvelope<{ id: string; count: number }>[] = [];
  const dbName = uniqueName('aggregate-test');
  const prefix = uniqueName('agg').replace(/-/g, '');
  const stream = { name: prefix.toUpperCase(), subjects: [`${prefix}.>`] };
  const subject = `${prefix}.counter.changed`;
  const silent = pino({ level: 'silent' });
  const statusOf = (error: unknown) => (error instanceof ProblemException ? error.problem.status : error);
  const eventsOf = (id: string) => received.filter((e) => e.data.id === id);

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    mongo = await connectMongo({ uri: infra.mongoUri, dbName });
    Counters = mongo.model<Counter>('Counter', new Schema({ _id: String, version: Number, count: Number, log: [String], ...outboxPath }, { collection: 'counters' }));
    server = new JetStreamServer({ servers: nats.url, durable: 'aggregate-test', streams: [stream], logger: silent });
    server.addHandler(subject, async (event: EventEnvelope<{ id: string; count: number }>) => void received.push(event), true);
    await new Promise<void>((resolve, reject) => server.listen((error?: unknown) => (error ? reject(error) : resolve())));
    const publisher = new EventPublisher(nc, [stream]);
    await publisher.init();
    relay = new OutboxRelay(publisher, silent);
    store = new AggregateStore(Counters, relay, { producer: 'test', notFound: 'No such counter.' });
  });
  afterAll(async () => {
    await relay?.stop();
    await server?.close();
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
    await nc?.drain();
    await nats?.stop();
  });

  const increment = (by = 1) => (c: Counter) => ({
    set: { count: c.count + by },
    push: { log: `+${by}` },
    events: [{ subject, data: { id: c._id, count: c.count + by } }],
  });

  it('writes the state, the version and the event in one update and publishes the event once', async () => {
    await store.create({ _id: 'c1', version: 1, count: 0, log: [] });
    const changed = await store.change('c1', increment(2));
    expect(changed.after).toMatchObject({ _id: 'c1', version: 2, count: 2, log: ['+2'] });
    expect(changed.before.version).toBe(1);
    await waitUntil(() => eventsOf('c1').length === 1, { what: 'the event' });
    expect(eventsOf('c1')[0]).toMatchObject({ type: subject, producer: 'test', data: { id: 'c1', count: 2 } });
    const stored = await Counters.findById('c1').lean<Counter>();
    expect(stored).toMatchObject({ version: 2, count: 2, log: ['+2'] });
    await waitUntil(async () => (await Counters.findById('c1').lean<Counter>())?.outbox?.length === 0, { what: 'the outbox to empty' });
  });

  it('dates an event when it says when it happened', async () => {
    await store.create({ _id: 'c-dated', version: 1, count: 0, log: [] });
    const occurredAt = new Date('2026-03-01T08:00:00.000Z');
    const { written } = await store.change('c-dated', (c) => ({ set: { count: 1 }, events: [{ subject, data: { id: c._id, count: 1 }, occurredAt }] }));
    expect(written[0].envelope.occurredAt).toBe(occurredAt.toISOString());
  });

  it('appends several values to one array with each()', async () => {
    await store.create({ _id: 'c-each', version: 1, count: 0, log: ['a'] });
    const { after } = await store.change('c-each', () => ({ push: { log: each(['b', 'c']) } }));
    expect(after.log).toEqual(['a', 'b', 'c']);
    expect((await Counters.findById('c-each').lean<Counter>())?.log).toEqual(['a', 'b', 'c']);
  });

  it('answers 409 on a stale expected version and writes nothing', async () => {
    await store.create({ _id: 'c2', version: 1, count: 0, log: [] });
    await store.change('c2', increment());
    const stale = await store.change('c2', increment(), { expectedVersion: 1 }).catch(statusOf);
    expect(stale).toBe(409);
    expect(await Counters.findById('c2').lean<Counter>()).toMatchObject({ version: 2, count: 1, log: ['+1'] });
  });

  it('answers 409 when another writer changed the document between read and write, and writes nothing', async () => {
    await store.create({ _id: 'c3', version: 1, count: 0, log: [] });
    // Another process (outside this one's lock) moves the document while this decision runs.
    const outcome = await store
      .change('c3', async (c) => {
        await Counters.updateOne({ _id: 'c3' }, { $set: { version: 2, count: 100 } });
        return increment()(c);
      })
      .catch(statusOf);
    expect(outcome).toBe(409);
    const stored = await Counters.findById('c3').lean<Counter>();
    expect(stored).toMatchObject({ version: 2, count: 100, log: [] });
    expect(stored?.outbox).toEqual([]);
  });

  it('two writers holding the same version: exactly one wins', async () => {
    await store.create({ _id: 'c4', version: 1, count: 0, log: [] });
    const outcomes = await Promise.all([1, 2].map(() => store.change('c4', increment(), { expectedVersion: 1 }).then(() => 'ok', statusOf)));
    expect(outcomes.sort()).toEqual([409, 'ok']);
    expect(await Counters.findById('c4').lean<Counter>()).toMatchObject({ version: 2, count: 1 });
  });

  it('a decision that refuses writes nothing; one that answers null changes nothing; an unknown id is 404', async () => {
    await store.create({ _id: 'c5', version: 1, count: 0, log: [] });
    const refused = await store
      .change('c5', () => {
        throw new ProblemException(403, 'no');
      })
      .catch(statusOf);
    expect(refused).toBe(403);
    const unchanged = await store.change('c5', () => null);
    expect(unchanged.after.version).toBe(1);
    expect(await Counters.findById('c5').lean<Counter>()).toMatchObject({ version: 1, count: 0 });
    expect(await store.change('missing', increment()).catch(statusOf)).toBe(404);
  });

  it('a process killed after the write and before the publication: the sweep publishes the event once, under its id', async () => {
    await store.create({ _id: 'c6', version: 1, count: 5, log: [] });
    const crashed = spawnSync(process.execPath, [path.join(__dirname, 'fixtures', 'change-then-die.cjs')], {
      env: { ...process.env, MONGODB_URI: infra.mongoUri, MONGODB_DB: dbName, SUBJECT: subject, AGGREGATE_ID: 'c6' },
      encoding: 'utf8',
    });
    expect(crashed.signal).toBe('SIGKILL');
    expect(crashed.stdout.trim()).toBe('2');
    const stored = await Counters.findById('c6').lean<Counter>();
    expect(stored).toMatchObject({ version: 2, count: 6, log: ['crashed'] });
    expect(stored?.outbox).toHaveLength(1);
    expect(eventsOf('c6')).toHaveLength(0);

    // "Restart": this process's relay sweeps what the dead one left, twice; the event arrives once.
    expect(await relay.sweep()).toBe(1);
    expect(await relay.sweep()).toBe(0);
    await waitUntil(() => eventsOf('c6').length === 1, { what: 'the event the crashed writer left' });
    expect(eventsOf('c6')[0].data).toEqual({ id: 'c6', count: 6 });
    // A later change goes on from the written version.
    expect((await store.change('c6', increment())).after).toMatchObject({ version: 3, count: 7 });
  });
});
