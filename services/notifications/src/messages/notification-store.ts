import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import type { NotificationListView, NotificationView } from '@cadre/contracts';
import { ensureIndexes, isDuplicateKeyError, problems } from '@cadre/platform';
import { BID_FACTS, KNOWN_SCORES, NOTIFICATIONS, SUBJECT_FACTS, type BidFactDoc, type KnownScoreDoc, type NotificationDoc, type SubjectFactDoc } from './notification.schema';
import { pointsFor, type KnownScore } from './domain/points';
import { messageId, messageKey, renderBody, type BidFact, type MessageDraft } from './domain/messages';

const SOURCE_KEY = /^(record|task):[A-Za-z0-9_-]{1,64}$/;

const knownScore = (doc: KnownScoreDoc): KnownScore => ({ bySource: doc.bySource ?? {}, revision: doc.revision, updatedAt: new Date(doc.updatedAt) });

export function notificationView(doc: NotificationDoc): NotificationView {
  return {
    id: doc._id,
    kind: doc.kind,
    title: doc.title,
    body: doc.body,
    link: doc.link,
    createdAt: new Date(doc.createdAt).toISOString(),
    readAt: doc.readAt ? new Date(doc.readAt).toISOString() : null,
  };
}

/** The messages and the few facts they need (bids, owners of objects). Every write is keyed: see notification.schema.ts. */
@Injectable()
export class NotificationStore implements OnModuleInit {
  constructor(
    @Inject(NOTIFICATIONS) private readonly notifications: Model<NotificationDoc>,
    @Inject(BID_FACTS) private readonly bids: Model<BidFactDoc>,
    @Inject(SUBJECT_FACTS) private readonly subjects: Model<SubjectFactDoc>,
    @Inject(KNOWN_SCORES) private readonly scores: Model<KnownScoreDoc>,
  ) {}

  async onModuleInit() {
    await ensureIndexes([this.notifications, this.bids, this.subjects, this.scores]);
  }

