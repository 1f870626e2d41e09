import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import type { NotificationListView, NotificationView } from '@cadre/contracts';
import { DocumentLocks, ensureIndexes, isDuplicateKeyError, problems } from '@cadre/platform';
import {
  BID_FACTS,
  KNOWN_SCORES,
  MAILBOXES,
  NOTIFICATIONS,
  PENDING_POINTS,
  SUBJECT_FACTS,
  TASK_BIDS,
  type BidFactDoc,
  type KnownScoreDoc,
  type MailboxDoc,
  type NotificationDoc,
  type PendingPointsDoc,
  type SubjectFactDoc,
  type TaskBidsDoc,
} from './notification.schema';
import { pointsFor, type KnownScore } from './domain/points';
import { messageId, messageKey, renderBody, type BidFact, type MessageDraft } from './domain/messages';
import { addEntry, emptyMailbox, markAllRead, markRead, page, setBody, type Mailbox, type MailboxEntry } from './domain/mailbox';

const SOURCE_KEY = /^(record|task):[A-Za-z0-9_-]{1,64}$/;
const PERIOD_KEY = /^[A-Za-z0-9_-]{1,32}$/;
/** The one-time copy into the `_id`-keyed documents (mailboxes, pending points, cadre scores, task bids). */
const BACKFILL_ID = 'mailboxes-v1';

type ViewFields = Pick<NotificationDoc, '_id' | 'title' | 'body' | 'link' | 'createdAt' | 'readAt'> & { kind: string };

export function notificationView(doc: ViewFields): NotificationView {
  return {
    id: doc._id,
    kind: doc.kind as NotificationView['kind'],
    title: doc.title,
    body: doc.body,
    link: doc.link,
    createdAt: new Date(doc.createdAt).toISOString(),
    readAt: doc.readAt ? new Date(doc.readAt).toISOString() : null,
  };
}

const entryOf = (doc: ViewFields): MailboxEntry => ({
  _id: doc._id,
  kind: doc.kind,
  title: doc.title,
  body: doc.body,
  link: doc.link,
  createdAt: new Date(doc.createdAt),
  readAt: doc.readAt ? new Date(doc.readAt) : null,
});

const mailboxOf = (doc: MailboxDoc | null): Mailbox =>
  doc ? { total: doc.total ?? 0, unread: doc.unread ?? 0, entries: doc.entries ?? [], olderUnread: doc.olderUnread ?? [] } : emptyMailbox();

const knownScores = (doc: KnownScoreDoc | null): KnownScore[] =>
  Object.values(doc?.periods ?? {}).map((p) => ({ bySource: p.bySource ?? {}, revision: p.revision, updatedAt: new Date(p.updatedAt) }));

const pendingId = (cadreId: string, source: string) => `${cadreId}|${source}`;

/**
 * The messages and the few facts they need (bids, owners of objects, announced points). Every read is by `_id`
 * (FerretDB v1 answers any other filter by scanning the whole collection, and messages are never deleted): a
 * person's list and counts come from their mailbox (domain/mailbox.ts), the messages waiting for points from a doc per
 * `<cadre>|<source>`, a task's bids from a doc per task. Every write is keyed (see notification.schema.ts); the
 * writes of one person's messages and mailbox run under that person's in-process lock (FerretDB does not isolate
 * updates).
 */
@Injectable()
export class NotificationStore implements OnModuleInit {
  private readonly logger = new Logger('NotificationStore');
  private readonly locks = new DocumentLocks();

  constructor(
    @Inject(NOTIFICATIONS) private readonly notifications: Model<NotificationDoc>,
    @Inject(BID_FACTS) private readonly bids: Model<BidFactDoc>,
    @Inject(SUBJECT_FACTS) private readonly subjects: Model<SubjectFactDoc>,
    @Inject(KNOWN_SCORES) private readonly scores: Model<KnownScoreDoc>,
    @Inject(MAILBOXES) private readonly mailboxes: Model<MailboxDoc>,
    @Inject(PENDING_POINTS) private readonly pending: Model<PendingPointsDoc>,
    @Inject(TASK_BIDS) private readonly taskBids: Model<TaskBidsDoc>,
  ) {}

