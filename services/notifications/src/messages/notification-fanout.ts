import { Inject, Injectable } from '@nestjs/common';
import {
  APPRAISAL_EVENTS,
  RECORD_EVENTS,
  SCORING_EVENTS,
  TASK_EVENTS,
  type AppraisalGradeV1,
  type BidSubmittedV1,
  type EventEnvelope,
  type ScoreUpdatedV1,
  type TeamChangedV1,
  type TeamFormedV1,
} from '@cadre/contracts';
import { DirectoryReplica } from '@cadre/directory';
import type { InboxChange } from '../inbox/inbox-change';
import { ChannelDelivery } from '../channels/channel-delivery';
import { ReminderScheduler } from '../reminders/reminder-scheduler';
import { NotificationStore } from './notification-store';
import { LivePush } from './live-push';
import { UNKNOWN_PERSON, messagesFor, newlyInvited, peopleOf, type MessageContext } from './domain/messages';
import type { NotificationDoc } from './notification.schema';

export type { InboxChange } from '../inbox/inbox-change';

const RECORD_TYPES = new Set<string>(Object.values(RECORD_EVENTS));

/**
 * The messages (消息) of each event, after the inbox has applied it (events/events.controller.ts): keeps the few facts
 * messages and escalations need (a bid's members, who answers for a record, task or team, a team's invitations),
 * stores the event's messages (keyed: a redelivery stores nothing), pushes each new one live and hands it to the
 * channels; schedules the reminders of opened items and cancels those of closed ones. An inbox rebuild replays the
 * streams through the inbox only and never calls this (inbox/inbox-change.ts); were it to, every message is keyed by
 * its event and would meet itself.
 */
@Injectable()
export class NotificationFanout {
  constructor(
    @Inject(NotificationStore) private readonly store: NotificationStore,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
    @Inject(LivePush) private readonly live: LivePush,
    @Inject(ChannelDelivery) private readonly channels: ChannelDelivery,
    @Inject(ReminderScheduler) private readonly reminders: ReminderScheduler,
  ) {}

  async apply(envelope: EventEnvelope, changes: InboxChange[]): Promise<void> {
    await this.reminders.schedule(changes);
    if (envelope.type === SCORING_EVENTS.scoreUpdated) {
      await this.fillPoints(envelope as EventEnvelope<ScoreUpdatedV1>);
      return;
    }
    const context: MessageContext = { names: UNKNOWN_NAMES };
    if (envelope.type === TASK_EVENTS.teamChanged) context.newlyInvited = await this.newlyInvited(envelope.data as TeamChangedV1);
    if (envelope.type === APPRAISAL_EVENTS.gradeReturned) context.appraisers = await this.appraisersOf(envelope.data as AppraisalGradeV1);
    if (envelope.type === TASK_EVENTS.awarded) context.bids = await this.store.bidsOf((envelope.data as { taskId: string }).taskId);
    context.names = await this.names(peopleOf(envelope));
    const drafts = messagesFor(envelope, context);
    if (drafts.length > 0) await this.send(await this.store.insert(drafts));
    // Facts after the messages: a crash in between leaves the facts as they were, and the redelivery computes the same messages.
    await this.keepFacts(envelope);
  }

  /** Pushes stored messages live and hands them to the channels (the reminders use it too). */
  async send(docs: NotificationDoc[]): Promise<void> {
    if (docs.length === 0) return;
    this.live.notify(docs);
    await this.channels.enqueue(docs.map((d) => d._id));
  }

  async names(ids: string[]): Promise<(id: string) => string> {
    const users = await Promise.all([...new Set(ids)].map((id) => this.directory.user(id)));
    const byId = new Map(users.filter((u) => u !== null).map((u) => [u!._id, u!.name]));
    return (id: string) => byId.get(id) ?? UNKNOWN_PERSON;
  }

  private async fillPoints(envelope: EventEnvelope<ScoreUpdatedV1>): Promise<void> {
    const { cadreId, bySource, period, revision, updatedAt } = envelope.data;
    if (typeof cadreId !== 'string' || !bySource || typeof bySource !== 'object' || typeof revision !== 'number') return;
    const at = updatedAt ?? envelope.occurredAt;
    await this.store.keepScore({ cadreId, period: String(period), bySource, revision, updatedAt: at });
    const filled = await this.store.fillPoints(cadreId, { bySource, revision, updatedAt: new Date(at) });
    this.live.notify(filled); // the same message again, with its points: live only, never a second mail
  }

  /** The active appraisers whose own department lies on the cadre's department path (who hold its 考核退回). */
  private async appraisersOf(grade: AppraisalGradeV1): Promise<string[]> {
    const path = Array.isArray(grade?.departmentPath) ? grade.departmentPath.filter((d) => typeof d === 'string') : [];
    if (!path.length) return [];
    return (await this.directory.usersWithRole('appraiser', path)).map((u) => u._id);
  }

  private async newlyInvited(team: TeamChangedV1): Promise<string[]> {
    const known = await this.store.subject(`team:${team.teamId}`);
    if (known && known.version >= team.version) return []; // seen: its invitations were sent then
    return newlyInvited(known?.invitations ?? null, team);
  }

  private async keepFacts(envelope: EventEnvelope): Promise<void> {
    const data = (envelope.data ?? {}) as Record<string, unknown>;
    const version = typeof data.version === 'number' ? data.version : 0;
    if (RECORD_TYPES.has(envelope.type) && typeof data.recordId === 'string' && typeof data.cadreId === 'string') {
      await this.store.keepSubject(`record:${data.recordId}`, version, data.cadreId);
    } else if (envelope.type === TASK_EVENTS.bidSubmitted) {
      const bid = data as unknown as BidSubmittedV1;
      await this.store.keepBid({ bidId: bid.bidId, taskId: bid.taskId, teamId: bid.teamId, teamName: bid.teamName, memberIds: bid.members.map((m) => m.userId), version: bid.version });
    } else if (envelope.type === TASK_EVENTS.teamChanged) {
      const team = data as unknown as TeamChangedV1;
      await this.store.keepSubject(`team:${team.teamId}`, team.version, team.leadId, Object.fromEntries(team.members.map((m) => [m.userId, m.invitation])));
    } else if (envelope.type === TASK_EVENTS.teamFormed) {
      const team = data as unknown as TeamFormedV1;
      await this.store.keepSubject(`team:${team.teamId}`, team.version, team.leadId);
    } else if (typeof data.taskId === 'string' && typeof data.publisherId === 'string') {
      await this.store.keepSubject(`task:${data.taskId}`, version, data.publisherId);
    }
  }
}

const UNKNOWN_NAMES = () => UNKNOWN_PERSON;
