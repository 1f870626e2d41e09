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

/**
 * Reads a stream in order from a sequence with an ordered consumer (ephemeral, no acks: the reader keeps its own
 * position). `handle` is awaited message by message, so events are applied exactly in stream order.
 */
export class StreamReader {
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;

  constructor(
    private readonly nc: NatsConnection,
    readonly stream: string,
  ) {}

  /** Follows the stream from `fromSeq` until stopped. */
  async follow(fromSeq: number, handle: (msg: JsMsg) => Promise<void>): Promise<void> {
    const consumer = await this.nc.jetstream().consumers.get(this.stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: Math.max(1, fromSeq) });
    this.messages = await consumer.consume({ max_messages: 512 });
    const messages = this.messages;
    this.loop = (async () => {
      for await (const msg of messages) await handle(msg);
    })();
  }

  /** Reads from sequence 1 through `toSeq` (inclusive), then stops. */
  async readThrough(toSeq: number, handle: (msg: JsMsg) => void | Promise<void>): Promise<void> {
    if (toSeq < 1) return;
    // From sequence 1 rather than DeliverPolicy.All: nats.js adds a start sequence to an ordered consumer, which
    // the server refuses together with "all", and the client would retry for ever.
    const consumer = await this.nc.jetstream().consumers.get(this.stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: 1 });
    const messages = await consumer.consume({ max_messages: 2_048 });
    let sinceYield = 0;
    for await (const msg of messages) {
      await handle(msg);
      if (msg.seq >= toSeq) break;
      // Buffered messages resolve as microtasks: without a pause the requests this process serves would wait for
      // the whole replay.
      if (++sinceYield === 1_000) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    messages.stop();
  }

  async stop(): Promise<void> {
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
