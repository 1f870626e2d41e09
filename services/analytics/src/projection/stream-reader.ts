import { DeliverPolicy, JSONCodec, type ConsumerMessages, type JsMsg, type NatsConnection } from 'nats';
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

/** Messages the client may hold ahead of the handler before the reader starts over from where it is. */
const MAX_QUEUED = 2_000;

/**
 * Reads a stream in order from a sequence with an ordered consumer (ephemeral, no acks: the reader keeps its own
 * position). `handle` is awaited message by message, so events are applied exactly in stream order. The client
 * pulls ahead of a slow handler without bound, so when more than MAX_QUEUED messages wait the reader drops its
 * consumer and opens a new one from the next sequence: a backlog costs re-deliveries, never memory.
 */
export class StreamReader {
  private running = false;
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;

  constructor(
    private readonly nc: NatsConnection,
    readonly stream: string,
  ) {}

  /** Follows the stream from `fromSeq` until stopped. */
  async follow(fromSeq: number, handle: (msg: JsMsg) => Promise<void>): Promise<void> {
    this.running = true;
    const first = await this.open(fromSeq);
    this.loop = this.run(first, fromSeq, handle, Infinity);
  }

  /** Reads from sequence 1 through `toSeq` (inclusive), then stops. */
  async readThrough(toSeq: number, handle: (msg: JsMsg) => void | Promise<void>): Promise<void> {
    if (toSeq < 1) return;
    this.running = true;
    await this.run(await this.open(1), 1, handle, toSeq);
  }

  private async run(first: ConsumerMessages, fromSeq: number, handle: (msg: JsMsg) => void | Promise<void>, toSeq: number): Promise<void> {
    let messages: ConsumerMessages | undefined = first;
    let next = fromSeq;
    let sinceYield = 0;
    while (this.running && next <= toSeq) {
      messages ??= await this.open(next);
      for await (const msg of messages) {
        if (!this.running) break;
        await handle(msg);
        next = msg.seq + 1;
        if (next > toSeq || messages.getPending() > MAX_QUEUED) break;
        // Buffered messages resolve as microtasks: pause now and then so requests are served during a replay.
        if (++sinceYield === 1_000) {
          sinceYield = 0;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      messages.stop();
      messages = undefined;
    }
    this.running = false;
  }

  // From a sequence rather than DeliverPolicy.All: nats.js adds a start sequence to an ordered consumer, which the
  // server refuses together with "all", and the client would retry for ever.
  private async open(seq: number): Promise<ConsumerMessages> {
    const consumer = await this.nc.jetstream().consumers.get(this.stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: Math.max(1, seq) });
    this.messages = await consumer.consume({ max_messages: 512 });
    return this.messages;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.messages?.stop();
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
