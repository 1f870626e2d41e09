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

it('reads from sequence 1 through a given sequence, then stops', async () => {
  const seen: number[] = [];
  await new StreamReader(nats.nc, STREAM).readThrough(250, (msg) => {
    seen.push(msg.seq);
  });
  expect(seen).toEqual(Array.from({ length: 250 }, (_, k) => k + 1));
});