  async onModuleInit() {
    await ensureIndexes([this.notifications, this.bids, this.subjects, this.scores, this.mailboxes, this.pending, this.taskBids]);
    await this.backfill();
  }

  private mine<T>(recipientId: string, work: () => Promise<T>): Promise<T> {
    return this.locks.run('notification_mailboxes', recipientId, work);
  }

  /** Stores the drafts; answers only those that were new (a redelivery answers none). */
  async insert(drafts: MessageDraft[]): Promise<NotificationDoc[]> {
    const added: NotificationDoc[] = [];
    for (const d of drafts) {
      const stored = await this.mine(d.recipientId, () => this.insertOne(d));
      if (stored) added.push(stored);
    }
    return added;
  }

  /** Under the recipient's lock: the message, its wait for points, its place in the mailbox, in that order (a redelivery finishes what a crash left). */
  private async insertOne(d: MessageDraft): Promise<NotificationDoc | null> {
    let doc: NotificationDoc = {
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
      inMailbox: false,
    };
    let isNew = true;
    try {
      await this.notifications.collection.insertOne(doc as never);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      isNew = false;
      const existing = await this.notifications.findById(doc._id).lean<NotificationDoc>();
      if (!existing || existing.inMailbox) return null;
      doc = existing;
    }
    if (doc.pointsSource && doc.points === null) {
      // Waiting before looking: a score kept meanwhile finds it here, or fillKnown finds the score.
      await this.pending.collection.updateOne({ _id: pendingId(doc.recipientId, doc.pointsSource) } as never, { $addToSet: { messageIds: doc._id } } as never, { upsert: true });
      doc = await this.fillKnown(doc);
    }
    await this.saveMailbox(doc.recipientId, (box) => addEntry(box, entryOf(doc)));
    await this.notifications.collection.updateOne({ _id: doc._id } as never, { $set: { inMailbox: true } });
    return isNew ? doc : null;
  }

  /** A message stored after its points were announced takes them at once. */
  private async fillKnown(doc: NotificationDoc): Promise<NotificationDoc> {
    const known = await this.scores.findById(doc.recipientId).lean<KnownScoreDoc>();
    const points = pointsFor(doc, knownScores(known));
    if (points === null) return doc;
    const body = renderBody(doc.baseBody, points);
    await this.notifications.collection.updateOne({ _id: doc._id } as never, { $set: { points, body } });
    await this.pending.collection.updateOne({ _id: pendingId(doc.recipientId, doc.pointsSource!) } as never, { $pull: { messageIds: doc._id } } as never);
    return { ...doc, points, body };
  }

  /** Reads, changes and writes back a mailbox (the caller holds its lock). */
  private async saveMailbox(recipientId: string, change: (box: Mailbox) => Mailbox | null): Promise<Mailbox> {
    const box = mailboxOf(await this.mailboxes.findById(recipientId).lean<MailboxDoc>());
    const next = change(box);
    if (!next) return box;
    await this.mailboxes.collection.updateOne({ _id: recipientId } as never, { $set: { ...next } }, { upsert: true });
    return next;
  }

  /** Keeps a cadre's announced points by source for the period (forward only by revision). */
  async keepScore(score: { cadreId: string; period: string; bySource: Record<string, number>; revision: number; updatedAt: string }): Promise<void> {
    if (!PERIOD_KEY.test(score.period)) return;
    const bySource = Object.fromEntries(Object.entries(score.bySource ?? {}).filter(([key, value]) => SOURCE_KEY.test(key) && Number.isFinite(value)));
    await this.locks.run('notification_cadre_scores', score.cadreId, async () => {
      const known = await this.scores.findById(score.cadreId).lean<KnownScoreDoc>();
      const periods = { ...(known?.periods ?? {}) };
      if ((periods[score.period]?.revision ?? -Infinity) >= score.revision) return;
      periods[score.period] = { bySource, revision: score.revision, updatedAt: new Date(score.updatedAt) };
      await this.scores.collection.updateOne({ _id: score.cadreId } as never, { $set: { periods } }, { upsert: true });
    });
  }

