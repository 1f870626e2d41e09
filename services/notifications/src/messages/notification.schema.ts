import { Schema, type Connection, type Model } from 'mongoose';
import type { NotificationKind } from '@cadre/contracts';

export const NOTIFICATIONS = Symbol('NOTIFICATIONS');
export const BID_FACTS = Symbol('BID_FACTS');
export const SUBJECT_FACTS = Symbol('SUBJECT_FACTS');
export const KNOWN_SCORES = Symbol('KNOWN_SCORES');
export const MAILBOXES = Symbol('MAILBOXES');
export const PENDING_POINTS = Symbol('PENDING_POINTS');
export const TASK_BIDS = Symbol('TASK_BIDS');

/**
 * One message (消息) to one person. `_id` is derived from what caused it (the event id, or the reminder's item and
 * due time), the recipient and the kind (domain/messages.ts `messageId`): an immutable insert keyed by identity, so a
 * redelivered event or an inbox rebuild meets the message already there and sends nothing. Only `readAt` and the
 * points (filled once by `scoring.score.updated`) change afterwards.
 */
export interface NotificationDoc {
  _id: string;
  key: string;
  recipientId: string;
  kind: NotificationKind;
  title: string;
  baseBody: string;
  body: string;
  link: string;
  pointsSource: string | null;
  points: number | null;
  createdAt: Date;
  readAt: Date | null;
  /** Set once the recipient's mailbox counts it (a redelivery after a crash in between adds it then). */
  inMailbox?: boolean;
}

const notificationSchema = new Schema<NotificationDoc>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    recipientId: { type: String, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    baseBody: { type: String, default: '' },
    body: { type: String, default: '' },
    link: { type: String, default: '' },
    pointsSource: { type: String, default: null },
    points: { type: Number, default: null },
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
    inMailbox: { type: Boolean, default: false },
  },
  { collection: 'notifications', versionKey: false, autoIndex: false, strictQuery: true },
);
// Read only by `_id`: the list and the counts come from the recipient's mailbox, the messages waiting for points from
// notification_pending_points (FerretDB v1 answers any other filter by scanning the collection).

/** A task's bid as `tasks.bid.submitted` described it: the award names bids and teams, the messages need their members. Forward only by version. */
export interface BidFactDoc {
  _id: string;
  taskId: string;
  teamId: string;
  teamName: string;
  memberIds: string[];
  version: number;
}

const bidFactSchema = new Schema<BidFactDoc>(
  {
    _id: { type: String, required: true },
    taskId: { type: String, required: true },
    teamId: { type: String, required: true },
    teamName: { type: String, default: '' },
    memberIds: { type: [String], default: [] },
    version: { type: Number, required: true },
  },
  { collection: 'notification_bids', versionKey: false, autoIndex: false, strictQuery: true },
);

/** A task's bids by id (`_id` = taskId): the award reads them by `_id` rather than filtering notification_bids by task. */
export interface TaskBidsDoc {
  _id: string;
  bidIds: string[];
}

const taskBidsSchema = new Schema<TaskBidsDoc>(
  { _id: { type: String, required: true }, bidIds: { type: [String], default: [] } },
  { collection: 'notification_task_bids', versionKey: false, autoIndex: false, strictQuery: true },
);

/**
 * A person's mailbox (`_id` = userId): counts and the latest messages' summaries, newest first (domain/mailbox.ts).
 * Written under the recipient's in-process lock after the message itself, keyed by the message id.
 */
export interface MailboxDoc {
  _id: string;
  total: number;
  unread: number;
  entries: { _id: string; kind: string; title: string; body: string; link: string; createdAt: Date; readAt: Date | null }[];
  olderUnread: string[];
}

const mailboxSchema = new Schema<MailboxDoc>(
  {
    _id: { type: String, required: true },
    total: { type: Number, default: 0 },
    unread: { type: Number, default: 0 },
    entries: { type: Schema.Types.Mixed, default: [] },
    olderUnread: { type: [String], default: [] },
  },
  { collection: 'notification_mailboxes', versionKey: false, autoIndex: false, strictQuery: true, minimize: false },
);

/** A cadre's messages waiting for points from one source: `_id` = `<cadreId>|<source>`. */
export interface PendingPointsDoc {
  _id: string;
  messageIds: string[];
}

const pendingPointsSchema = new Schema<PendingPointsDoc>(
  { _id: { type: String, required: true }, messageIds: { type: [String], default: [] } },
  { collection: 'notification_pending_points', versionKey: false, autoIndex: false, strictQuery: true },
);

/**
 * Who answers for an object when its work item is overdue (escalation): a record's filer, a task's publisher, a
 * team's lead; and a team's members' invitation states at the last change seen (who a change newly invites).
 * `_id` is `record:<id>`, `task:<id>`, `team:<id>`. Forward only by the object's version.
 */
export interface SubjectFactDoc {
  _id: string;
  ownerId: string;
  invitations: Record<string, string>;
  version: number;
}

const subjectFactSchema = new Schema<SubjectFactDoc>(
  {
    _id: { type: String, required: true },
    ownerId: { type: String, required: true },
    invitations: { type: Schema.Types.Mixed, default: {} },
    version: { type: Number, required: true },
  },
  { collection: 'notification_subjects', versionKey: false, autoIndex: false, strictQuery: true, minimize: false },
);

/**
 * A cadre's latest points by source per period, as `scoring.score.updated` announced them (each period forward only
 * by revision): a verified or concluded message stored after its announcement (the streams are consumed side by side)
 * takes its points from here. `_id` is the cadre's id: one read by `_id` (it replaces `notification_scores`, one
 * document per `<cadreId>|<period>` found by a filter on cadreId, copied over once at start).
 */
export interface KnownScoreDoc {
  _id: string;
  periods: Record<string, { bySource: Record<string, number>; revision: number; updatedAt: Date }>;
}

const knownScoreSchema = new Schema<KnownScoreDoc>(
  {
    _id: { type: String, required: true },
    periods: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'notification_cadre_scores', versionKey: false, autoIndex: false, strictQuery: true, minimize: false },
);

export const messageModels = {
  scores: (c: Connection): Model<KnownScoreDoc> => c.model<KnownScoreDoc>('NotificationCadreScore', knownScoreSchema),
  notifications: (c: Connection): Model<NotificationDoc> => c.model<NotificationDoc>('Notification', notificationSchema),
  bids: (c: Connection): Model<BidFactDoc> => c.model<BidFactDoc>('NotificationBidFact', bidFactSchema),
  subjects: (c: Connection): Model<SubjectFactDoc> => c.model<SubjectFactDoc>('NotificationSubjectFact', subjectFactSchema),
  mailboxes: (c: Connection): Model<MailboxDoc> => c.model<MailboxDoc>('NotificationMailbox', mailboxSchema),
  pendingPoints: (c: Connection): Model<PendingPointsDoc> => c.model<PendingPointsDoc>('NotificationPendingPoints', pendingPointsSchema),
  taskBids: (c: Connection): Model<TaskBidsDoc> => c.model<TaskBidsDoc>('NotificationTaskBids', taskBidsSchema),
};
