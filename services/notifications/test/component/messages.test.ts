/**
 * Messages (消息) in process: record, task and scoring events in as their services publish them, messages out through
 * the RPC the gateway calls and live on core NATS. city → district → bureau.
 */
import { randomUUID } from 'node:crypto';
import { RECORD_EVENTS, RPC, SCORING_EVENTS, type NotificationListView, type ScoreUpdatedV1 } from '@cadre/contracts';
import { callerOf, department, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';
import { dropRedisKeys, liveFeed, notificationsModule, recordEvent, republish } from './messages-fixtures';

jest.setTimeout(120_000);

const city = department('海口市');
const district = department('龙华区', city);
const bureau = department('龙华区发改局', district);
const filer = user('王海军', bureau, ['cadre']);
const coParticipant = user('李红梅', bureau, ['cadre']);
const reviewer = user('张审核', bureau, ['reviewer']);
const assessor = user('陈研判', city, ['assessor']);
const stranger = user('赵局外', district, ['cadre', 'reviewer']);

describe('notifications in process: messages', () => {
  let svc: Component;
  const list = (who: UserSeed, query: Record<string, unknown> = {}) => svc.request<NotificationListView>(RPC.notifications.list, query, callerOf(who));
  const messagesWhen = (who: UserSeed, ready: (l: NotificationListView) => boolean, what: string) =>
    waitUntil(async () => {
      const l = await list(who);
      return ready(l) ? l : undefined;
    }, { timeoutMs: 20_000, what });

  beforeAll(async () => {
    svc = await startComponent({ service: 'notifications', module: notificationsModule });
    await svc.seedDirectory({ users: [filer, coParticipant, reviewer, assessor, stranger] });
  });
  afterAll(async () => {
    await svc?.stop();
    await dropRedisKeys();
  });

  it('a returned record tells the filer with the comment and the reviewer’s name, pushed live, stored once however often it arrives', async () => {
    const feed = await liveFeed(svc, filer.id);
    const returned = recordEvent(filer, reviewer);
    const envelope = await svc.publish(RECORD_EVENTS.returned, returned, { producer: 'records' });
    const l = await messagesWhen(filer, (x) => x.items.some((m) => m.kind === 'record_returned'), 'the returned message');
    const message = l.items.find((m) => m.kind === 'record_returned')!;
    expect(message.title).toBe('纪实《引进世界500强企业区域总部》被退回修改');
    expect(message.body).toContain('佐证材料不全，请补充合同扫描件');
    expect(message.body).toContain('张审核');
    expect(message.body).not.toContain(reviewer.id);
    expect(message.link).toBe(`/records/${returned.recordId}`);
    expect(message.readAt).toBeNull();
    expect(l.unread).toBe(1);
    await waitUntil(() => feed.received.some((m) => m.id === message.id), { timeoutMs: 5_000, what: 'the live push' });

    // The same event again under another msgID (JetStream cannot drop it), then a later event of the same record (handled after it).
    await republish(svc, RECORD_EVENTS.returned, envelope);
    await svc.publish(RECORD_EVENTS.rejected, { ...returned, version: 6, status: 'rejected', action: 'review:reject', comment: '不属于履职纪实范围' }, { producer: 'records' });
    const after = await messagesWhen(filer, (x) => x.items.some((m) => m.kind === 'record_rejected'), 'the rejected message');
    expect(after.items.filter((m) => m.kind === 'record_returned')).toHaveLength(1);
    expect(await svc.db.collection('notifications').countDocuments({ recipientId: filer.id, kind: 'record_returned' })).toBe(1);
    expect(feed.received.filter((m) => m.id === message.id)).toHaveLength(1);
    await feed.close();
    // Nobody else was told.
    expect((await list(reviewer)).total).toBe(0);
    expect((await list(stranger)).total).toBe(0);
  });

  it('read, read-all: only the recipient; another person’s message is 404; idempotent; a bad query is 400 naming the field', async () => {
    const before = await list(filer);
    const [first] = before.items;
    expect((await svc.refusal(RPC.notifications.read, { id: first.id }, callerOf(stranger))).status).toBe(404);
    expect((await svc.refusal(RPC.notifications.read, { id: first.id }, callerOf(reviewer))).status).toBe(404);
    expect((await svc.refusal(RPC.notifications.read, { id: 'no-such-message' }, callerOf(filer))).status).toBe(404);
    expect((await list(filer)).items.find((m) => m.id === first.id)!.readAt).toBeNull();

    const once = await svc.request<{ unread: number }>(RPC.notifications.read, { id: first.id }, callerOf(filer));
    expect(once.unread).toBe(before.unread - 1);
    const twice = await svc.request<{ unread: number }>(RPC.notifications.read, { id: first.id }, callerOf(filer));
    expect(twice.unread).toBe(once.unread);
    expect((await list(filer, { unread: 'true' })).items.map((m) => m.id)).not.toContain(first.id);

    // read-all by someone else leaves the filer's messages unread
    await svc.request(RPC.notifications.readAll, {}, callerOf(stranger));
    expect((await list(filer)).unread).toBe(once.unread);
    expect((await svc.request<{ unread: number }>(RPC.notifications.readAll, {}, callerOf(filer))).unread).toBe(0);
    expect((await list(filer)).items.every((m) => m.readAt !== null)).toBe(true);

    const bad = await svc.refusal(RPC.notifications.list, { limit: 'many', unread: 'maybe' }, callerOf(filer));
    expect(bad.status).toBe(400);
    expect(bad.errors?.map((e) => e.path).sort()).toEqual(['limit', 'unread']);
    expect((await svc.refusal(RPC.notifications.list, {})).status).toBe(401);
  });

  it('a verified record tells every participant; scoring.score.updated fills the cadre’s points in once, live again', async () => {
    const verified = recordEvent(filer, assessor, {
      version: 5,
      status: 'verified',
      fromStatus: 'reviewed',
      action: 'assess:confirm',
      comment: '',
      rating: 'good',
      confirmedImpactLevel: 'city',
      participants: [
        { userId: filer.id, role: 'lead', share: 70, confirmation: 'confirmed' },
        { userId: coParticipant.id, role: 'member', share: 30, confirmation: 'confirmed' },
      ],
    });
    await svc.publish(RECORD_EVENTS.verified, verified, { producer: 'records' });
    const mine = await messagesWhen(filer, (x) => x.items.some((m) => m.kind === 'record_verified'), 'the verified message');
    await messagesWhen(coParticipant, (x) => x.items.some((m) => m.kind === 'record_verified'), 'the co-participant’s verified message');
    const message = mine.items.find((m) => m.kind === 'record_verified')!;
    expect(message.body).toContain('等级：良好');
    expect(message.body).not.toContain('积分');

    const feed = await liveFeed(svc, filer.id);
    const score = (points: number, revision: number): ScoreUpdatedV1 => ({
      cadreId: filer.id, period: new Date().toISOString().slice(0, 4), total: points / 100, totalHundredths: points, byItem: { INVEST: points }, byMonth: {},
      bySource: { [`record:${verified.recordId}`]: points, [`record:${randomUUID()}`]: 300 }, departmentId: bureau.id, departmentPath: bureau.path, standardVersion: 1, revision, updatedAt: new Date().toISOString(),
    });
    await svc.publish(SCORING_EVENTS.scoreUpdated, score(1344, 1), { producer: 'scoring' });
    const filled = await messagesWhen(filer, (x) => x.items.some((m) => m.id === message.id && m.body.includes('积分')), 'the points filled in');
    expect(filled.items.find((m) => m.id === message.id)!.body).toContain('积分 +13.44');
    await waitUntil(() => feed.received.some((m) => m.id === message.id && m.body.includes('+13.44')), { timeoutMs: 5_000, what: 'the filled message pushed live' });

    // A later recomputation does not change what was told, nor add a message.
    await svc.publish(SCORING_EVENTS.scoreUpdated, score(9999, 2), { producer: 'scoring' });
    await svc.publish(RECORD_EVENTS.revoked, { ...verified, version: 7, status: 'revoked', action: 'revoke', comment: '材料不实' }, { producer: 'records' });
    const later = await messagesWhen(filer, (x) => x.items.some((m) => m.kind === 'record_revoked'), 'the revoked message');
    expect(later.items.filter((m) => m.kind === 'record_verified')).toHaveLength(1);
    expect(later.items.find((m) => m.id === message.id)!.body).toContain('积分 +13.44');
    // The co-participant's own points come with their own score.updated: none yet.
    expect((await list(coParticipant)).items.find((m) => m.kind === 'record_verified')!.body).not.toContain('积分');
    await feed.close();
  });

  it('points announced before the verified message is stored (the streams are consumed side by side) are shown at once', async () => {
    const recordId = randomUUID();
    const score: ScoreUpdatedV1 = {
      cadreId: coParticipant.id, period: new Date().toISOString().slice(0, 4), total: 5, totalHundredths: 500, byItem: { INVEST: 500 }, byMonth: {},
      bySource: { [`record:${recordId}`]: 500 }, departmentId: bureau.id, departmentPath: bureau.path, standardVersion: 1, revision: 10, updatedAt: new Date(Date.now() + 1_000).toISOString(),
    };
    await svc.publish(SCORING_EVENTS.scoreUpdated, score, { producer: 'scoring' });
    await waitUntil(async () => ((await svc.db.collection('notification_cadre_scores').findOne({ _id: coParticipant.id } as never))?.periods?.[score.period]?.revision === 10 ? true : undefined), { timeoutMs: 20_000, what: 'the points kept' });
    const verified = recordEvent(coParticipant, assessor, { recordId, version: 5, status: 'verified', fromStatus: 'reviewed', action: 'assess:confirm', comment: '', rating: 'pass', participants: [{ userId: coParticipant.id, role: 'lead', share: 100, confirmation: 'confirmed' }] });
    await svc.publish(RECORD_EVENTS.verified, verified, { producer: 'records' });
    const l = await messagesWhen(coParticipant, (x) => x.items.some((m) => m.kind === 'record_verified' && m.link.endsWith(recordId)), 'the verified message');
    expect(l.items.find((m) => m.link.endsWith(recordId))!.body).toContain('积分 +5.00');
  });
});