  byId(id: string): Promise<NotificationDoc | null> {
    return this.notifications.findById(id).lean<NotificationDoc>();
  }

  /**
   * Fills a cadre's points into their messages from these sources that have none yet (verified, concluded); answers
   * the messages changed. Only messages waiting (and still without points), so a second score.updated changes nothing.
   */
  async fillPoints(recipientId: string, score: KnownScore): Promise<NotificationDoc[]> {
    const sources = Object.keys(score.bySource).filter((key) => SOURCE_KEY.test(key) && Number.isFinite(score.bySource[key]));
    if (sources.length === 0) return [];
    return this.mine(recipientId, async () => {
      const filled: NotificationDoc[] = [];
      for (const source of sources) {
        const waiting = await this.pending.findById(pendingId(recipientId, source)).lean<PendingPointsDoc>();
        if (!waiting || waiting.messageIds.length === 0) continue;
        const done: string[] = [];
        for (const id of waiting.messageIds) {
          const doc = await this.notifications.findById(id).lean<NotificationDoc>();
          if (!doc || doc.points !== null) {
            done.push(id);
            continue;
          }
          const points = pointsFor(doc, [score]);
          if (points === null) continue; // announced before the message's event: not its points
          const body = renderBody(doc.baseBody, points);
          await this.notifications.collection.updateOne({ _id: id } as never, { $set: { points, body } });
          filled.push({ ...doc, points, body });
          done.push(id);
        }
        if (done.length > 0) await this.pending.collection.updateOne({ _id: waiting._id } as never, { $pullAll: { messageIds: done } } as never);
      }
      if (filled.length > 0) {
        await this.saveMailbox(recipientId, (box) => filled.reduce<Mailbox | null>((acc, doc) => setBody(acc ?? box, doc._id, doc.body) ?? acc, null));
      }
      return filled;
    });
  }

  async list(recipientId: string, query: { unread?: boolean; limit: number; offset: number }): Promise<NotificationListView> {
    const box = mailboxOf(await this.mailboxes.findById(recipientId).lean<MailboxDoc>());
    const { items, total } = page(box, query);
    return { unread: box.unread, total, items: items.map(notificationView), limit: query.limit, offset: query.offset };
  }

  async unread(recipientId: string): Promise<number> {
    return mailboxOf(await this.mailboxes.findById(recipientId).lean<MailboxDoc>()).unread;
  }

  /** Marks one of the recipient's messages read (idempotent); another person's message does not exist for them (404). */
  read(recipientId: string, id: string): Promise<{ unread: number }> {
    return this.mine(recipientId, async () => {
      const doc = await this.notifications.findById(id, { recipientId: 1, readAt: 1 }).lean<Pick<NotificationDoc, '_id' | 'recipientId' | 'readAt'>>();
      if (!doc || doc.recipientId !== recipientId) throw problems.notFound('没有这条消息。');
      const at = doc.readAt ? new Date(doc.readAt) : new Date();
      if (!doc.readAt) await this.notifications.collection.updateOne({ _id: id } as never, { $set: { readAt: at } });
      const box = await this.saveMailbox(recipientId, (b) => markRead(b, id, at));
      return { unread: box.unread };
    });
  }

  readAll(recipientId: string): Promise<{ unread: number }> {
    return this.mine(recipientId, async () => {
      const at = new Date();
      let ids: string[] = [];
      const box = await this.saveMailbox(recipientId, (b) => {
        const all = markAllRead(b, at);
        ids = all.ids;
        return ids.length > 0 || b.unread !== 0 ? all.mailbox : null;
      });
      // The messages after the mailbox: a crash in between leaves them unread in `notifications` only, which the
      // list does not read; marking one read again by id is idempotent.
      for (let i = 0; i < ids.length; i += 200) {
        await this.notifications.collection.bulkWrite(
          ids.slice(i, i + 200).map((id) => ({ updateOne: { filter: { _id: id } as never, update: { $set: { readAt: at } } } })),
          { ordered: false },
        );
      }
      return { unread: box.unread };
    });
  }

