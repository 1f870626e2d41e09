import { JSONCodec, connect, type NatsConnection } from 'nats';
import { STREAMS, type EventEnvelope } from '@cadre/contracts';
import type { Component } from '@cadre/testing';

const codec = JSONCodec<EventEnvelope>();

/**
 * The events scoring published on its stream, read message by message (the component's `published` asks for a
 * consumer with several filter subjects, which the nats-server of this machine, 2.9, refuses).
 */
export class ScoringStream {
  private nc?: NatsConnection;
  private readonly seen: EventEnvelope[] = [];

  constructor(private readonly component: Component) {}

  async events<T>(subject: string): Promise<EventEnvelope<T>[]> {
    this.nc ??= await connect({ servers: this.component.nats.url, name: 'scoring-stream-reader' });
    const jsm = await this.nc.jetstreamManager();
    const { state } = await jsm.streams.info(STREAMS.SCORING.name);
    for (let seq = Math.max(this.seen.length + 1, state.first_seq); seq <= state.last_seq; seq++) {
      const message = await jsm.streams.getMessage(STREAMS.SCORING.name, { seq });
      this.seen.push(codec.decode(message.data));
    }
    return this.seen.filter((e) => e.type === subject) as EventEnvelope<T>[];
  }

  async close(): Promise<void> {
    await this.nc?.drain().catch(() => undefined);
  }
}