  /** Stores the drafts; answers only those that were new (a redelivery answers none). */
  async insert(drafts: MessageDraft[]): Promise<NotificationDoc[]> {
    const added: NotificationDoc[] = [];
    for (const d of drafts) {
      const doc: NotificationDoc = {
        _id: messageId(d),
        key: messageKey(d),
        recipientId: d.recipientId,
        kind: d.kind,
        title: d.title,
        baseBody: d.baseBody,
        body: renderBody(d.baseBody, null),
        link: d.link,
        pointsSource: d.pointsSource,
        points: null,
        createdAt: new Date(d.createdAt),
        readAt: null,
      };
      try {
        await this.notifications.collection.insertOne(doc as never);
        added.push(doc);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    return Promise.all(added.map((doc) => (doc.pointsSource ? this.fillKnown(doc) : doc)));
  }

  /** A message stored after its points were announced takes them at once. */
  private async fillKnown(doc: NotificationDoc): Promise<NotificationDoc> {
    const known = await this.scores.find({ cadreId: doc.recipientId } as never).lean<KnownScoreDoc[]>();
    const points = pointsFor(doc, known.map(knownScore));
    if (points === null) return doc;
    const body = renderBody(doc.baseBody, points);
    const result = await this.notifications.updateOne({ _id: doc._id, points: null } as never, { $set: { points, body } });
    return result.modifiedCount === 1 ? { ...doc, points, body } : doc;
  }

  /** Keeps a cadre's announced points by source for the period (forward only by revision). */
  async keepScore(score: { cadreId: string; period: string; bySource: Record<string, number>; revision: number; updatedAt: string }): Promise<void> {
    const bySource = Object.fromEntries(Object.entries(score.bySource ?? {}).filter(([key, value]) => SOURCE_KEY.test(key) && Number.isFinite(value)));
    try {
      await this.scores.updateOne(
        { _id: `${score.cadreId}|${score.period}`, revision: mongoose.trusted({ $lt: score.revision }) } as never,
        { $set: { cadreId: score.cadreId, bySource, revision: score.revision, updatedAt: new Date(score.updatedAt) } },
        { upsert: true },
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  byId(id: string): Promise<NotificationDoc | null> {
    return this.notifications.findById(id).lean<NotificationDoc>();
  }

  /**
   * Fills a cadre's points into their messages from these sources that have none yet (verified, concluded); answers
   * the messages changed. Conditional on `points: null`, so a second score.updated changes nothing.
   */
  async fillPoints(recipientId: string, score: KnownScore): Promise<NotificationDoc[]> {
    const sources = Object.keys(score.bySource).filter((key) => SOURCE_KEY.test(key) && Number.isFinite(score.bySource[key]));
    if (sources.length === 0) return [];
    const waiting = await this.notifications
      .find({ recipientId, pointsSource: mongoose.trusted({ $in: sources }), points: null } as never)
      .lean<NotificationDoc[]>();
    const filled: NotificationDoc[] = [];
    for (const doc of waiting) {
      const points = pointsFor(doc, [score]);
      if (points === null) continue; // announced before the message's event: not its points
      const body = renderBody(doc.baseBody, points);
      const result = await this.notifications.updateOne({ _id: doc._id, points: null } as never, { $set: { points, body } });
      if (result.modifiedCount === 1) filled.push({ ...doc, points, body });
    }
    return filled;
  }

  async list(recipientId: string, query: { unread?: boolean; limit: number; offset: number }): Promise<NotificationListView> {
    const filter = query.unread ? { recipientId, readAt: null } : { recipientId };
    const [items, total, unread] = await Promise.all([
      this.notifications.find(filter as never).sort({ createdAt: -1, _id: -1 }).skip(query.offset).limit(query.limit).lean<NotificationDoc[]>(),
      this.notifications.countDocuments(filter as never),
      this.unread(recipientId),
    ]);
    return { unread, total, items: items.map(notificationView), limit: query.limit, offset: query.offset };
  }

  unread(recipientId: string): Promise<number> {
    return this.notifications.countDocuments({ recipientId, readAt: null } as never);
  }

  /** Marks one of the recipient's messages read (idempotent); another person's message does not exist for them (404). */
  async read(recipientId: string, id: string): Promise<{ unread: number }> {
    const doc = await this.notifications.findById(id, { recipientId: 1, readAt: 1 }).lean<Pick<NotificationDoc, '_id' | 'recipientId' | 'readAt'>>();
    if (!doc || doc.recipientId !== recipientId) throw problems.notFound('没有这条消息。');
    if (!doc.readAt) await this.notifications.updateOne({ _id: id, recipientId, readAt: null } as never, { $set: { readAt: new Date() } });
    return { unread: await this.unread(recipientId) };
  }

  async readAll(recipientId: string): Promise<{ unread: number }> {
    await this.notifications.updateMany({ recipientId, readAt: null } as never, { $set: { readAt: new Date() } });
    return { unread: await this.unread(recipientId) };
  }

  /** Keeps a bid's team and members (forward only by the bid's version). */
  async keepBid(fact: BidFact & { taskId: string; version: number }): Promise<void> {
    try {
      await this.bids.updateOne(
        { _id: fact.bidId, version: mongoose.trusted({ $lt: fact.version }) } as never,
        { $set: { taskId: fact.taskId, teamId: fact.teamId, teamName: fact.teamName, memberIds: fact.memberIds, version: fact.version } },
        { upsert: true },
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async bidsOf(taskId: string): Promise<Map<string, BidFact>> {
    const rows = await this.bids.find({ taskId } as never).lean<BidFactDoc[]>();
    return new Map(rows.map((row) => [row._id, { bidId: row._id, teamId: row.teamId, teamName: row.teamName, memberIds: row.memberIds }]));
  }

  subject(id: string): Promise<SubjectFactDoc | null> {
    return this.subjects.findById(id).lean<SubjectFactDoc>();
  }

  /** Keeps who answers for an object (and a team's invitation states), forward only by the object's version. */
  async keepSubject(id: string, version: number, ownerId: string, invitations?: Record<string, string>): Promise<void> {
    try {
      await this.subjects.updateOne(
        { _id: id, version: mongoose.trusted({ $lt: version }) } as never,
        { $set: { ownerId, version, ...(invitations ? { invitations } : {}) } },
        { upsert: true },
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}
