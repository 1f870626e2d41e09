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

/** Messages asked for per pull; the next pull is issued once these are handled. */
const PULL_MESSAGES = 256;
/** A pull that brings fewer messages ends after this long; the next one starts at once. */
const PULL_EXPIRES_MS = 5_000;
/** A pull still open this long after its expiry is taken as stuck. */
const STUCK_AFTER_MS = 5_000;
/** Before opening the consumer again after a failed pull. */
const REOPEN_DELAY_MS = 1_000;

/**
 * Reads a stream in order from a sequence with ONE ordered consumer (ephemeral, no acks: the reader keeps its own
 * position), pulling at most PULL_MESSAGES at a time: the next pull is issued only once the previous one's messages
 * are handled, so a slow handler costs waiting, never memory or new consumers (a pushed `consume()` made nats.js
 * recreate the consumer about every fourth message when the handler fell behind: 1,275 consumers for 5,000 events).
 * `handle` is awaited batch by batch, so events are applied exactly in stream order. The consumer is opened
 * again (from the next sequence) only when a pull fails.
 */
export class StreamReader {
  private running = false;
  private current?: { stop(): void };
  private loop?: Promise<void>;

  constructor(
    private readonly nc: NatsConnection,
    readonly stream: string,
  ) {}

  /** Follows the stream from `fromSeq` until stopped, message by message. */
  follow(fromSeq: number, handle: (msg: JsMsg) => Promise<void>): Promise<void> {
    return this.followBatches(fromSeq, async (batch) => {
      for (const msg of batch) await handle(msg);
    });
  }

  /**
   * Follows the stream from `fromSeq` until stopped, in batches: the messages that had arrived together (at most
   * one pull's worth), in order. A reader that keeps up gets batches of one; one that is behind gets full pulls.
   */
  async followBatches(fromSeq: number, handle: (batch: JsMsg[]) => Promise<void>): Promise<void> {
    this.running = true;
    // A stream that does not exist yet (its producer never started, nobody created it) is waited for: the loop
    // opens the consumer again every REOPEN_DELAY_MS until it can.
    const first = await this.open(fromSeq).catch(() => undefined);
    this.loop = this.run(first, fromSeq, handle, Infinity);
  }

  /** Reads from sequence 1 through `toSeq` (inclusive), then stops. */
  async readThrough(toSeq: number, handle: (msg: JsMsg) => void | Promise<void>): Promise<void> {
    if (toSeq < 1) return;
    this.running = true;
    await this.run(await this.open(1), 1, async (batch) => {
      for (const msg of batch) await handle(msg);
    }, toSeq);
  }

  private async run(first: Consumer | undefined, fromSeq: number, handle: (batch: JsMsg[]) => Promise<void>, toSeq: number): Promise<void> {
    let consumer: Consumer | undefined = first;
    let next = fromSeq;
    // The sequence a consumer was last opened at: a gap met right there is the stream's own (messages removed).
    let openedAt = fromSeq;
    while (this.running && next <= toSeq) {
      try {
        if (!consumer) {
          consumer = await this.open(next);
          openedAt = next;
        }
        const pull = await consumer.fetch({ max_messages: Math.min(PULL_MESSAGES, toSeq - next + 1), expires: PULL_EXPIRES_MS });
        this.current = pull;
        let gap = false;
        // A pull must end by its expiry; one that does not (seen once in a 20,000-event catch-up, cause unknown) is
        // stopped and the consumer opened again, so the reader can wait, never hang.
        let stuck = false;
        const watchdog = setTimeout(() => {
          stuck = true;
          pull.stop();
        }, PULL_EXPIRES_MS + STUCK_AFTER_MS);
        let batch: JsMsg[] = [];
        const deliver = async () => {
          if (!batch.length) return;
          const delivered = batch;
          batch = [];
          await handle(delivered);
        };
        try {
          for await (const msg of pull) {
            if (!this.running) break;
            if (msg.seq < next) continue;
            // nats.js can drop messages between pulls of one ordered consumer (seen: 171 of 3,000 under a slow
            // handler): a message past the next expected one means some never reached us. Read again from there.
            if (msg.seq > next && next !== openedAt) {
              gap = true;
              break;
            }
            batch.push(msg);
            next = msg.seq + 1;
            openedAt = -1;
            if (next > toSeq) break;
            // The message in hand is the only one received and not yet read: nothing more has arrived.
            if (pull.getPending() <= 1) await deliver();
          }
          if (this.running) await deliver();
        } finally {
          clearTimeout(watchdog);
        }
        if (gap || stuck) {
          pull.stop();
          consumer = undefined;
          continue;
        }
        // Buffered messages resolve as microtasks: let requests in between pulls during a replay.
        await new Promise((resolve) => setImmediate(resolve));
      } catch {
        // The pull failed (the consumer is gone, the server restarted…): start again from the next sequence.
        consumer = undefined;
        if (this.running) await new Promise((resolve) => setTimeout(resolve, REOPEN_DELAY_MS));
      }
    }
    this.current?.stop();
    this.running = false;
  }

  // From a sequence rather than DeliverPolicy.All: nats.js adds a start sequence to an ordered consumer, which the
  // server refuses together with "all", and the client would retry for ever.
  private open(seq: number): Promise<Consumer> {
    return this.nc.jetstream().consumers.get(this.stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: Math.max(1, seq) });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.current?.stop();
    await this.loop?.catch(() => undefined);
  }
}

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
