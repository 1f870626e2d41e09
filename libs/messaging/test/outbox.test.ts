import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Schema, type Connection, type Model } from 'mongoose';
import { connect, type NatsConnection } from 'nats';
import pino from 'pino';
import { createEnvelope, type EventEnvelope } from '@cadre/contracts';
import { connectMongo } from '@cadre/platform';
import { AggregateStore, EventPublisher, JetStreamServer, OUTBOX_ADOPTED, OUTBOX_PENDING, OutboxRelay, outboxEntry, outboxPath, type OutboxModel } from '@cadre/messaging';
import { infra, startNatsServer, uniqueName, waitUntil, type NatsServerHandle } from '@cadre/testing';

jest.setTimeout(60_000);

describe('outbox relay (FerretDB + JetStream)', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let mongo: Connection;
  const dbName = uniqueName('outbox-test');

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    mongo = await connectMongo({ uri: infra.mongoUri, dbName });
  });
  afterAll(async () => {
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
    await nc?.drain();
    await nats?.stop();
  });

  it('publishes the event of a process killed after its state write but before publishing, on restart', async () => {
    const prefix = uniqueName('ob').replace(/-/g, '');
    const stream = { name: prefix.toUpperCase(), subjects: [`${prefix}.>`] };
    const subject = `${prefix}.widget.created`;

    // A separate process writes a document and its event in one update, then is SIGKILLed before any relay runs.
    const crashed = spawnSync(process.execPath, [path.join(__dirname, 'fixtures', 'write-then-die.cjs')], {
      env: { ...process.env, MONGODB_URI: infra.mongoUri, MONGODB_DB: dbName, SUBJECT: subject },
      encoding: 'utf8',
    });
    expect(crashed.signal).toBe('SIGKILL');
    const widgetId = crashed.stdout.trim();
    expect(widgetId).toMatch(/^w-/);

    const Widget = mongo.model('Widget', new Schema({ _id: String, name: String, ...outboxPath }, { collection: 'widgets' }));
    expect((await Widget.findById(widgetId).lean<{ outbox: unknown[] }>())?.outbox).toHaveLength(1);

    const received: EventEnvelope[] = [];
    const server = new JetStreamServer({ servers: nats.url, durable: 'outbox-test', streams: [stream], logger: pino({ level: 'silent' }) });
    server.addHandler(subject, async (event: EventEnvelope) => void received.push(event), true);
    await new Promise<void>((resolve, reject) => server.listen((error?: unknown) => (error ? reject(error) : resolve())));

    // "Restart": a relay comes up and sweeps what the dead process left.
    const publisher = new EventPublisher(nc, [stream]);
    await publisher.init();
    const relay = new OutboxRelay(publisher, pino({ level: 'silent' }));
    relay.register(Widget);
    expect(await relay.sweep()).toBe(1);

    await waitUntil(() => received.length === 1, { what: 'the event from the outbox' });
    expect(received[0].data).toEqual({ widgetId, name: '小部件' });
    expect((await Widget.findById(widgetId).lean<{ outbox: unknown[] }>())?.outbox).toEqual([]);
    expect(await relay.sweep()).toBe(0);
    await relay.stop();
    await server.close();
  });

  it('never loses a change made while the relay removes a published entry (FerretDB updates are not isolated)', async () => {
    const prefix = uniqueName('race').replace(/-/g, '');
    const stream = { name: prefix.toUpperCase(), subjects: [`${prefix}.>`] };
    const publisher = new EventPublisher(nc, [stream]);
    await publisher.init();
    const relay = new OutboxRelay(publisher, pino({ level: 'silent' }));
    const Gadget = mongo.model('Gadget', new Schema({ _id: String, state: String, ...outboxPath }, { collection: 'gadgets' }));
    relay.register(Gadget);
    const ids = Array.from({ length: 25 }, (_, i) => `g-${i}`);
    const event = (id: string, n: number) => outboxEntry(`${prefix}.gadget.changed`, createEnvelope('gadget.changed', 'test', { id, n }));
    for (const id of ids) await relay.mark(Gadget, id);
    await Gadget.insertMany(ids.map((id) => ({ _id: id, state: 'new', outbox: [event(id, 1)] })));
    // The relay publishes and removes entry 1 while the "service" changes each document under the same lock.
    await Promise.all(
      ids.flatMap((id) => [
        relay.notify(Gadget, id),
        relay.locks.run(Gadget.collection.collectionName, id, () => Gadget.updateOne({ _id: id }, { $set: { state: 'changed' }, $push: { outbox: event(id, 2) } })),
      ]),
    );
    await relay.sweep();
    const docs = await Gadget.find({}).lean<{ state: string; outbox: unknown[] }[]>();
    expect(docs.map((d) => d.state)).toEqual(ids.map(() => 'changed'));
    expect(docs.every((d) => d.outbox.length === 0)).toBe(true);
    const info = await (await nc.jetstreamManager()).streams.info(stream.name);
    expect(info.state.messages).toBe(ids.length * 2);
    await relay.stop();
  });

  it('removes the entries a writer hands to notify without reading them back, and leaves a mismatch for the sweep', async () => {
    const prefix = uniqueName('handed').replace(/-/g, '');
    const stream = { name: prefix.toUpperCase(), subjects: [`${prefix}.>`] };
    const publisher = new EventPublisher(nc, [stream]);
    await publisher.init();
    const relay = new OutboxRelay(publisher, pino({ level: 'silent' }));
    const Sprocket = mongo.model<{ _id: string; outbox: unknown[] }>('Sprocket', new Schema({ _id: String, ...outboxPath }, { collection: 'sprockets' }));
    relay.register(Sprocket);
    const written = [outboxEntry(`${prefix}.sprocket.made`, createEnvelope('sprocket.made', 'test', { id: 's-1' }))];
    await Sprocket.create({ _id: 's-1', outbox: written });
    await relay.notify(Sprocket, 's-1', written);
    expect((await Sprocket.findById('s-1').lean<{ outbox: unknown[] }>())?.outbox).toEqual([]);

    // Handed an entry that differs from the stored one: it is published, the stored one stays, the sweep clears it.
    const stored = outboxEntry(`${prefix}.sprocket.made`, createEnvelope('sprocket.made', 'test', { id: 's-2' }));
    await relay.mark(Sprocket, 's-2');
    await Sprocket.create({ _id: 's-2', outbox: [stored] });
    await relay.notify(Sprocket, 's-2', [{ ...stored, trace: { traceparent: 'not-what-was-stored' } }]);
    expect((await Sprocket.findById('s-2').lean<{ outbox: unknown[] }>())?.outbox).toHaveLength(1);
    expect(await relay.sweep()).toBe(1);
    expect((await Sprocket.findById('s-2').lean<{ outbox: unknown[] }>())?.outbox).toEqual([]);
    // Published under the same eventIds each time, so the stream holds each event once.
    const info = await (await nc.jetstreamManager()).streams.info(stream.name);
    expect(info.state.messages).toBe(2);
    await relay.stop();
  });

  it('a writer killed between write and publication: a new relay\'s start publishes it reading only the markers', async () => {
    const prefix = uniqueName('marked').replace(/-/g, '');
    const stream = { name: prefix.toUpperCase(), subjects: [`${prefix}.>`] };
    const subject = `${prefix}.counter.changed`;
    const db = mongo.useDb(uniqueName('outbox-markers'), { useCache: false });
    try {
      const Counter = db.model<{ _id: string; version: number; count: number; log: string[]; outbox: unknown[] }>(
        'Counter',
        new Schema({ _id: String, version: Number, count: Number, log: [String], ...outboxPath }, { collection: 'counters' }),
      );
      // 5,000 documents with nothing pending (and no marker): a sweep that scanned the collection would read them all.
      const quiet = Array.from({ length: 5_000 }, (_, i) => ({ _id: `q-${i}`, version: 1, count: 0, log: [], outbox: [] }));
      for (let i = 0; i < quiet.length; i += 1_000) await Counter.insertMany(quiet.slice(i, i + 1_000));
      await Counter.create({ _id: 'victim', version: 1, count: 0, log: [], outbox: [] });

      const crashed = spawnSync(process.execPath, [path.join(__dirname, 'fixtures', 'change-then-die.cjs')], {
        env: { ...process.env, MONGODB_URI: infra.mongoUri, MONGODB_DB: db.name, SUBJECT: subject, AGGREGATE_ID: 'victim' },
        encoding: 'utf8',
      });
      expect(crashed.signal).toBe('SIGKILL');
      expect((await Counter.findById('victim').lean())?.outbox).toHaveLength(1);
      expect(await db.collection(OUTBOX_PENDING).countDocuments({})).toBe(1);

      const received: EventEnvelope[] = [];
      const server = new JetStreamServer({ servers: nats.url, durable: 'outbox-markers', streams: [stream], logger: pino({ level: 'silent' }) });
      server.addHandler(subject, async (event: EventEnvelope) => void received.push(event), true);
      await new Promise<void>((resolve, reject) => server.listen((error?: unknown) => (error ? reject(error) : resolve())));

      // The replica ran before (its first start marked whatever older outboxes there were, once).
      await db.collection(OUTBOX_ADOPTED).insertOne({ _id: 'counters', at: new Date(), marked: 0 } as never);
      // The restarted replica: its relay counts every read of the aggregate collection (documents examined).
      const examined = { scans: 0, documents: 0 };
      const publisher = new EventPublisher(nc, [stream]);
      await publisher.init();
      const relay = new OutboxRelay(publisher, pino({ level: 'silent' }), { markerGraceMs: 0 });
      relay.register(counting(Counter, examined));
      const started = Date.now();
      relay.start();
      await waitUntil(() => received.length === 1, { timeoutMs: 5_000, intervalMs: 20, what: 'the event the killed writer left, published at start' });
      const elapsed = Date.now() - started;
      await relay.stop();
      await server.close();

      expect(received[0].data).toEqual({ id: 'victim', count: 1 });
      expect(elapsed).toBeLessThan(5_000);
      // The marked document read to publish it and once more to see it empty: never a scan of the 5,001.
      expect(examined).toEqual({ scans: 0, documents: 2 });
      expect((await Counter.findById('victim').lean())?.outbox).toEqual([]);
      expect(await db.collection(OUTBOX_PENDING).countDocuments({})).toBe(0);

      // The ordinary path leaves no marker behind either: marked before the write, removed once published.
      const live = new OutboxRelay(publisher, pino({ level: 'silent' }));
      const store = new AggregateStore(Counter, live, { producer: 'test' });
      await store.change('q-7', (c) => ({ set: { count: c.count + 1 }, events: [{ subject, data: { id: c._id, count: c.count + 1 } }] }));
      await store.create({ _id: 'fresh', version: 1, count: 0, log: [], outbox: [] }, [{ subject, data: { id: 'fresh', count: 0 } }]);
      await waitUntil(async () => (await db.collection(OUTBOX_PENDING).countDocuments({})) === 0, { what: 'the markers of published changes to go' });
      await live.stop();
      const info = await (await nc.jetstreamManager()).streams.info(stream.name);
      expect(info.state.messages).toBe(3);
    } finally {
      await db.dropDatabase().catch(() => undefined);
    }
  });

  it('marks, once, the outboxes written before markers existed (an upgrade over older data), and publishes them', async () => {
    const prefix = uniqueName('legacy').replace(/-/g, '');
    const stream = { name: prefix.toUpperCase(), subjects: [`${prefix}.>`] };
    const db = mongo.useDb(uniqueName('outbox-legacy'), { useCache: false });
    try {
      const Legacy = db.model<{ _id: string; outbox: unknown[] }>('Legacy', new Schema({ _id: String, ...outboxPath }, { collection: 'legacies' }));
      const old = (id: string) => outboxEntry(`${prefix}.legacy.changed`, createEnvelope('legacy.changed', 'test', { id }));
      await Legacy.insertMany([{ _id: 'l-1', outbox: [old('l-1')] }, { _id: 'l-2', outbox: [old('l-2'), old('l-2b')] }, { _id: 'l-3', outbox: [] }]);
      const publisher = new EventPublisher(nc, [stream]);
      await publisher.init();
      const relay = new OutboxRelay(publisher, pino({ level: 'silent' }), { markerGraceMs: 0 });
      relay.register(Legacy);
      relay.start();
      const jsm = await nc.jetstreamManager();
      await waitUntil(async () => (await jsm.streams.info(stream.name)).state.messages === 3, { what: 'the older outboxes published' });
      await waitUntil(async () => (await db.collection(OUTBOX_PENDING).countDocuments({})) === 0, { what: 'their markers to go' });
      await relay.stop();
      expect(await db.collection(OUTBOX_ADOPTED).findOne({ _id: 'legacies' } as never)).toMatchObject({ marked: 2 });

      // The next start does not scan again.
      const examined = { scans: 0, documents: 0 };
      const again = new OutboxRelay(publisher, pino({ level: 'silent' }));
      again.register(counting(Legacy, examined));
      again.start();
      await again.sweep();
      await again.stop();
      expect(examined.scans).toBe(0);
    } finally {
      await db.dropDatabase().catch(() => undefined);
    }
  });
});

/** The model as a relay sees it, counting full reads (`find`) and single-document reads (`findOne`) of its collection. */
function counting(model: Model<any>, examined: { scans: number; documents: number }): OutboxModel {
  const collection = new Proxy(model.collection, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (key === 'find') examined.scans++;
      if (key === 'findOne') examined.documents++;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { collection };
}
