/**
 * Reminders and escalation (催办) in process, with the clock shortened by configuration: a review is due 4 s after the
 * record is submitted (SLA_RECORD_REVIEW=4s) and its holders are reminded 2 s before (REMIND_BEFORE=2s). The reminder
 * reaches the reviewers holding it; at the due time the reviewer of the parent department is told, the item is
 * overdue and notifications.item.overdue is on the stream. An item done in time fires nothing.
 *
 * city → district → bureau; the record is filed in the bureau.
 */
import { APPRAISAL_EVENTS, NOTIFICATION_EVENTS, RECORD_EVENTS, RPC, SELECTION_EVENTS, TASK_EVENTS, beijingDateTime, type AppraisalGradeV1, type InboxItemOverdueV1, type NotificationListView, type SelectionAppealV1 } from '@cadre/contracts';
import { callerOf, department, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';
import { randomUUID } from 'node:crypto';
import { dropRedisKeys, notificationsModule, recordEvent } from './messages-fixtures';
import { teamAt } from './inbox-fixtures';

jest.setTimeout(120_000);

const city = department('海口市');
const district = department('龙华区', city);
const bureau = department('龙华区发改局', district);
const filer = user('王海军', bureau, ['cadre']);
const bureauReviewer = user('张审核', bureau, ['reviewer']);
const districtReviewer = user('李督办', district, ['reviewer']);
const assessor = user('陈研判', city, ['assessor']);
const invitee = user('钱受邀', district, ['cadre']);
const appraiser = user('刘考核', bureau, ['appraiser']);
// An assessor who appeals their own record: never reminded of their own appeal.
const appellant = user('孙申诉', bureau, ['cadre', 'assessor']);
const admin = user('管理员', city, ['admin']);

describe('notifications in process: reminders and escalation', () => {
  let svc: Component;
  const list = (who: UserSeed) => svc.request<NotificationListView>(RPC.notifications.list, { limit: 50 }, callerOf(who));
  const submitted = (fields = {}) =>
    recordEvent(filer, filer, { version: 2, status: 'submitted', fromStatus: 'draft', action: 'submit', comment: '', occurredAt: new Date().toISOString(), ...fields });

  beforeAll(async () => {
    svc = await startComponent({ service: 'notifications', module: notificationsModule, env: { SLA_RECORD_REVIEW: '4s', SLA_TEAM_INVITATION: '4s', SLA_APPRAISAL_REVISE: '4s', SLA_APPEAL_DECIDE: '4s', REMIND_BEFORE: '2s' } });
    await svc.seedDirectory({ users: [filer, bureauReviewer, districtReviewer, assessor, invitee, appraiser] });
  });
  afterAll(async () => {
    await svc?.stop();
    await dropRedisKeys();
  });

  it('reminds the holders ahead of the due time, then escalates to the parent department’s reviewer and marks the item overdue', async () => {
    const record = submitted();
    const done = submitted({ title: '按时审核的纪实' });
    const started = Date.now();
    await svc.publish(RECORD_EVENTS.submitted, record, { producer: 'records' });
    await svc.publish(RECORD_EVENTS.submitted, done, { producer: 'records' });
    // The second one is reviewed at once: its item closes, its jobs are removed (or find it closed).
    await svc.publish(RECORD_EVENTS.reviewed, { ...done, version: 3, status: 'reviewed', fromStatus: 'submitted', action: 'review:approve', actorId: bureauReviewer.id }, { producer: 'records' });
    const itemId = `record_review:${record.recordId}`;

    const reminded = await waitUntil(async () => (await list(bureauReviewer)).items.find((m) => m.kind === 'reminder'), { timeoutMs: 20_000, what: 'the reminder' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    // The worker marks the item reminded right after storing the messages: wait for that write too.
    const open = await waitUntil(async () => {
      const item = await svc.db.collection('inbox_items').findOne({ _id: itemId } as never);
      return item?.remindedAt ? item : undefined;
    }, { timeoutMs: 5_000, what: 'the item marked reminded' });
    expect(reminded.title).toBe(`催办：待审核「引进世界500强企业区域总部」将于${beijingDateTime(open!.dueAt)}到期`); // Beijing time
    expect(reminded.link).toBe(`/records/${record.recordId}`);
    expect(open!.remindedAt).toBeTruthy();
    // Every reviewer whose subtree holds it is reminded, never the filer.
    await waitUntil(async () => (await list(districtReviewer)).items.find((m) => m.kind === 'reminder'), { timeoutMs: 5_000, what: 'the district reviewer’s reminder' });

    const escalation = await waitUntil(async () => (await list(districtReviewer)).items.find((m) => m.kind === 'escalation'), { timeoutMs: 20_000, what: 'the escalation' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_500);
    expect(escalation.title).toBe('督办：待审核「引进世界500强企业区域总部」已逾期');
    expect(escalation.body).toContain('审核员');
    const item = await waitUntil(async () => {
      const doc = await svc.db.collection('inbox_items').findOne({ _id: itemId } as never);
      return doc?.overdue ? doc : undefined;
    }, { timeoutMs: 10_000, what: 'the item overdue' });
    expect(item.escalated).toBe(true);
    expect(item.escalatedTo).toEqual([districtReviewer.id]);
    const overdue = await waitUntil(async () => (await svc.published<InboxItemOverdueV1>(NOTIFICATION_EVENTS.itemOverdue)).find((e) => e.data.itemId === itemId), { timeoutMs: 10_000, what: 'notifications.item.overdue' });
    expect(overdue.data).toMatchObject({ kind: 'record_review', departmentId: bureau.id });

    // Give the done item's jobs their time: nothing fires for it, and nobody is told twice.
    await new Promise((r) => setTimeout(r, 2_000));
    const all = [...(await list(bureauReviewer)).items, ...(await list(districtReviewer)).items, ...(await list(assessor)).items];
    expect(all.filter((m) => m.title.includes('按时审核的纪实'))).toEqual([]);
    expect((await list(bureauReviewer)).items.filter((m) => m.kind === 'reminder')).toHaveLength(1);
    expect((await list(districtReviewer)).items.filter((m) => m.kind === 'reminder')).toHaveLength(1);
    expect((await list(bureauReviewer)).items.filter((m) => m.kind === 'escalation')).toHaveLength(0); // the bureau is not its own parent
    expect((await list(districtReviewer)).items.filter((m) => m.kind === 'escalation')).toHaveLength(1);
    expect((await list(assessor)).items).toEqual([]); // the parent had a reviewer: the assessors are not bothered
    expect((await list(filer)).items).toEqual([]); // the filer holds nothing here
    expect((await svc.published(NOTIFICATION_EVENTS.itemOverdue)).filter((e) => (e.data as InboxItemOverdueV1).itemId === itemId)).toHaveLength(1);
  });

  it('an unanswered team invitation reminds the invited member and escalates to the team’s lead', async () => {
    const teamId = randomUUID();
    await svc.publish(TASK_EVENTS.teamChanged, teamAt(filer, teamId, 1, [{ userId: filer.id, role: 'lead', share: 70, invitation: 'accepted' }, { userId: invitee.id, role: 'member', share: 30, invitation: 'invited' }]), { producer: 'tasks' });
    const reminder = await waitUntil(async () => (await list(invitee)).items.find((m) => m.kind === 'reminder'), { timeoutMs: 20_000, what: 'the invitee’s reminder' });
    expect(reminder.title).toContain('团队邀请');
    const escalation = await waitUntil(async () => (await list(filer)).items.find((m) => m.kind === 'escalation'), { timeoutMs: 20_000, what: 'the lead’s escalation' });
    expect(escalation.title).toContain('已逾期');
    expect(escalation.body).toContain('钱受邀'); // who has not answered, by name
    expect(escalation.link).toBe(`/tasks/teams/${teamId}`);
    const item = await waitUntil(async () => {
      const doc = await svc.db.collection('inbox_items').findOne({ _id: `team_invitation:${teamId}:${invitee.id}` } as never);
      return doc?.overdue ? doc : undefined;
    }, { timeoutMs: 10_000, what: 'the invitation overdue' });
    expect(item.escalatedTo).toEqual([filer.id]);
  });

  it('a returned grade left unrevised reminds the department’s appraisers and escalates to the assessors', async () => {
    const cycleId = randomUUID();
    const grade: AppraisalGradeV1 = {
      appraisalId: `${cycleId}:${filer.id}`, cycleId, cycleKind: 'annual', cycleName: '2026年度考核', period: '2026', year: '2026', cadreId: filer.id,
      departmentId: bureau.id, departmentPath: bureau.path, grade: 'excellent', status: 'returned', comment: '依据不足', byUserId: assessor.id, version: 2, occurredAt: new Date().toISOString(),
    };
    await svc.publish(APPRAISAL_EVENTS.gradeReturned, grade, { producer: 'appraisal' });
    const reminder = await waitUntil(async () => (await list(appraiser)).items.find((m) => m.kind === 'reminder'), { timeoutMs: 20_000, what: 'the appraiser’s reminder' });
    expect(reminder.title).toContain('考核退回「2026年度考核」');
    expect(reminder.link).toBe(`/appraisal/sheet?cycleId=${cycleId}&departmentId=${bureau.id}`);
    const escalation = await waitUntil(async () => (await list(assessor)).items.find((m) => m.kind === 'escalation'), { timeoutMs: 20_000, what: 'the assessor’s escalation' });
    expect(escalation.title).toBe('督办：考核退回「2026年度考核」已逾期');
    expect(escalation.body).toContain('考核专员');
    const item = await waitUntil(async () => {
      const doc = await svc.db.collection('inbox_items').findOne({ _id: `appraisal_revise:${cycleId}:${filer.id}` } as never);
      return doc?.overdue ? doc : undefined;
    }, { timeoutMs: 10_000, what: 'the 考核退回 overdue' });
    expect(item.escalatedTo).toEqual([assessor.id]);
    expect((await list(filer)).items.filter((m) => m.kind === 'reminder' || m.kind === 'escalation').map((m) => m.title).filter((t) => t.includes('考核'))).toEqual([]);
  });

  it('an undecided appeal reminds the assessors (never the appellant) and escalates to the admins', async () => {
    await svc.seedDirectory({ users: [appellant, admin] }); // only now: the earlier tests' escalations to the assessors are not theirs
    const appealId = randomUUID();
    const appeal: SelectionAppealV1 = {
      appealId, subjectType: 'record', subjectId: randomUUID(), subjectTitle: '引进区域总部', appellantId: appellant.id, departmentId: bureau.id, departmentPath: bureau.path,
      status: 'pending', answer: null, decidedBy: null, subjectState: 'rejected', version: 1, occurredAt: new Date().toISOString(),
    };
    await svc.publish(SELECTION_EVENTS.appealFiled, appeal, { producer: 'selection' });
    const reminder = await waitUntil(async () => (await list(assessor)).items.find((m) => m.kind === 'reminder' && m.title.includes('待处理申诉')), { timeoutMs: 20_000, what: 'the assessor’s reminder' });
    expect(reminder.title).toContain('待处理申诉「引进区域总部」');
    expect(reminder.link).toBe(`/selection/appeals/${appealId}`);
    const escalation = await waitUntil(async () => (await list(admin)).items.find((m) => m.kind === 'escalation'), { timeoutMs: 20_000, what: 'the admin’s escalation' });
    expect(escalation.title).toBe('督办：待处理申诉「引进区域总部」已逾期');
    expect(escalation.body).toContain('研判员');
    const item = await waitUntil(async () => {
      const doc = await svc.db.collection('inbox_items').findOne({ _id: `appeal_decide:${appealId}` } as never);
      return doc?.overdue ? doc : undefined;
    }, { timeoutMs: 10_000, what: 'the 待处理申诉 overdue' });
    expect(item.escalatedTo).toEqual([admin.id]);
    expect((await list(appellant)).items).toEqual([]);
  });
});
