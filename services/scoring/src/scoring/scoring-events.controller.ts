import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RECORD_EVENTS, TASK_EVENTS, type EventEnvelope, type RecordTransitionV1, type TaskConcludedV1 } from '@cadre/contracts';
import { DurableEvent } from '@cadre/messaging';
import { LedgerService } from './ledger.service';
import { ScoringJobs } from './scoring.jobs';

/** Durable consumers: each event writes its ledger entries (idempotently), then asks for the cadres' totals. */
@Controller()
export class ScoringEventsController {
  constructor(
    @Inject(LedgerService) private readonly ledger: LedgerService,
    @Inject(ScoringJobs) private readonly jobs: ScoringJobs,
  ) {}

  @DurableEvent(RECORD_EVENTS.verified)
  async onVerified(@Payload() event: EventEnvelope<RecordTransitionV1>) {
    await this.jobs.recomputeCadres(await this.ledger.recordVerified(event));
  }

  @DurableEvent(RECORD_EVENTS.revoked)
  async onRevoked(@Payload() event: EventEnvelope<RecordTransitionV1>) {
    await this.jobs.recomputeCadres(await this.ledger.recordRevoked(event));
  }

  @DurableEvent(TASK_EVENTS.concluded)
  async onConcluded(@Payload() event: EventEnvelope<TaskConcludedV1>) {
    await this.jobs.recomputeCadres(await this.ledger.taskConcluded(event));
  }
}
