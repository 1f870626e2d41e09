/**
 * Appraisal grades in the work inbox (issue #21), in process: `appraisal.grade.*` in as the appraisal service
 * publishes them (JetStream; the APPRAISAL stream does not exist when the service starts on its fresh NATS server),
 * the inbox and messages out through the RPCs the gateway calls. city → district → bureau; another district beside it.
 */
import { randomUUID } from 'node:crypto';
import { APPRAISAL_EVENTS, RPC, type AppraisalGradeV1, type InboxView, type NotificationListView } from '@cadre/contracts';
import { callerOf, department, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';
import { InboxRebuild } from '../../src/inbox/rebuild/inbox-rebuild';
import { inboxModule } from './inbox-fixtures';

jest.setTimeout(180_000);

const city = department('海口市');
const district = department('龙华区', city);
const bureau = department('龙华区发改局', district);
const otherDistrict = department('美兰区', city);
const cadre = user('王海军', bureau, ['cadre']);
const appraiser = user('刘考核', bureau, ['appraiser']);
const districtAppraiser = user('周区考', district, ['appraiser']);
const otherAppraiser = user('赵局外', otherDistrict, ['appraiser']);
const assessor = user('陈研判', city, ['assessor']);
// An assessor who is also the graded cadre never sees their own 待审定.
const cadreAssessor = user('孙兼任', bureau, ['cadre', 'assessor']);
const admin = user('管理员', city, ['admin']);
const everyone = [cadre, appraiser, districtAppraiser, otherAppraiser, assessor, cadreAssessor, admin];

const cycleId = randomUUID();
const gradeOf = (who: UserSeed, version: number, fields: Partial<AppraisalGradeV1>): AppraisalGradeV1 => ({
  appraisalId: `${cycleId}:${who.id}`,
  cycleId,
  cycleKind: 'annual',
  cycleName: '2026年度考核',
  period: '2026',
  year: '2026',
  cadreId: who.id,
  departmentId: who.department.id,
  departmentPath: who.department.path,
  grade: 'excellent',
  status: 'submitted',
  comment: '',
  byUserId: appraiser.id,
  version,
  occurredAt: new Date().toISOString(),
  ...fields,
});

describe('notifications in process: appraisal grades in the inbox', () => {
  let svc: Component;
  const inbox = (who: UserSeed) => svc.request<InboxView>(RPC.notifications.inbox, {}, callerOf(who));
  const messages = (who: UserSeed) => svc.request<NotificationListView>(RPC.notifications.list, {}, callerOf(who));
  const ids = async (who: UserSeed) => (await inbox(who)).items.map((i) => i.id).sort();
  const until = (who: UserSeed, ready: (v: InboxView) => boolean, what: string) =>
    waitUntil(async () => {
      const v = await inbox(who);
      return ready(v) ? v : undefined;
    }, { timeoutMs: 20_000, what });
  const has = (id: string) => (v: InboxView) => v.items.some((i) => i.id === id);
  const lacks = (id: string) => (v: InboxView) => !v.items.some((i) => i.id === id);
  const appraisalId = `${cycleId}:${cadre.id}`;
  const review = `appraisal_review:${appraisalId}`;
  const revise = `appraisal_revise:${appraisalId}`;

  beforeAll(async () => {
    svc = await startComponent({ service: 'notifications', module: inboxModule });
    await svc.seedDirectory({ users: everyone });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('a submitted grade waits for the assessors (待审定), never the cadre nor an appraiser', async () => {
    await svc.publish(APPRAISAL_EVENTS.gradeSubmitted, gradeOf(cadre, 1, {}), { producer: 'appraisal' });
    const view = await until(assessor, (v) => has(review)(v) && v.counts.appraisal_review === 1, 'the assessor’s 待审定');
    expect(view.items.find((i) => i.id === review)).toMatchObject({
      kind: 'appraisal_review',
      kindLabel: '待审定',
      title: '2026年度考核',
      summary: '王海军 · 年度考核 优秀 待审定',
      subject: { type: 'appraisal', id: appraisalId },
      link: `/appraisal/review?cycleId=${cycleId}&departmentId=${bureau.id}`,
      departmentId: bureau.id,
      departmentName: '龙华区发改局',
      overdue: false,
    });
    expect(await ids(cadre)).toEqual([]);
    expect(await ids(appraiser)).toEqual([]);
    expect(await ids(admin)).toEqual([]);
    // The assessor who is the graded cadre: another cadre's grade, yes; their own, never.
    await svc.publish(APPRAISAL_EVENTS.gradeSubmitted, gradeOf(cadreAssessor, 1, {}), { producer: 'appraisal' });
    await until(assessor, has(`appraisal_review:${cycleId}:${cadreAssessor.id}`), 'the second 待审定');
    expect(await ids(cadreAssessor)).toEqual([review]);
  });

  it('a return closes the 待审定 and waits for the appraisers of the department path (考核退回), who are told why; no one else', async () => {
    await svc.publish(APPRAISAL_EVENTS.gradeReturned, gradeOf(cadre, 2, { status: 'returned', comment: '等次依据不足', byUserId: assessor.id }), { producer: 'appraisal' });
    const view = await until(appraiser, has(revise), 'the appraiser’s 考核退回');
    expect(view.items[0]).toMatchObject({
      kindLabel: '考核退回',
      summary: '王海军 · 年度考核 优秀 被退回：等次依据不足',
      link: `/appraisal/sheet?cycleId=${cycleId}&departmentId=${bureau.id}`,
      subject: { type: 'appraisal', id: appraisalId },
    });
    await until(assessor, lacks(review), 'the 待审定 to leave');
    expect(await ids(districtAppraiser)).toEqual([revise]);
    expect(await ids(otherAppraiser)).toEqual([]);
    expect(await ids(cadre)).toEqual([]);

    const told = await waitUntil(async () => {
      const list = await messages(appraiser);
      return list.items.find((m) => m.kind === 'appraisal_returned');
    }, { what: 'the appraiser’s message' });
    expect(told).toMatchObject({ title: '王海军的2026年度考核等次被退回', link: `/appraisal/sheet?cycleId=${cycleId}&departmentId=${bureau.id}` });
    expect(told.body).toContain('陈研判于');
    expect(told.body).toContain('理由：等次依据不足');
    expect((await messages(districtAppraiser)).items.map((m) => m.kind)).toEqual(['appraisal_returned']);
    expect((await messages(otherAppraiser)).items).toEqual([]);
    expect((await messages(cadre)).items).toEqual([]);
  });

  it('a resubmission reopens the 待审定; a confirmation closes everything and tells the cadre; redeliveries change nothing', async () => {
    await svc.publish(APPRAISAL_EVENTS.gradeSubmitted, gradeOf(cadre, 3, { grade: 'competent' }), { producer: 'appraisal' });
    const again = await until(assessor, has(review), 'the 待审定 again');
    expect(again.items.find((i) => i.id === review)?.summary).toBe('王海军 · 年度考核 称职 待审定');
    await until(appraiser, lacks(revise), 'the 考核退回 to leave');

    const confirmed = gradeOf(cadre, 4, { grade: 'competent', status: 'confirmed', byUserId: assessor.id });
    await svc.publish(APPRAISAL_EVENTS.gradeConfirmed, confirmed, { producer: 'appraisal' });
    await until(assessor, lacks(review), 'the 待审定 to leave on confirmation');
    const mine = await waitUntil(async () => (await messages(cadre)).items.find((m) => m.kind === 'appraisal_confirmed'), { what: 'the cadre’s message' });
    expect(mine).toMatchObject({ title: '您的2026年度考核等次已确认：称职', link: '/appraisal/mine' });

    // The same events again, under other event ids and out of order: no item comes back, no message is added.
    await svc.publish(APPRAISAL_EVENTS.gradeConfirmed, confirmed, { producer: 'appraisal' });
    await svc.publish(APPRAISAL_EVENTS.gradeReturned, gradeOf(cadre, 2, { status: 'returned', comment: '等次依据不足', byUserId: assessor.id }), { producer: 'appraisal' });
    await svc.publish(APPRAISAL_EVENTS.gradeSubmitted, gradeOf(cadre, 3, { grade: 'competent' }), { producer: 'appraisal' });
    const marker = `appraisal_review:${cycleId}:${admin.id}`;
    await svc.publish(APPRAISAL_EVENTS.gradeSubmitted, gradeOf(admin, 1, {}), { producer: 'appraisal' });
    await until(assessor, has(marker), 'a later event to be applied');
    expect((await ids(assessor)).filter((id) => id.includes(cadre.id))).toEqual([]);
    expect(await ids(appraiser)).toEqual([]);
    expect((await messages(cadre)).items.map((m) => m.kind)).toEqual(['appraisal_confirmed']);
    expect((await messages(appraiser)).items.map((m) => m.kind)).toEqual(['appraisal_returned']);
    expect(await svc.db.collection('inbox_items').countDocuments({ subjectId: appraisalId })).toBe(2);
  });

  it('a rebuild replays APPRAISAL and gives the same inboxes', async () => {
    const who = [assessor, cadreAssessor, appraiser, districtAppraiser, otherAppraiser, cadre];
    const before = await Promise.all(who.map((w) => ids(w)));
    expect(before[0].length).toBe(2);
    const started = await svc.request<{ running: boolean }>(RPC.notifications.rebuild, {}, callerOf(admin));
    expect(started.running).toBe(true);
    const status = await svc.app.get(InboxRebuild).settled();
    expect(status).toMatchObject({ running: false, error: null });
    expect(status.replayed).toBeGreaterThanOrEqual(9);
    expect(await Promise.all(who.map((w) => ids(w)))).toEqual(before);
  });
});