  /** Keeps a bid's team and members (forward only by the bid's version), and the bid among its task's. */
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
    await this.locks.run('notification_task_bids', fact.taskId, () =>
      this.taskBids.collection.updateOne({ _id: fact.taskId } as never, { $addToSet: { bidIds: fact.bidId } } as never, { upsert: true }),
    );
  }

  async bidsOf(taskId: string): Promise<Map<string, BidFact>> {
    const index = await this.taskBids.findById(taskId).lean<TaskBidsDoc>();
    const rows = await Promise.all((index?.bidIds ?? []).map((id) => this.bids.findById(id).lean<BidFactDoc>()));
    return new Map(rows.filter((row) => row !== null).map((row) => [row!._id, { bidId: row!._id, teamId: row!.teamId, teamName: row!.teamName, memberIds: row!.memberIds }]));
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

  /**
   * Once per database, at start before any event is consumed: builds the `_id`-keyed documents from what an earlier
   * version kept (messages → mailboxes and pending points; notification_scores → cadre scores; bids → task bids).
   * Each step overwrites or adds by key, so a crash part way is finished by the next start. One scan of each
   * collection, once.
   */
  private async backfill(): Promise<void> {
    const db = this.notifications.db;
    const marks = db.collection<{ _id: string; at: Date }>('notification_migrations');
    if (await marks.findOne({ _id: BACKFILL_ID })) return;
    const boxes = new Map<string, Mailbox>();
    const waiting = new Map<string, string[]>();
    let messages = 0;
    for await (const doc of this.notifications.find({}).lean<NotificationDoc[]>().cursor()) {
      messages += 1;
      boxes.set(doc.recipientId, addEntry(boxes.get(doc.recipientId) ?? emptyMailbox(), entryOf(doc)) ?? boxes.get(doc.recipientId)!);
      if (doc.pointsSource && doc.points === null) {
        const key = pendingId(doc.recipientId, doc.pointsSource);
        waiting.set(key, [...(waiting.get(key) ?? []), doc._id]);
      }
    }
    for (const [id, box] of boxes) await this.mailboxes.collection.updateOne({ _id: id } as never, { $set: { ...box } }, { upsert: true });
    for (const [id, messageIds] of waiting) await this.pending.collection.updateOne({ _id: id } as never, { $set: { messageIds } }, { upsert: true });
    if (messages > 0) await this.notifications.collection.updateMany({}, { $set: { inMailbox: true } });
    const periods = new Map<string, KnownScoreDoc['periods']>();
    for await (const old of db.collection<{ _id: string; cadreId?: string; bySource?: Record<string, number>; revision: number; updatedAt: Date }>('notification_scores').find({})) {
      const [cadreId, period] = String(old._id).split('|');
      if (!cadreId || !period || !PERIOD_KEY.test(period)) continue;
      const mine = periods.get(cadreId) ?? {};
      if ((mine[period]?.revision ?? -Infinity) < old.revision) mine[period] = { bySource: old.bySource ?? {}, revision: old.revision, updatedAt: old.updatedAt };
      periods.set(cadreId, mine);
    }
    for (const [cadreId, mine] of periods) await this.scores.collection.updateOne({ _id: cadreId } as never, { $set: { periods: mine } }, { upsert: true });
    const byTask = new Map<string, string[]>();
    for await (const bid of this.bids.find({}, { taskId: 1 }).lean<Pick<BidFactDoc, '_id' | 'taskId'>[]>().cursor()) {
      byTask.set(bid.taskId, [...(byTask.get(bid.taskId) ?? []), bid._id]);
    }
    for (const [taskId, bidIds] of byTask) await this.taskBids.collection.updateOne({ _id: taskId } as never, { $addToSet: { bidIds: { $each: bidIds } } } as never, { upsert: true });
    await marks.updateOne({ _id: BACKFILL_ID }, { $set: { at: new Date() } }, { upsert: true });
    if (messages + periods.size + byTask.size > 0) this.logger.log(`backfilled ${boxes.size} mailboxes from ${messages} messages, ${periods.size} cadres' scores, ${byTask.size} tasks' bids`);
  }
}
