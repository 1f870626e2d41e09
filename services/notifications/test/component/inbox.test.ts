/**
 * The work inbox (待办) in process: record, task and team events in as their services publish them (JetStream, with
 * msgIDs), the inbox out through the RPC the gateway calls. city → district → bureau; another district beside it.
 */
import { randomUUID } from 'node:crypto';
import { NOTIFICATION_EVENTS, RECORD_EVENTS, RPC, TASK_EVENTS, type InboxItemClosedV1, type InboxView } from '@cadre/contracts';
import { callerOf, department, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';
import { InboxRebuild } from '../../src/inbox/rebuild/inbox-rebuild';
import { InboxStore } from '../../src/inbox/inbox-store';
import { inboxModule, noWaiting, recordAt, taskAt, teamAt } from './inbox-fixtures';
import { exportCsv } from '@cadre/platform';
import type { ExportPage } from '@cadre/contracts';

jest.setTimeout(180_000);

const city = department('海口市');
const district = department('龙华区', city);
const bureau = department('龙华区发改局', district);
const otherDistrict = department('美兰区', city);
const filer = user('王海军', bureau, ['cadre']);
const partner = user('李红梅', bureau, ['cadre', 'reviewer']);
const reviewer = user('张审核', bureau, ['reviewer']);
const districtReviewer = user('周区审', district, ['reviewer']);
const otherReviewer = user('赵局外', otherDistrict, ['reviewer']);
const assessor = user('陈研判', city, ['assessor']);
const evaluatorA = user('评委甲', city, ['evaluator']);
const evaluatorB = user('评委乙', city, ['evaluator']);
const publisher = user('孙发榜', district, ['publisher']);
const otherPublisher = user('钱发榜', otherDistrict, ['publisher']);
const member = user('吴队员', bureau, ['cadre']);
const admin = user('管理员', city, ['admin']);
const everyone = [filer, partner, reviewer, districtReviewer, otherReviewer, assessor, evaluatorA, evaluatorB, publisher, otherPublisher, member, admin];

describe('notifications in process: the inbox', () => {
  let svc: Component;
  const inbox = (who: UserSeed, query: Record<string, unknown> = {}) => svc.request<InboxView>(RPC.notifications.inbox, query, callerOf(who));
  const ids = async (who: UserSeed) => (await inbox(who)).items.map((i) => i.id).sort();
  const until = (who: UserSeed, ready: (v: InboxView) => boolean, what: string) =>
    waitUntil(async () => {
      const v = await inbox(who);
      return ready(v) ? v : undefined;
    }, { timeoutMs: 20_000, what });
  const has = (id: string) => (v: InboxView) => v.items.some((i) => i.id === id);
  const lacks = (id: string) => (v: InboxView) => !v.items.some((i) => i.id === id);
  const closedFacts = async () => (await svc.published<InboxItemClosedV1>(NOTIFICATION_EVENTS.itemClosed)).map((e) => e.data);

  beforeAll(async () => {
    svc = await startComponent({ service: 'notifications', module: inboxModule });
    await svc.seedDirectory({ users: everyone });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const recordId = randomUUID();
  const shares = (answer: 'pending' | 'confirmed') => [
    { userId: filer.id, role: 'lead' as const, share: 70, confirmation: 'confirmed' as const },
    { userId: partner.id, role: 'member' as const, share: 30, confirmation: answer },
  ];

  it('a submitted record waits for the reviewers of its department subtree, never a participant; a co-participant confirms their share', async () => {
    const submitted = recordAt(filer, recordId, 2, { participants: shares('pending') });
    await svc.publish(RECORD_EVENTS.submitted, submitted, { producer: 'records' });
    // The list and the counts are separate reads (no transactions): wait for both to hold it.
    const view = await until(reviewer, (v) => has(`record_review:${recordId}`)(v) && v.counts.record_review === 1, 'the reviewer’s 待审核');
    const item = view.items.find((i) => i.id === `record_review:${recordId}`)!;
    expect(item).toMatchObject({
      kind: 'record_review',
      kindLabel: '待审核',
      title: '引进世界500强企业区域总部',
      summary: '王海军 报送《引进世界500强企业区域总部》',
      subject: { type: 'record', id: recordId },
      link: `/records/${recordId}`,
      departmentId: bureau.id,
      departmentName: '龙华区发改局',
      overdue: false,
      escalated: false,
    });
    // Due 5 working days after it opened: at least 5 calendar days on.
    expect(Date.parse(item.dueAt) - Date.parse(item.openedAt)).toBeGreaterThanOrEqual(5 * 86_400_000);
    expect(view.counts.record_review).toBe(1);
    expect(view.total).toBe(1);
    // A reviewer higher up the tree sees it; one of another district does not; the filer does not; a participant
    // who reviews in the same bureau does not review it, but confirms their share.
    expect(await ids(districtReviewer)).toEqual([`record_review:${recordId}`]);
    expect(await ids(otherReviewer)).toEqual([]);
    expect(await ids(filer)).toEqual([]);
    const partnerView = await until(partner, has(`share_confirm:${recordId}:${partner.id}`), 'the co-participant’s 待确认分工');
    expect(partnerView.items.map((i) => i.kind)).toEqual(['share_confirm']);
    expect(partnerView.items[0].summary).toContain('30%');
    expect(await ids(assessor)).toEqual([]);

    // The same event again under another msgID: nothing more.
    await svc.publish(RECORD_EVENTS.submitted, submitted, { producer: 'records' });
    await svc.publish(RECORD_EVENTS.shareAnswered, { ...submitted, version: 3, action: 'confirm_share', actorId: partner.id, participants: shares('confirmed') }, { producer: 'records' });
    await until(partner, lacks(`share_confirm:${recordId}:${partner.id}`), 'the answered share to leave');
    expect(await svc.db.collection('inbox_items').countDocuments({ subjectId: recordId })).toBe(2);
    expect((await inbox(reviewer)).counts.record_review).toBe(1);
  });

  it('a review moves it to the assessors; a late redelivery of the submission does not bring it back', async () => {
    const reviewed = recordAt(filer, recordId, 4, { status: 'reviewed', fromStatus: 'submitted', action: 'review:approve', actorId: reviewer.id, participants: shares('confirmed') });
    await svc.publish(RECORD_EVENTS.reviewed, reviewed, { producer: 'records' });
    const view = await until(assessor, has(`record_assess:${recordId}`), 'the assessor’s 待研判');
    expect(view.items[0]).toMatchObject({ kindLabel: '待研判', departmentName: '龙华区发改局' });
    await until(reviewer, lacks(`record_review:${recordId}`), 'the 待审核 to leave every reviewer');
    expect(await ids(districtReviewer)).toEqual([]);

    await svc.publish(RECORD_EVENTS.submitted, recordAt(filer, recordId, 2, { participants: shares('pending') }), { producer: 'records' });
    const marker = randomUUID();
    await svc.publish(RECORD_EVENTS.submitted, recordAt(filer, marker, 2, {}), { producer: 'records' });
    await until(reviewer, has(`record_review:${marker}`), 'a later event to be applied');
    expect((await ids(reviewer)).filter((id) => id.includes(recordId))).toEqual([]);
    expect(await ids(partner)).toEqual([`record_review:${marker}`]);
  });

  it('a return waits for the filer to fix it; deletion settles it; every closure is announced on NOTIFICATIONS', async () => {
    await svc.publish(RECORD_EVENTS.returned, recordAt(filer, recordId, 5, { status: 'draft', fromStatus: 'reviewed', action: 'assess:return', comment: '请补充合同扫描件', participants: shares('confirmed') }), { producer: 'records' });
    const view = await until(filer, has(`record_fix:${recordId}`), 'the filer’s 待修改');
    expect(view.items[0]).toMatchObject({ kindLabel: '待修改', summary: '《引进世界500强企业区域总部》被退回：请补充合同扫描件' });
    await until(assessor, lacks(`record_assess:${recordId}`), 'the 待研判 to leave');
    await svc.publish(RECORD_EVENTS.deleted, recordAt(filer, recordId, 6, { status: 'discarded', fromStatus: 'draft', action: 'delete', participants: shares('confirmed') }), { producer: 'records' });
    await until(filer, lacks(`record_fix:${recordId}`), 'the 待修改 to leave');

    const closed = await waitUntil(async () => {
      const facts = (await closedFacts()).filter((f) => f.itemId.includes(recordId));
      return facts.length >= 4 ? facts : undefined;
    }, { what: 'four closures announced' });
    expect(closed.map((f) => f.itemId).sort()).toEqual([`record_assess:${recordId}`, `record_fix:${recordId}`, `record_review:${recordId}`, `share_confirm:${recordId}:${partner.id}`]);
    expect(closed.find((f) => f.kind === 'record_review')).toMatchObject({ departmentId: bureau.id, departmentPath: bureau.path, wasOverdue: false });
  });

  const taskId = randomUUID();
  const teamA = randomUUID();

  it('a team invitation waits for the invited member until they answer', async () => {
    await svc.publish(TASK_EVENTS.teamChanged, teamAt(filer, teamA, 1, [
      { userId: filer.id, role: 'lead', share: 60, invitation: 'accepted' },
      { userId: member.id, role: 'member', share: 40, invitation: 'invited' },
    ]), { producer: 'tasks' });
    const view = await until(member, has(`team_invitation:${teamA}:${member.id}`), 'the member’s 团队邀请');
    expect(view.items[0]).toMatchObject({ kindLabel: '团队邀请', title: '攻坚队', link: `/tasks/teams/${teamA}`, departmentName: '龙华区发改局', subject: { type: 'team', id: teamA } });
    expect(view.items[0].summary).toContain('王海军 邀请您加入 攻坚队');
    expect(await ids(filer)).toEqual([]);
    await svc.publish(TASK_EVENTS.teamChanged, teamAt(filer, teamA, 2, [
      { userId: filer.id, role: 'lead', share: 60, invitation: 'accepted' },
      { userId: member.id, role: 'member', share: 40, invitation: 'accepted' },
    ], 'accepted'), { producer: 'tasks' });
    await until(member, lacks(`team_invitation:${teamA}:${member.id}`), 'the answered invitation to leave');
  });

  it('评标 waits for each evaluator with their own bids, due 7 days after the bidding deadline; then the publishers award', async () => {
    await svc.publish(TASK_EVENTS.biddingClosed, taskAt(publisher, taskId, 3, {
      waiting: { ...noWaiting, pendingEvaluations: [{ evaluatorId: evaluatorA.id, bidIds: ['b1', 'b2'] }, { evaluatorId: evaluatorB.id, bidIds: ['b1'] }] },
    }), { producer: 'tasks' });
    const a = await until(evaluatorA, has(`bid_evaluate:${taskId}:${evaluatorA.id}`), 'evaluator A’s 待评标');
    expect(a.items).toHaveLength(1);
    expect(a.items[0]).toMatchObject({ kindLabel: '待评标', summary: '2 份标书待评', link: `/tasks/${taskId}`, departmentName: '龙华区', dueAt: '2026-10-07T16:00:00.000Z' });
    expect((await inbox(evaluatorB)).items.map((i) => i.summary)).toEqual(['1 份标书待评']);
    // Past due already (the deadline is in the past): counted as overdue.
    expect(a.overdue).toBe(1);

    await svc.publish(TASK_EVENTS.evaluationRecorded, taskAt(publisher, taskId, 4, {
      evaluatorId: evaluatorA.id, bidId: 'b2',
      waiting: { ...noWaiting, pendingEvaluations: [{ evaluatorId: evaluatorA.id, bidIds: [] }, { evaluatorId: evaluatorB.id, bidIds: ['b1'] }] },
    }), { producer: 'tasks' });
    await until(evaluatorA, lacks(`bid_evaluate:${taskId}:${evaluatorA.id}`), 'A’s 待评标 to leave');
    expect(await ids(evaluatorB)).toEqual([`bid_evaluate:${taskId}:${evaluatorB.id}`]);

    await svc.publish(TASK_EVENTS.evaluationRecorded, taskAt(publisher, taskId, 5, { evaluatorId: evaluatorB.id, bidId: 'b1', waiting: { ...noWaiting, readyToAward: true } }), { producer: 'tasks' });
    const award = await until(publisher, has(`task_award:${taskId}`), 'the publisher’s 待定标');
    expect(award.items[0]).toMatchObject({ kindLabel: '待定标', departmentName: '龙华区' });
    expect(await ids(otherPublisher)).toEqual([]);
    expect(await ids(evaluatorB)).toEqual([]);
  });

  it('评审 waits for each evaluator naming the teams; 结项 for the publishers once every review is in; conclusion settles all', async () => {
    await svc.publish(TASK_EVENTS.awarded, taskAt(publisher, taskId, 6, { status: 'in_progress', action: 'award', waiting: noWaiting }), { producer: 'tasks' });
    await until(publisher, lacks(`task_award:${taskId}`), 'the 待定标 to leave');
    await svc.publish(TASK_EVENTS.resultsSubmitted, taskAt(publisher, taskId, 7, { status: 'reviewing', action: 'submit_results', waiting: { ...noWaiting, pendingReviews: [{ evaluatorId: evaluatorA.id, teamIds: [teamA] }] } }), { producer: 'tasks' });
    const review = await until(evaluatorA, has(`result_review:${taskId}:${evaluatorA.id}`), 'A’s 待评审');
    expect(review.items[0]).toMatchObject({ kindLabel: '待评审', summary: '攻坚队 的成果待评审' });
    await svc.publish(TASK_EVENTS.reviewRecorded, taskAt(publisher, taskId, 8, { status: 'reviewing', evaluatorId: evaluatorA.id, teamId: teamA, waiting: { ...noWaiting, readyToConclude: true } }), { producer: 'tasks' });
    await until(publisher, has(`task_conclude:${taskId}`), 'the publisher’s 待结项');
    expect(await ids(evaluatorA)).toEqual([]);
    await svc.publish(TASK_EVENTS.concluded, taskAt(publisher, taskId, 9, { status: 'concluded', action: 'conclude' }), { producer: 'tasks' });
    await until(publisher, lacks(`task_conclude:${taskId}`), 'the 待结项 to leave');
  });

  it('a withdrawn task takes every item of it away', async () => {
    const withdrawn = randomUUID();
    await svc.publish(TASK_EVENTS.biddingClosed, taskAt(publisher, withdrawn, 3, { waiting: { ...noWaiting, pendingEvaluations: [{ evaluatorId: evaluatorB.id, bidIds: ['x'] }] } }), { producer: 'tasks' });
    await until(evaluatorB, has(`bid_evaluate:${withdrawn}:${evaluatorB.id}`), 'B’s 待评标');
    await svc.publish(TASK_EVENTS.withdrawn, taskAt(publisher, withdrawn, 4, { status: 'withdrawn', action: 'withdraw' }), { producer: 'tasks' });
    await until(evaluatorB, lacks(`bid_evaluate:${withdrawn}:${evaluatorB.id}`), 'the withdrawn task’s items to leave');
  });

  it('an item marked overdue is escalated and announced; the reminder mark stays on the item', async () => {
    const late = randomUUID();
    await svc.publish(RECORD_EVENTS.submitted, recordAt(filer, late, 2, {}), { producer: 'records' });
    await until(reviewer, has(`record_review:${late}`), 'the 待审核');
    const store = svc.app.get(InboxStore);
    expect(await store.markReminded(`record_review:${late}`)).toMatchObject({ open: true });
    const marked = await store.markOverdue(`record_review:${late}`, [districtReviewer.id]);
    expect(marked).toMatchObject({ overdue: true, escalated: true, escalatedTo: [districtReviewer.id] });
    expect(await store.markOverdue(`record_review:${late}`, [districtReviewer.id])).toBeNull();
    const view = await inbox(reviewer);
    expect(view.items.find((i) => i.id === `record_review:${late}`)).toMatchObject({ overdue: true, escalated: true });
    const overdue = await waitUntil(async () => (await svc.published(NOTIFICATION_EVENTS.itemOverdue)).find((e) => e.data.itemId === `record_review:${late}`), { what: 'the overdue fact' });
    expect(overdue.data).toMatchObject({ kind: 'record_review', departmentId: bureau.id, version: 3 });
  });

  it('answers 400 naming each bad field, CSV in Chinese and Beijing time, and only the kind asked for', async () => {
    const refused = await svc.refusal(RPC.notifications.inbox, { kind: 'nope', limit: 0, sort: 'x' }, callerOf(reviewer));
    expect(refused.status).toBe(400);
    expect((refused.errors ?? []).map((e) => e.path).sort()).toEqual(['kind', 'limit', 'sort']);
    const csv = await svc.request<ExportPage>(RPC.notifications.inbox, { format: 'csv' }, callerOf(reviewer)).then((page) => ({ csv: exportCsv(page), filename: page.filename }));
    const [header, row] = csv.csv.replace('\uFEFF', '').split('\r\n');
    expect(header).toBe('类型,标题,事项,所属单位,开始时间,办理时限,是否超期,是否已催办升级');
    expect(row).toMatch(/^待审核,引进世界500强企业区域总部,王海军 报送《引进世界500强企业区域总部》,龙华区发改局,\d{4}-\d{2}-\d{2} \d{2}:\d{2},/);
    expect(csv.csv).not.toMatch(/record_review|T\d{2}:\d{2}:\d{2}/);
    const onlyReviews = await inbox(publisher, { kind: 'task_award' });
    expect(onlyReviews.items).toEqual([]);
  });

  it('a rebuild from the streams gives the same inboxes, announces nothing again, and is for admins only', async () => {
    const who = [reviewer, districtReviewer, partner, assessor, filer, evaluatorA, evaluatorB, publisher, member];
    const before = await Promise.all(who.map((w) => inbox(w).then((v) => v.items.map((i) => [i.id, i.dueAt, i.escalated]))));
    const closedBefore = (await closedFacts()).length;
    expect((await svc.refusal(RPC.notifications.rebuild, {}, callerOf(reviewer))).status).toBe(403);
    expect((await svc.refusal(RPC.notifications.rebuild, { all: true }, callerOf(admin))).status).toBe(400);
    const started = await svc.request<{ running: boolean }>(RPC.notifications.rebuild, {}, callerOf(admin));
    expect(started.running).toBe(true);
    const status = await svc.app.get(InboxRebuild).settled();
    expect(status).toMatchObject({ running: false, error: null });
    expect(status.replayed).toBeGreaterThan(15);
    const after = await Promise.all(who.map((w) => inbox(w).then((v) => v.items.map((i) => [i.id, i.dueAt, i.escalated]))));
    expect(after).toEqual(before);
    expect((await closedFacts()).length).toBe(closedBefore);
    // Versions go on from where they were: the escalated item’s next fact is newer than its overdue fact.
    const late = (await svc.db.collection('inbox_items').findOne({ escalated: true })) as { version: number } | null;
    expect(late?.version).toBeGreaterThan(3);
  });
});
