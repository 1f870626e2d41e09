import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { APPRAISAL_EVENTS, RECORD_EVENTS, TASK_EVENTS, type AppraisalGradeV1, type EventEnvelope, type RecordTransitionV1, type TaskConcludedV1 } from '@cadre/contracts';
import { DurableEvent } from '@cadre/messaging';
import { RecordVerified } from './usecases/record-verified/usecase';
import { RecordRevoked } from './usecases/record-revoked/usecase';
import { RecordReopened } from './usecases/record-reopened/usecase';
import { TaskConcluded } from './usecases/task-concluded/usecase';
import { GradeConfirmed } from './usecases/grade-confirmed/usecase';
import { GradeReturned } from './usecases/grade-returned/usecase';

/**
 * Durable consumers (`scoring` on RECORDS, TASKS and APPRAISAL): each event writes its ledger entries (idempotently,
 * see ledger/ledger.ts), then asks for the cadres' totals. Of APPRAISAL only confirmed and returned grades matter;
 * its other events (a grade submitted, cycles, survey results) are acknowledged and skipped.
 */
@Controller()
export class ScoringEventsController {
  constructor(
    @Inject(RecordVerified) private readonly recordVerified: RecordVerified,
    @Inject(RecordRevoked) private readonly recordRevoked: RecordRevoked,
    @Inject(RecordReopened) private readonly recordReopened: RecordReopened,
    @Inject(TaskConcluded) private readonly taskConcluded: TaskConcluded,
    @Inject(GradeConfirmed) private readonly gradeConfirmed: GradeConfirmed,
    @Inject(GradeReturned) private readonly gradeReturned: GradeReturned,
  ) {}

  @DurableEvent(RECORD_EVENTS.verified)
  onVerified(@Payload() event: EventEnvelope<RecordTransitionV1>) {
    return this.recordVerified.execute({ event });
  }

  @DurableEvent(RECORD_EVENTS.revoked)
  onRevoked(@Payload() event: EventEnvelope<RecordTransitionV1>) {
    return this.recordRevoked.execute({ event });
  }

  @DurableEvent(RECORD_EVENTS.reopened)
  onReopened(@Payload() event: EventEnvelope<RecordTransitionV1>) {
    return this.recordReopened.execute({ event });
  }

  @DurableEvent(TASK_EVENTS.concluded)
  onConcluded(@Payload() event: EventEnvelope<TaskConcludedV1>) {
    return this.taskConcluded.execute({ event });
  }

  @DurableEvent(APPRAISAL_EVENTS.gradeConfirmed)
  onGradeConfirmed(@Payload() event: EventEnvelope<AppraisalGradeV1>) {
    return this.gradeConfirmed.execute({ event });
  }

  @DurableEvent(APPRAISAL_EVENTS.gradeReturned)
  onGradeReturned(@Payload() event: EventEnvelope<AppraisalGradeV1>) {
    return this.gradeReturned.execute({ event });
  }
}
