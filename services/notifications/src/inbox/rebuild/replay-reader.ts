import { DeliverPolicy, JSONCodec, type Consumer, type JsMsg, type NatsConnection } from 'nats';
import { parseEnvelope, type EventEnvelope } from '@cadre/contracts';

const codec = JSONCodec();
const PULL_MESSAGES = 256;
const PULL_EXPIRES_MS = 5_000;

/** The last sequence a stream holds now (0 when empty or absent). */
export async function lastSequence(nc: NatsConnection, stream: string): Promise<number> {
  try {
    return (await (await nc.jetstreamManager()).streams.info(stream)).state.last_seq;
  } catch {
    return 0;
  }
}

/**
 * Reads a stream from sequence 1 through `toSeq` in order with one ephemeral ordered consumer (no acks, no durable
 * touched: the live durable consumer goes on beside it), pulling a batch at a time and handling each message before
 * the next pull. A gap (nats.js can drop messages between pulls of an ordered consumer) opens the consumer again from
 * the next expected sequence, as analytics' StreamReader does.
 */
export async function replayThrough(nc: NatsConnection, stream: string, toSeq: number, handle: (envelope: EventEnvelope, subject: string) => Promise<void>): Promise<number> {
  let next = 1;
  let handled = 0;
  let consumer: Consumer | undefined;
  let openedAt = 1;
  let failures = 0;
  while (next <= toSeq) {
    try {
      if (!consumer) {
        consumer = await nc.jetstream().consumers.get(stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: next });
        openedAt = next;
      }
      const pull = await consumer.fetch({ max_messages: Math.min(PULL_MESSAGES, toSeq - next + 1), expires: PULL_EXPIRES_MS });
      const batch: JsMsg[] = [];
      let gap = false;
      for await (const msg of pull) {
        if (msg.seq < next) continue;
        if (msg.seq > next && next !== openedAt) {
          gap = true;
          break;
        }
        batch.push(msg);
        next = msg.seq + 1;
        openedAt = -1;
        if (next > toSeq) break;
      }
      if (gap) {
        pull.stop();
        consumer = undefined;
      }
      for (const msg of batch) {
        let body: unknown;
        try {
          body = codec.decode(msg.data);
        } catch {
          continue; // not JSON: the live consumer dead-lettered it
        }
        const parsed = parseEnvelope(body);
        if ('error' in parsed) continue;
        await handle(parsed.envelope, msg.subject);
        handled += 1;
      }
      failures = 0;
      if (!batch.length && !gap) {
        // An empty pull before the end: the messages up to toSeq were removed (limits); nothing more to read.
        if ((await lastSequence(nc, stream)) < next) break;
        consumer = undefined;
      }
    } catch (error) {
      consumer = undefined;
      if (++failures > 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
  return handled;
}
