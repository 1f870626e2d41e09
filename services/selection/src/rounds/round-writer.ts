import { Inject, Injectable } from '@nestjs/common';
import { each, type PendingEvent } from '@cadre/messaging';
import type { RoundDocument } from './round.schema';
import { ROUND_STORE, type RoundStore } from './rounds-data.module';
import type { RoundStep } from './domain/round';

export interface Decided {
  step: RoundStep;
  /** The events, built from the round as it is after the step (its new version). */
  events?: (after: RoundDocument, now: Date) => PendingEvent[];
}

/**
 * The one write of a round: under the round's lock, the pure step decides on the round as read (position counts,
 * objections, the window and the status are checked in the same locked, versioned write), then the fields, the
 * history lines and the events go in one update. A step that changes nothing writes nothing.
 */
@Injectable()
export class RoundWriter {
  constructor(@Inject(ROUND_STORE) private readonly store: RoundStore) {}

  async write(roundId: string, decide: (round: RoundDocument, now: Date) => Decided): Promise<RoundDocument> {
    const { after } = await this.store.change(roundId, (round) => {
      const now = new Date();
      const { step, events } = decide(round, now);
      if (!Object.keys(step.set).length && !step.history.length) return null;
      const next: RoundDocument = { ...round, ...step.set, history: [...round.history, ...step.history], version: round.version + 1 };
      return {
        set: step.set,
        ...(step.history.length ? { push: { history: step.history.length === 1 ? step.history[0] : each(step.history) } } : {}),
        events: events?.(next, now) ?? [],
      };
    });
    return after;
  }

  async create(round: RoundDocument, events: PendingEvent[]): Promise<void> {
    await this.store.create(round, events);
  }
}
