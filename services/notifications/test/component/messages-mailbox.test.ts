/**
 * The mailbox (消息) at size, in process: 600 messages to one person and a few to another. The list, the unread count,
 * read and read-all answer from reads by `_id` only (FerretDB v1 scans the whole collection for any other filter);
 * the counts stay exact beyond the 500 summaries kept; a redelivered message adds nothing, and a message stored
 * without its mailbox entry (a crash in between) gets it from the redelivery.
 */
import mongoose from 'mongoose';
import { RECORD_EVENTS, RPC, type NotificationListView } from '@cadre/contracts';
import { callerOf, department, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';
import { DirectoryReplica } from '@cadre/directory';
import { NotificationStore } from '../../src/messages/notification-store';
import { messageId, type MessageDraft } from '../../src/messages/domain/messages';
import { dropRedisKeys, notificationsModule, recordEvent, republish } from './messages-fixtures';

jest.setTimeout(300_000);

const bureau = department('龙华区发改局', department('龙华区', department('海口市')));
const busy = user('王海军', bureau, ['cadre']);
const other = user('李红梅', bureau, ['cadre']);
const reviewer = user('张审核', bureau, ['reviewer']);

const T0 = Date.UTC(2026, 0, 5, 1, 0, 0);
const draft = (who: UserSeed, n: number): MessageDraft => ({
  sourceKey: `bulk:${who.id}:${n}`,
  recipientId: who.id,
  kind: 'record_returned',
  title: `纪实《第${n}条》被退回修改`,
  baseBody: '请补充佐证材料。',
  link: `/records/r${n}`,
  pointsSource: null,
  createdAt: new Date(T0 + n * 1_000).toISOString(),
});

interface Query {
  collection: string;
  method: string;
  filter: unknown;
}

describe('notifications in process: the mailbox at 600 messages', () => {
  let svc: Component;
  let store: NotificationStore;
  const queries: Query[] = [];
  const list = (who: UserSeed, query: Record<string, unknown> = {}) => svc.request<NotificationListView>(RPC.notifications.list, query, callerOf(who));
  const watched = () => queries.filter((q) => q.collection === 'notifications' || q.collection.startsWith('notification_'));
  /** The messages' queries while `work` runs. */
  async function recording<T>(work: () => Promise<T>): Promise<{ result: T; seen: Query[] }> {
    queries.length = 0;
    const result = await work();
    return { result, seen: watched() };
  }
  const byIdOnly = (q: Query) => {
    const filter = q.filter as Record<string, unknown> | undefined;
    return !!filter && Object.keys(filter).length === 1 && typeof filter._id === 'string';
  };

  beforeAll(async () => {
    svc = await startComponent({ service: 'notifications', module: notificationsModule });
    await svc.seedDirectory({ users: [busy, other, reviewer] });
    store = svc.app.get(NotificationStore);
    mongoose.set('debug', (collection: string, method: string, filter: unknown) => {
      queries.push({ collection, method, filter });
    });
    const added = await store.insert(Array.from({ length: 600 }, (_, i) => draft(busy, i + 1)));
    expect(added).toHaveLength(600);
    await store.insert(Array.from({ length: 5 }, (_, i) => draft(other, i + 1)));
  });
  afterAll(async () => {
    mongoose.set('debug', false);
    await svc?.stop();
    await dropRedisKeys();
  });

  it('lists the newest first and counts all 600 with one read by _id; keeps the latest 500', async () => {
    const { result: first, seen } = await recording(() => list(busy, { limit: 20 }));
    expect(first).toMatchObject({ total: 600, unread: 600, limit: 20, offset: 0 });
    expect(first.items).toHaveLength(20);
    expect(first.items[0]).toMatchObject({ id: messageId(draft(busy, 600)), title: '纪实《第600条》被退回修改', readAt: null, createdAt: new Date(T0 + 600_000).toISOString() });
    expect(first.items[19].title).toBe('纪实《第581条》被退回修改');
    expect(seen).toEqual([{ collection: 'notification_mailboxes', method: 'findOne', filter: { _id: busy.id } }]);
    // The latest 500 are listed; the count still says 600.
    const tail = await list(busy, { limit: 20, offset: 490 });
    expect(tail.items.map((m) => m.title)).toEqual(Array.from({ length: 10 }, (_, i) => `纪实《第${110 - i}条》被退回修改`));
    expect(tail.total).toBe(600);
    expect(await list(other)).toMatchObject({ total: 5, unread: 5 });
  });

  it('read (a kept one, then one older than the 500) and read-all change the counts, by _id only; the other person is untouched', async () => {
    const newest = messageId(draft(busy, 600));
    const { result: once, seen } = await recording(() => svc.request<{ unread: number }>(RPC.notifications.read, { id: newest }, callerOf(busy)));
    expect(once.unread).toBe(599);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.filter((q) => !byIdOnly(q))).toEqual([]);
    expect((await svc.db.collection('notifications').findOne({ _id: newest } as never))!.readAt).toBeInstanceOf(Date);

    const oldest = messageId(draft(busy, 1));
    expect((await svc.request<{ unread: number }>(RPC.notifications.read, { id: oldest }, callerOf(busy))).unread).toBe(598);
    expect((await svc.request<{ unread: number }>(RPC.notifications.read, { id: oldest }, callerOf(busy))).unread).toBe(598);
    expect((await svc.db.collection('notifications').findOne({ _id: oldest } as never))!.readAt).toBeInstanceOf(Date);
    expect((await svc.refusal(RPC.notifications.read, { id: oldest }, callerOf(other))).status).toBe(404);
    const unreadOnly = await list(busy, { unread: 'true', limit: 5 });
    expect(unreadOnly).toMatchObject({ total: 598, unread: 598 });
    expect(unreadOnly.items[0].title).toBe('纪实《第599条》被退回修改');

    const { result: all, seen: allSeen } = await recording(() => svc.request<{ unread: number }>(RPC.notifications.readAll, {}, callerOf(busy)));
    expect(all.unread).toBe(0);
    expect(allSeen.filter((q) => q.method !== 'bulkWrite' && !byIdOnly(q))).toEqual([]);
    expect(await svc.db.collection('notifications').countDocuments({ recipientId: busy.id, readAt: null } as never)).toBe(0);
    expect(await list(busy, { limit: 1 })).toMatchObject({ total: 600, unread: 0 });
    expect(await list(other)).toMatchObject({ total: 5, unread: 5 });
  });

  it('a redelivered event adds nothing; a message stored without its mailbox entry gets it from the redelivery', async () => {
    const envelope = await svc.publish(RECORD_EVENTS.returned, recordEvent(other, reviewer), { producer: 'records' });
    await waitUntil(async () => ((await list(other)).total === 6 ? true : undefined), { timeoutMs: 20_000, what: 'the returned message' });
    await republish(svc, RECORD_EVENTS.returned, envelope);
    const later = recordEvent(other, reviewer, { title: '后来的纪实' });
    await svc.publish(RECORD_EVENTS.returned, later, { producer: 'records' });
    await waitUntil(async () => ((await list(other)).total === 7 ? true : undefined), { timeoutMs: 20_000, what: 'the later message' });
    const after = await list(other);
    expect(after).toMatchObject({ total: 7, unread: 7 });
    expect(new Set(after.items.map((m) => m.id)).size).toBe(7);

    // As if the service stopped between the message's insert and its mailbox entry.
    const lost = draft(other, 99);
    await svc.db.collection('notifications').insertOne({
      _id: messageId(lost), key: 'x', recipientId: other.id, kind: lost.kind, title: lost.title, baseBody: lost.baseBody, body: lost.baseBody,
      link: lost.link, pointsSource: null, points: null, createdAt: new Date(lost.createdAt), readAt: null, inMailbox: false,
    } as never);
    expect((await list(other)).total).toBe(7);
    expect(await store.insert([lost])).toEqual([]); // not new: nothing sent again
    expect(await list(other)).toMatchObject({ total: 8, unread: 8 });
    expect(await store.insert([lost])).toEqual([]);
    expect((await list(other)).total).toBe(8);
  });

  it('at first start over an earlier version’s data: builds the mailboxes, the messages waiting for points, the scores per cadre and the bids per task, once', async () => {
    const db = svc.db;
    const third = 'cadre-from-before';
    const old = (n: number, fields: Record<string, unknown> = {}) => ({
      _id: `old-${n}`, key: `old-${n}`, recipientId: third, kind: 'record_verified', title: `旧消息${n}`, baseBody: '已核实。', body: '已核实。',
      link: '/records/old', pointsSource: null, points: null, createdAt: new Date(T0 + n * 1_000), readAt: null, ...fields,
    });
    await db.collection('notifications').insertMany([old(1, { readAt: new Date() }), old(2, { pointsSource: 'record:old-2' }), old(3)] as never);
    await db.collection('notification_scores').insertOne({ _id: `${third}|2025`, cadreId: third, bySource: { 'record:x': 100 }, revision: 3, updatedAt: new Date(T0) } as never);
    await db.collection('notification_bids').insertOne({ _id: 'bid-before', taskId: 'task-before', teamId: 't', teamName: '旧团队', memberIds: [third], version: 1 } as never);
    await db.collection('notification_migrations').deleteOne({ _id: 'mailboxes-v1' } as never);
    await (store as unknown as { backfill(): Promise<void> }).backfill();

    const box = await svc.request<NotificationListView>(RPC.notifications.list, {}, { ...callerOf(busy), userId: third });
    expect(box).toMatchObject({ total: 3, unread: 2 });
    expect(box.items.map((m) => m.title)).toEqual(['旧消息3', '旧消息2', '旧消息1']);
    expect(await db.collection('notification_pending_points').findOne({ _id: `${third}|record:old-2` } as never)).toMatchObject({ messageIds: ['old-2'] });
    expect((await db.collection('notification_cadre_scores').findOne({ _id: third } as never))?.periods?.['2025']).toMatchObject({ revision: 3, bySource: { 'record:x': 100 } });
    expect(await db.collection('notification_task_bids').findOne({ _id: 'task-before' } as never)).toMatchObject({ bidIds: ['bid-before'] });
    expect((await store.bidsOf('task-before')).get('bid-before')).toMatchObject({ teamName: '旧团队', memberIds: [third] });
    // Everyone else's mailbox is as it was.
    expect(await list(busy, { limit: 1 })).toMatchObject({ total: 600, unread: 0 });
    expect(await list(other)).toMatchObject({ total: 8, unread: 8 });
    // Once: a message stored again after it is counted once.
    expect(await store.insert([draft(busy, 1)])).toEqual([]);
    expect((await list(busy, { limit: 1 })).total).toBe(600);
  });

  it('the holders of a role (who is reminded, who is escalated to) come from the role index by _id, and follow the directory', async () => {
    const directory = svc.app.get(DirectoryReplica);
    const { result: inBureau, seen } = await recording(() => directory.usersWithRole('reviewer', [bureau.id, bureau.path[0]]));
    expect(inBureau.map((u) => u._id)).toEqual([reviewer.id]);
    const directoryReads = queries.filter((q) => q.collection.startsWith('directory_'));
    expect(directoryReads.length).toBeGreaterThanOrEqual(2);
    expect(directoryReads.filter((q) => !byIdOnly(q))).toEqual([]);
    expect(seen).toEqual([]);
    expect((await directory.usersWithRole('reviewer', null)).map((u) => u._id)).toEqual([reviewer.id]);
    expect(await directory.usersWithRole('reviewer', [bureau.path[0]])).toEqual([]);
    expect((await directory.usersWithRole('cadre', [bureau.id])).map((u) => u._id).sort()).toEqual([busy.id, other.id].sort());
    // No longer a reviewer (a cadre now), then deactivated: out of the index.
    await svc.seedDirectory({ users: [{ ...reviewer, roles: ['cadre'] }] }, { ready: async () => expect(await directory.usersWithRole('cadre', null)).toHaveLength(3) });
    expect(await directory.usersWithRole('reviewer', null)).toEqual([]);
    await svc.seedDirectory({ users: [{ ...other, active: false }] }, { ready: async () => expect(await directory.usersWithRole('cadre', null)).toHaveLength(2) });
    expect((await directory.usersWithRole('cadre', [bureau.id])).map((u) => u._id).sort()).toEqual([busy.id, reviewer.id].sort());
  });
});
