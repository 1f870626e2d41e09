/**
 * The projection's stream reader against a real JetStream: stream order, a backlog read by a slow handler with one
 * consumer (not one per few messages), following new messages live, and reading through a sequence.
 */
import { JSONCodec, type JsMsg } from 'nats';
import { startConnectedNats, waitUntil, type ConnectedNats } from '@cadre/testing';
import { StreamReader } from '../../src/projection/stream-reader';

jest.setTimeout(60_000);

const STREAM = 'READER';
/** More than a reader used to hold before starting over with a new consumer (one per message: 1,759 seen live). */
const BACKLOG = 3_000;
const codec = JSONCodec();
let nats: ConnectedNats;
const consumersCreated: string[] = [];

beforeAll(async () => {
  nats = await startConnectedNats();
  const jsm = await nats.nc.jetstreamManager();
  await jsm.streams.add({ name: STREAM, subjects: ['reader.>'] });
  nats.nc.subscribe('$JS.API.CONSUMER.>', { callback: (_error, msg) => /\.CREATE\./.test(msg.subject) && consumersCreated.push(msg.subject) });
});

afterAll(async () => {
  await nats?.stop();
});

async function publish(from: number, count: number): Promise<void> {
  const js = nats.nc.jetstream();
  for (let i = from; i < from + count; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, from + count - i) }, (_, k) => js.publish('reader.event', codec.encode({ i: i + k }), { expect: {} })));
  }
}

it('reads a backlog of thousands in stream order with one consumer while its handler is slow, then follows new messages', async () => {
  await publish(1, BACKLOG);
  const seen: number[] = [];
  const reader = new StreamReader(nats.nc, STREAM);
  consumersCreated.length = 0;
  await reader.follow(1, async (msg: JsMsg) => {
    seen.push((codec.decode(msg.data) as { i: number }).i);
    // A slow projection (a few database writes per event): the server keeps sending while the handler waits.
    await new Promise((resolve) => setTimeout(resolve, 1));
  });
  await waitUntil(() => seen.length === BACKLOG, { timeoutMs: 30_000 });
  await publish(BACKLOG + 1, 5);
  await waitUntil(() => seen.length === BACKLOG + 5, { timeoutMs: 10_000 });
  await reader.stop();
  expect(seen).toEqual(Array.from({ length: BACKLOG + 5 }, (_, k) => k + 1));
  // One, plus one each time the reader had to read again past a gap nats.js left (a few per thousands).
  expect(consumersCreated.length).toBeLessThanOrEqual(10);
});

it('hands a backlog over in batches of what had arrived, and a message that comes alone at once', async () => {
  const batches: number[][] = [];
  const reader = new StreamReader(nats.nc, STREAM);
  await reader.followBatches(1, async (batch) => {
    batches.push(batch.map((msg) => msg.seq));
    await new Promise((resolve) => setTimeout(resolve, 5));
  });
  const end = BACKLOG + 5;
  await waitUntil(() => batches.flat().length === end, { timeoutMs: 30_000 });
  expect(batches.flat()).toEqual(Array.from({ length: end }, (_, k) => k + 1));
  // Behind, the batches are pulls' worth (256); not one message at a time.
  expect(batches.length).toBeLessThan(end / 50);
  const sent = Date.now();
  await publish(end + 1, 1);
  await waitUntil(() => batches.flat().length === end + 1, { timeoutMs: 10_000 });
  expect(batches.at(-1)).toEqual([end + 1]);
  // Not held back to fill a batch (a pull waits up to 5 s for more).
  expect(Date.now() - sent).toBeLessThan(2_000);
  await reader.stop();
});

it('reads from sequence 1 through a given sequence, then stops', async () => {
  const seen: number[] = [];
  await new StreamReader(nats.nc, STREAM).readThrough(250, (msg) => {
    seen.push(msg.seq);
  });
  expect(seen).toEqual(Array.from({ length: 250 }, (_, k) => k + 1));
});

it('follows a stream that does not exist yet (its producer not started): waits, then reads it once it is created', async () => {
  const seen: number[] = [];
  const reader = new StreamReader(nats.nc, 'NOT_YET');
  await reader.followBatches(1, async (batch) => {
    for (const msg of batch) seen.push((codec.decode(msg.data) as { i: number }).i);
  });
  const jsm = await nats.nc.jetstreamManager();
  await jsm.streams.add({ name: 'NOT_YET', subjects: ['notyet.>'] });
  const js = nats.nc.jetstream();
  for (const i of [1, 2, 3]) await js.publish('notyet.event', codec.encode({ i }), { expect: {} });
  await waitUntil(() => seen.length === 3, { timeoutMs: 15_000, what: 'the reader to read the stream created after it started' });
  await reader.stop();
  expect(seen).toEqual([1, 2, 3]);
});
