import { Schema, type Connection, type Model } from 'mongoose';
import type { NotificationKind } from '@cadre/contracts';

export const NOTIFICATIONS = Symbol('NOTIFICATIONS');
export const BID_FACTS = Symbol('BID_FACTS');
export const SUBJECT_FACTS = Symbol('SUBJECT_FACTS');
export const KNOWN_SCORES = Symbol('KNOWN_SCORES');

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
  },
  { collection: 'notifications', versionKey: false, autoIndex: false, strictQuery: true },
);
// The caller's list, newest first; the unread count.
notificationSchema.index({ recipientId: 1, createdAt: -1 });
notificationSchema.index({ recipientId: 1, readAt: 1 });
// A cadre's messages waiting for points from a source.
notificationSchema.index({ recipientId: 1, pointsSource: 1 });

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
bidFactSchema.index({ taskId: 1 });

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
 * A cadre's latest points by source per period, as `scoring.score.updated` announced them (forward only by revision):
 * a verified or concluded message stored after its announcement (the streams are consumed side by side) takes its
 * points from here. `_id` is `<cadreId>|<period>`.
 */
export interface KnownScoreDoc {
  _id: string;
  cadreId: string;
  bySource: Record<string, number>;
  revision: number;
  updatedAt: Date;
}

const knownScoreSchema = new Schema<KnownScoreDoc>(
  {
    _id: { type: String, required: true },
    cadreId: { type: String, required: true },
    bySource: { type: Schema.Types.Mixed, default: {} },
    revision: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'notification_scores', versionKey: false, autoIndex: false, strictQuery: true, minimize: false },
);
knownScoreSchema.index({ cadreId: 1 });

export const messageModels = {
  scores: (c: Connection): Model<KnownScoreDoc> => c.model<KnownScoreDoc>('NotificationKnownScore', knownScoreSchema),
  notifications: (c: Connection): Model<NotificationDoc> => c.model<NotificationDoc>('Notification', notificationSchema),
  bids: (c: Connection): Model<BidFactDoc> => c.model<BidFactDoc>('NotificationBidFact', bidFactSchema),
  subjects: (c: Connection): Model<SubjectFactDoc> => c.model<SubjectFactDoc>('NotificationSubjectFact', subjectFactSchema),
};
