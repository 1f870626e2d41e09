import { DeliverPolicy, JSONCodec, type Consumer, type JsMsg, type NatsConnection } from 'nats';
import { parseEnvelope, type EventEnvelope } from '@cadre/contracts';

const codec = JSONCodec();

/** The last sequence a stream holds now (0 when empty or absent). */
export async function lastSequence(nc: NatsConnection, stream: string): Promise<number> {
  const jsm = await nc.jetstreamManager();
  try {
    return (await jsm.streams.info(stream)).state.last_seq;
  } catch {
    return 0;
  }
}

export interface BatchOptions {
  /** Messages handed to the handler at most at once (and pulled from the server at most per request). */
  maxMessages: number;
  /** A batch is handed over at the latest this long after its first message arrived. */
  maxWaitMs: number;
}

const DEFAULT_BATCH: BatchOptions = { maxMessages: 500, maxWaitMs: 200 };
/** A pull that brings nothing ends after this long (at least 1 s for the client); the next one starts at once. */
const PULL_EXPIRES_MS = 5_000;
/** No message for this long while a batch waits: the stream has nothing more right now, hand the batch over. */
const IDLE_MS = 20;
/** Before opening a consumer again after a failed pull. */
const REOPEN_DELAY_MS = 1_000;

/**
 * Reads a stream in order from a sequence with ONE ordered consumer (ephemeral, no acks: the reader keeps its own
 * position), pulling at most `maxMessages` at a time: the next pull is issued only once the previous one is taken,
 * and at most one batch is handled while the next one arrives, so a slow handler costs waiting, never memory or
 * new consumers. `handle` gets the messages in stream order, batch after batch (the next call starts when the
 * previous one has finished). The consumer is opened again (from the next sequence) only when a pull fails.
 */
export class StreamReader {
  private running = false;
  private loop?: Promise<void>;
  private current?: { close(): Promise<void | Error>; stop(): void };

  constructor(
    private readonly nc: NatsConnection,
    readonly stream: string,
    private readonly batch: BatchOptions = DEFAULT_BATCH,
  ) {}

  /**
   * Follows the stream from `fromSeq` until stopped. With `firstBatchThrough`, the first batch is exactly `fromSeq`
   * through that sequence (a batch cut short by a crash is handed over again as it was).
   */
  async follow(fromSeq: number, handle: (batch: JsMsg[]) => Promise<void>, options: { firstBatchThrough?: number } = {}): Promise<void> {
    this.running = true;
    const consumer = await this.open(fromSeq);
    this.loop = this.run(consumer, fromSeq, handle, Infinity, options.firstBatchThrough ?? 0);
  }

  /** Reads from sequence 1 through `toSeq` (inclusive), then stops. */
  async readThrough(toSeq: number, handle: (msg: JsMsg) => void | Promise<void>): Promise<void> {
    if (toSeq < 1) return;
    this.running = true;
    let sinceYield = 0;
    await this.run(await this.open(1), 1, async (batch) => {
      for (const msg of batch) await handle(msg);
      // Buffered messages resolve as microtasks: pause now and then so requests are served during a replay.
      if ((sinceYield += batch.length) >= 1_000) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }, toSeq);
  }

  private async run(first: Consumer, fromSeq: number, handle: (batch: JsMsg[]) => Promise<void>, toSeq: number, holdThrough = 0): Promise<void> {
    let consumer: Consumer | undefined = first;
    let next = fromSeq;
    let batch: JsMsg[] = [];
    let batchStarted = 0;
    let handling: Promise<void> = Promise.resolve();
    const flush = async () => {
      if (!batch.length) return;
      const taken = batch;
      batch = [];
      await handling;
      handling = handle(taken);
    };
    while (this.running && next <= toSeq) {
      try {
        consumer ??= await this.open(next);
        const pull = await consumer.fetch({ max_messages: Math.min(this.batch.maxMessages, toSeq - next + 1), expires: PULL_EXPIRES_MS });
        this.current = pull;
        const messages = pull[Symbol.asyncIterator]();
        let arriving = messages.next();
        for (;;) {
          const holding = next <= holdThrough;
          const waitMs = batch.length && !holding ? Math.max(0, Math.min(IDLE_MS, batchStarted + this.batch.maxWaitMs - Date.now())) : undefined;
          const result = waitMs === undefined ? await arriving : await Promise.race([arriving, sleep(waitMs)]);
          if (!this.running) break;
          if (result === undefined) {
            await flush();
            continue;
          }
          if (result.done) break;
          const msg = result.value;
          arriving = messages.next();
          if (msg.seq < next) continue;
          if (!batch.length) batchStarted = Date.now();
          batch.push(msg);
          next = msg.seq + 1;
          if (next > toSeq || (holding ? next > holdThrough : batch.length >= this.batch.maxMessages)) await flush();
        }
        if (next > holdThrough) await flush();
      } catch {
        // The pull failed (the consumer is gone, the server restarted…): start again from the next sequence.
        if (next > holdThrough) await flush().catch(() => undefined);
        consumer = undefined;
        if (this.running) await sleep(REOPEN_DELAY_MS);
      }
    }
    await handling;
    this.running = false;
  }

  // From a sequence rather than DeliverPolicy.All: nats.js adds a start sequence to an ordered consumer, which the
  // server refuses together with "all", and the client would retry for ever.
  private async open(seq: number): Promise<Consumer> {
    return this.nc.jetstream().consumers.get(this.stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: Math.max(1, seq) });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.current?.stop();
    await this.loop?.catch(() => undefined);
  }
}

const sleep = (ms: number) => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms));

export type DecodedEvent = { envelope: EventEnvelope } | { error: string };

export function decodeEvent(msg: JsMsg): DecodedEvent {
  let body: unknown;
  try {
    body = codec.decode(msg.data);
  } catch {
    return { error: 'the message is not JSON' };
  }
  return parseEnvelope(body);
}
