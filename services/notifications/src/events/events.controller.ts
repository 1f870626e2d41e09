import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { APPRAISAL_EVENTS, RECORD_EVENTS, SCORING_EVENTS, SELECTION_EVENTS, TASK_EVENTS, type EventEnvelope } from '@cadre/contracts';
import { DurableEvent } from '@cadre/messaging';
import { InboxProjector } from '../inbox/inbox-projector';
import { NotificationFanout } from '../messages/notification-fanout';

/**
 * Durable consumers (durable `notifications` on RECORDS, TASKS, SCORING, APPRAISAL, SELECTION — the transport creates a stream
 * that does not exist yet, so notifications may start before the appraisal or selection service ever published; DIRECTORY through the directory replica):
 * each event first moves the inbox (idempotent: items keep the source version they applied), then the messages
 * see what it changed.
 */
@Controller()
export class EventsController {
  constructor(
    @Inject(InboxProjector) private readonly inbox: InboxProjector,
    @Inject(NotificationFanout) private readonly fanout: NotificationFanout,
  ) {}

  private async handle(envelope: EventEnvelope): Promise<void> {
    const changes = await this.inbox.apply(envelope);
    await this.fanout.apply(envelope, changes);
  }

  @DurableEvent(RECORD_EVENTS.updated) onRecordUpdated(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(RECORD_EVENTS.submitted) onRecordSubmitted(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(RECORD_EVENTS.reviewed) onRecordReviewed(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(RECORD_EVENTS.returned) onRecordReturned(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(RECORD_EVENTS.rejected) onRecordRejected(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(RECORD_EVENTS.verified) onRecordVerified(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(RECORD_EVENTS.revoked) onRecordRevoked(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(RECORD_EVENTS.withdrawn) onRecordWithdrawn(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(RECORD_EVENTS.deleted) onRecordDeleted(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(RECORD_EVENTS.reopened) onRecordReopened(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(RECORD_EVENTS.shareAnswered) onShareAnswered(@Payload() e: EventEnvelope) { return this.handle(e); }

  @DurableEvent(TASK_EVENTS.published) onTaskPublished(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(TASK_EVENTS.updated) onTaskUpdated(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(TASK_EVENTS.biddingClosed) onBiddingClosed(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(TASK_EVENTS.evaluationRecorded) onEvaluationRecorded(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(TASK_EVENTS.awarded) onTaskAwarded(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(TASK_EVENTS.resultsSubmitted) onResultsSubmitted(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(TASK_EVENTS.reviewRecorded) onReviewRecorded(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(TASK_EVENTS.concluded) onTaskConcluded(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(TASK_EVENTS.unclaimed) onTaskUnclaimed(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(TASK_EVENTS.withdrawn) onTaskWithdrawn(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(TASK_EVENTS.teamChanged) onTeamChanged(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(TASK_EVENTS.teamFormed) onTeamFormed(@Payload() e: EventEnvelope) { return this.handle(e); }
  /** The messages keep each bid's team and members (the award names bids, not people). */
  @DurableEvent(TASK_EVENTS.bidSubmitted) onBidSubmitted(@Payload() e: EventEnvelope) { return this.handle(e); }

  @DurableEvent(APPRAISAL_EVENTS.gradeSubmitted) onGradeSubmitted(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(APPRAISAL_EVENTS.gradeReturned) onGradeReturned(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(APPRAISAL_EVENTS.gradeConfirmed) onGradeConfirmed(@Payload() e: EventEnvelope) { return this.handle(e); }

  /** 选人用人: 任前公示 (messages to the candidates), objections, applications, appeals (items and messages). */
  @DurableEvent(SELECTION_EVENTS.noticePublished) onNoticePublished(@Payload() e: EventEnvelope) { return this.handle(e); }
  /** A round past applying (notice published, concluded) closes the 待推荐 of its applications left unrecommended. */
  @DurableEvent(SELECTION_EVENTS.roundConcluded) onRoundConcluded(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(SELECTION_EVENTS.objectionFiled) onObjectionFiled(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(SELECTION_EVENTS.objectionAnswered) onObjectionAnswered(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(SELECTION_EVENTS.applicationSubmitted) onApplicationSubmitted(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(SELECTION_EVENTS.applicationRecommended) onApplicationRecommended(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(SELECTION_EVENTS.appealFiled) onAppealFiled(@Payload() e: EventEnvelope) { return this.handle(e); }
  @DurableEvent(SELECTION_EVENTS.appealDecided) onAppealDecided(@Payload() e: EventEnvelope) { return this.handle(e); }

  @DurableEvent(SCORING_EVENTS.scoreUpdated) onScoreUpdated(@Payload() e: EventEnvelope) { return this.handle(e); }
}
