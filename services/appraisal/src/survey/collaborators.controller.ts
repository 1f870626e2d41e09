import { Controller, Inject, Injectable } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RECORD_EVENTS, TASK_EVENTS, beijingDate, type BidSubmittedV1, type EventEnvelope, type RecordTransitionV1 } from '@cadre/contracts';
import { DurableEvent } from '@cadre/messaging';
import { COLLABORATORS } from './survey.schema';
import { SurveyStore, collaboratorsId } from './survey-store';

/**
 * Who worked with whom, per year (Beijing time), for the 同级 raters drawn when a survey opens: the participants of
 * each verified record, and the members of each team that bid. A set per person and year (`collaborators`, `_id`
 * `<year>:<userId>`), only ever added to: a redelivered event adds nothing (idempotent without versions).
 */
@Injectable()
export class Collaborators {
  constructor(@Inject(SurveyStore) private readonly store: SurveyStore) {}

  async together(year: string, userIds: string[]): Promise<void> {
    const people = [...new Set(userIds.filter((id) => typeof id === 'string' && id))];
    if (!/^\d{4}$/.test(year) || people.length < 2) return;
    for (const userId of people) {
      const others = people.filter((id) => id !== userId);
      const id = collaboratorsId(year, userId);
      await this.store.locks.run(COLLABORATORS, id, () => this.store.collaborators.updateOne({ _id: id }, { $addToSet: { userIds: { $each: others } } }, { upsert: true }));
    }
  }
}

@Controller()
export class CollaboratorsController {
  constructor(@Inject(Collaborators) private readonly collaborators: Collaborators) {}

  @DurableEvent(RECORD_EVENTS.verified)
  async onRecordVerified(@Payload() event: EventEnvelope<RecordTransitionV1>) {
    const r = event.data;
    await this.collaborators.together(beijingDate(r.verifiedAt ?? event.occurredAt).slice(0, 4), (r.participants ?? []).map((p) => p.userId));
  }

  @DurableEvent(TASK_EVENTS.bidSubmitted)
  async onBidSubmitted(@Payload() event: EventEnvelope<BidSubmittedV1>) {
    const b = event.data;
    await this.collaborators.together(beijingDate(b.submittedAt ?? event.occurredAt).slice(0, 4), (b.members ?? []).map((m) => m.userId));
  }
}
