/**
 * Analytics in process: events in as records, tasks, scoring and the gateway publish them; the overview, the
 * departments table, portraits and the shortlist out, with their scopes and refusals; a rebuild from the streams.
 * One analytics service with its own NATS, database and Redis prefix.
 *
 * city → district A → bureau A1; city → district B.
 */
import { randomUUID } from 'node:crypto';
import {
  DIRECTORY_EVENTS,
  NOTIFICATION_EVENTS,
  RECORD_EVENTS,
  RPC,
  SCORING_EVENTS,
  TASK_EVENTS,
  currentScoringYear,
  type CandidatesView,
  type DepartmentsView,
  type OverviewView,
  type PortraitView,
  type RebuildView,
} from '@cadre/contracts';
import { callerOf, department, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';
import { analyticsModule, caughtUp, closedItem, dropRedisKeys, createdRecord, overdueItem, publishedTask, scoreUpdated, seedPeople, teamAndConclusion, transition } from './fixtures';
import { exportCsv } from '@cadre/platform';
import type { ExportPage } from '@cadre/contracts';

/** An export page as the CSV file the gateway streams (one page: analytics tables are small). */
const csvReply = (page: ExportPage) => ({ csv: exportCsv(page), filename: page.filename });

jest.setTimeout(120_000);

const YEAR = currentScoringYear();
const city = department('海口市');
const districtA = department('龙华区', city);
const bureauA1 = department('龙华区发改局', districtA);
const districtB = department('美兰区', city);
const a1 = user('王海军', bureauA1, ['cadre'], { rankLevel: 'division', title: '科长' });
const a2 = user('陈志强', districtA, ['cadre'], { rankLevel: 'section' });
const b1 = user('李红梅', districtB, ['cadre'], { rankLevel: 'division' });
const reviewerA = user('审核员甲', districtA, ['reviewer']);
const reviewerB = user('审核员乙', districtB, ['reviewer']);
const assessor = user('研判员', city, ['assessor']);
const admin = user('管理员', city, ['admin']);

// Records: rec1 verified (a1), rec2 waiting (a2), rec3 returned to draft (b1), rec4 rejected (b1), rec5 a draft (a1).
const rec1 = createdRecord(a1, 'INVEST-03', '引进区域总部');
const rec2 = createdRecord(a2, 'PARTY-01');
const rec3 = createdRecord(b1, 'ECOLOGY-01');
const rec4 = createdRecord(b1, 'HONOR-01');
const rec5 = createdRecord(a1, 'REFORM-01');
// Tasks: t1 (bureau A1's) concluded with a1 leading b1; t2 (district B's) open.
const t1 = publishedTask(bureauA1);
const t2 = publishedTask(districtB, { domain: 'livelihood', title: '民生保障' });
const { formed, concluded } = teamAndConclusion(t1, [
  [a1, 60],
  [b1, 40],
]);

describe('analytics in process: events → read models → answers', () => {
  let analytics: Component;
  const as = (who: UserSeed) => callerOf(who);
  const overview = (who: UserSeed, query: Record<string, unknown> = {}) => analytics.request<OverviewView>(RPC.analytics.overview, query, as(who));
  const departments = (who: UserSeed, query: Record<string, unknown> = {}) => analytics.request<DepartmentsView>(RPC.analytics.departments, query, as(who));
  const portrait = (cadre: UserSeed, who: UserSeed = cadre) => analytics.request<PortraitView>(RPC.analytics.portrait, { id: cadre.id }, as(who));
  const candidates = (who: UserSeed, query: Record<string, unknown> = {}) => analytics.request<CandidatesView>(RPC.analytics.candidates, query, as(who));
  const status = async (pattern: string, payload: unknown, who?: UserSeed) => (await analytics.refusal(pattern, payload, who && as(who))).status;

  beforeAll(async () => {
    analytics = await startComponent({ service: 'analytics', module: analyticsModule, consume: false });
    await seedPeople(analytics, [city, districtA, bureauA1, districtB], [a1, a2, b1, reviewerA, reviewerB, assessor, admin], admin);
    const record = (type: string, data: unknown) => analytics.publish(type, data, { producer: 'records' });
    for (const created of [rec1, rec2, rec3, rec4, rec5]) await record(RECORD_EVENTS.created, created);
    for (const created of [rec1, rec2, rec3, rec4]) await record(RECORD_EVENTS.submitted, transition(created, 'submitted', 2, { fromStatus: 'draft' }));
    await record(RECORD_EVENTS.verified, transition(rec1, 'verified', 4));
    await record(RECORD_EVENTS.returned, transition(rec3, 'draft', 3, { submittedAt: null }));
    await record(RECORD_EVENTS.rejected, transition(rec4, 'rejected', 3));
    const tasks = (type: string, data: unknown) => analytics.publish(type, data, { producer: 'tasks' });
    await tasks(TASK_EVENTS.published, t1);
    await tasks(TASK_EVENTS.published, t2);
    await tasks(TASK_EVENTS.teamFormed, formed);
    await tasks(TASK_EVENTS.concluded, concluded);
    await analytics.publish(SCORING_EVENTS.scoreUpdated, scoreUpdated(a1, YEAR, { INVEST: 1920, TASK: 10200 }, { [`record:${rec1.recordId}`]: 1920, [`task:${t1.taskId}`]: 10200 }, 1_000), { producer: 'scoring' });
    await analytics.publish(SCORING_EVENTS.scoreUpdated, scoreUpdated(b1, YEAR, { TASK: 6300 }, { [`task:${t1.taskId}`]: 6300 }, 1_000), { producer: 'scoring' });
    await caughtUp(analytics, admin);
  });
  afterAll(async () => {
    await analytics?.stop();
    await dropRedisKeys();
  });

  it('the city-wide overview: records by item and status, review, backlog, tasks and the points distribution', async () => {
    const view = await overview(admin);
    expect(view).toMatchObject({ period: YEAR, scope: { departmentId: city.id, departmentName: '海口市' } });
    expect(view.records).toMatchObject({ total: 5, byItem: { INVEST: 1, PARTY: 1, ECOLOGY: 1, HONOR: 1, REFORM: 1 }, byStatus: { verified: 1, submitted: 1, draft: 2, rejected: 1 } });
    expect(view.review).toMatchObject({ verified: 1, returned: 1, rejected: 1, backlog: { count: 1 }, submissionToVerification: { count: 1 } });
    expect(view.tasks).toMatchObject({ published: 2, claimed: 1, concluded: 1, byDomain: { legacy: 1, livelihood: 1 }, byStatus: { concluded: 1, open: 1 }, shareClaimed: 0.5, shareConcluded: 0.5 });
    expect(view.points).toMatchObject({ cadres: 3, scored: 2, total: 184.2, average: 61.4, binWidth: 10 });
    const bins = Object.fromEntries(view.points.histogram.filter((bin) => bin.cadres).map((bin) => [bin.from, bin.cadres]));
    expect(bins).toEqual({ 0: 1, 60: 1, 120: 1 });
    // Nothing is overdue before the notifications service says so; its stream, absent when analytics started (no
    // notifications service yet), was created by analytics and is followed like the others.
    expect(view.overdue).toEqual({ total: 0, byKind: {}, byDepartment: [] });
    expect((await analytics.request<RebuildView>(RPC.analytics.rebuildStatus, {}, as(admin))).positions).toHaveProperty('NOTIFICATIONS', 0);
  });

  it('an overview narrowed to a district counts its subtree only', async () => {
    const view = await overview(assessor, { departmentId: districtA.id });
    expect(view.scope).toEqual({ departmentId: districtA.id, departmentName: '龙华区' });
    expect(view.records).toMatchObject({ total: 3, byStatus: { verified: 1, submitted: 1, draft: 1 } });
    expect(view.tasks).toMatchObject({ published: 1, concluded: 1 });
    expect(view.points).toMatchObject({ cadres: 2, scored: 1, total: 121.2 });
  });

  it('a reviewer’s dashboards are their own subtree, or a department within it', async () => {
    expect(await overview(reviewerA)).toMatchObject({ scope: { departmentId: districtA.id }, records: { total: 3 } });
    expect(await overview(reviewerA, { departmentId: bureauA1.id })).toMatchObject({ scope: { departmentId: bureauA1.id }, records: { total: 2 } });
    expect(await overview(reviewerB)).toMatchObject({ scope: { departmentId: districtB.id }, records: { total: 2, byStatus: { draft: 1, rejected: 1 } } });
  });

  it('refuses dashboards to the wrong role and a department outside the reviewer’s subtree; 404 for an unknown department, 401 without a caller', async () => {
    expect(await status(RPC.analytics.overview, { departmentId: districtB.id }, reviewerA)).toBe(403);
    expect(await status(RPC.analytics.departments, { departmentId: districtA.id }, reviewerB)).toBe(403);
    expect(await status(RPC.analytics.overview, {}, a1)).toBe(403);
    expect(await status(RPC.analytics.departments, {}, a2)).toBe(403);
    expect(await status(RPC.analytics.overview, { departmentId: randomUUID() }, admin)).toBe(404);
    expect(await status(RPC.analytics.overview, {})).toBe(401);
  });

  it('the departments table: each department’s own figures and its subtree’s', async () => {
    const view = await departments(admin);
    const row = (id: string) => view.items.find((r) => r.departmentId === id)!;
    // The root first, then by depth.
    expect(view.items.map((r) => r.departmentId)).toEqual([city.id, ...[districtA.id, districtB.id].sort(), bureauA1.id]);
    expect(view.total).toBe(4);
    expect(row(bureauA1.id)).toMatchObject({ depth: 2, cadres: 1, records: 2, verified: 1, points: 121.2, backlog: 0 });
    expect(row(districtA.id)).toMatchObject({ depth: 1, cadres: 1, records: 1, verified: 0, backlog: 1, subtree: { cadres: 2, records: 3, verified: 1, points: 121.2, backlog: 1 } });
    expect(row(districtB.id)).toMatchObject({ cadres: 1, records: 2, points: 63, subtree: { cadres: 1, records: 2 } });
    expect(row(city.id).subtree).toMatchObject({ cadres: 3, records: 5, verified: 1, points: 184.2, backlog: 1 });
    const mine = await departments(reviewerA);
    expect(mine.items.map((r) => r.departmentId)).toEqual([districtA.id, bureauA1.id]);
  });

  it('a portrait: points by item, the timeline of verified records and concluded tasks, strengths, teams and collaborators', async () => {
    const view = await portrait(a1);
    expect(view).toMatchObject({ cadre: { id: a1.id, name: a1.name, departmentId: bureauA1.id, departmentName: '龙华区发改局', rankLevel: 'division', title: '科长' }, period: YEAR, total: 121.2 });
    expect(view.radar.find((r) => r.item === 'INVEST')).toMatchObject({ points: 19.2 });
    expect(view.strengths.map((s) => [s.item, s.points])).toEqual([
      ['TASK', 102],
      ['INVEST', 19.2],
    ]);
    expect(view.timeline.map((t) => [t.kind, t.id, t.points]).sort()).toEqual(
      [
        ['record', rec1.recordId, 19.2],
        ['task', t1.taskId, 102],
      ].sort(),
    );
    expect(view.teams).toEqual([expect.objectContaining({ teamId: formed.teamId, teamName: '攻坚队', role: 'lead' })]);
    expect(view.collaborators).toEqual([{ userId: b1.id, name: b1.name, together: 1 }]);
    expect(view.trend).toHaveLength(12);
  });

  it('a portrait is read by the cadre, reviewers of their subtree, assessors and admins; refused to others', async () => {
    for (const who of [reviewerA, assessor, admin]) expect(await portrait(a1, who)).toMatchObject({ cadre: { id: a1.id } });
    expect(await status(RPC.analytics.portrait, { id: a1.id }, reviewerB)).toBe(403);
    expect(await status(RPC.analytics.portrait, { id: a1.id }, b1)).toBe(403);
    expect(await status(RPC.analytics.portrait, { id: b1.id }, reviewerA)).toBe(403);
    expect(await status(RPC.analytics.portrait, { id: randomUUID() }, admin)).toBe(404);
    expect(await status(RPC.analytics.portrait, { id: 'not an id' }, admin)).toBe(404);
  });

  it('the shortlist: cadres by points with the evidence, by rank level and department; for assessors and admins only', async () => {
    const all = await candidates(assessor);
    expect(all).toMatchObject({ period: YEAR, rankLevel: null, total: 3 });
    expect(all.items.map((c) => [c.rank, c.cadreId, c.points])).toEqual([
      [1, a1.id, 121.2],
      [2, b1.id, 63],
    ]);
    expect(all.items[0].evidence).toMatchObject({ verifiedRecords: 1, concludedTasks: 1, ratings: { good: 1 }, records: [{ recordId: rec1.recordId, points: 19.2 }], tasks: [{ taskId: t1.taskId, points: 102 }] });
    expect((await candidates(admin, { departmentId: districtB.id })).items.map((c) => c.cadreId)).toEqual([b1.id]);
    expect((await candidates(admin, { departmentId: districtA.id })).items.map((c) => c.cadreId)).toEqual([a1.id]);
    expect(await candidates(admin, { rankLevel: 'section' })).toMatchObject({ items: [], total: 1 });
    expect(await status(RPC.analytics.candidates, {}, reviewerA)).toBe(403);
    expect(await status(RPC.analytics.candidates, { departmentId: districtA.id }, reviewerA)).toBe(403);
  });

  it('every table answers format=csv (a BOM, a header row)', async () => {
    const csvOf = async (pattern: string, payload: Record<string, unknown>) => (csvReply(await analytics.request<ExportPage>(pattern, { ...payload, format: 'csv' }, as(admin))));
    const answers = [
      await csvOf(RPC.analytics.overview, {}),
      await csvOf(RPC.analytics.departments, {}),
      await csvOf(RPC.analytics.portrait, { id: a1.id }),
      await csvOf(RPC.analytics.candidates, {}),
    ];
    expect(answers.map((a) => a.filename)).toEqual([`analytics-overview-${YEAR}.csv`, `analytics-departments-${YEAR}.csv`, `analytics-portrait-${a1.id}-${YEAR}.csv`, `analytics-candidates-${YEAR}.csv`]);
    for (const { csv } of answers) expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(answers[1].csv.split(/\r?\n/).filter(Boolean)).toHaveLength(1 + 4);
    // For people: labels, names and Beijing time, never an ISO time; ids only in the last column (编号).
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
    for (const { csv } of answers) {
      expect(csv).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      const lines = csv.slice(1).split('\r\n').filter(Boolean);
      expect(lines[0]!.split(',').at(-1)).toBe('编号');
      // Without the last column no id remains (notes hold no commas here).
      for (const line of lines) expect(line.replace(/,[^,]*$/, '')).not.toMatch(uuid);
    }
    expect(answers[0].csv).toMatch(/纪实·按填报项,招商引资,1,,INVEST/);
    expect(answers[0].csv).toMatch(/纪实·按状态,已驳回,1,,rejected/);
    expect(answers[0].csv).toMatch(/任务·按领域,历史遗留问题化解,1/);
    expect(answers[1].csv).toMatch(/^\uFEFF单位,上级单位,/);
    expect(answers[1].csv).toMatch(/龙华区发改局,龙华区,2,/);
    expect(answers[2].csv).toMatch(/履职纪实,引进区域总部,19\.2,\d{4}-\d{2}-\d{2} \d{2}:\d{2}；招商引资 \/ 500强企业引进；良好；市级；牵头 100%/);
    expect(answers[3].csv).toMatch(/1,王海军,龙华区发改局,处级,科长,121\.2,/);
  });

  it('refuses bad queries with 400 naming the field', async () => {
    expect(await analytics.refusal(RPC.analytics.overview, { period: 'last-year' }, as(admin))).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'period' })] });
    expect(await analytics.refusal(RPC.analytics.departments, { everything: true }, as(admin))).toMatchObject({ status: 400 });
    expect(await analytics.refusal(RPC.analytics.candidates, { limit: 101 }, as(admin))).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'limit' })] });
  });

  it('events delivered again, or older than what is known, change nothing', async () => {
    const before = await overview(admin);
    const portraitBefore = await portrait(a1);
    await analytics.publish(RECORD_EVENTS.verified, transition(rec1, 'verified', 4), { producer: 'records', eventId: randomUUID() });
    await analytics.publish(RECORD_EVENTS.submitted, transition(rec1, 'submitted', 2), { producer: 'records' });
    await analytics.publish(TASK_EVENTS.concluded, concluded, { producer: 'tasks', eventId: randomUUID() });
    await analytics.publish(SCORING_EVENTS.scoreUpdated, scoreUpdated(a1, YEAR, { INVEST: 1 }, {}, 999), { producer: 'scoring' });
    await caughtUp(analytics, admin);
    // Only when the models last moved (asOf) differs.
    expect({ ...(await overview(admin)), asOf: {} }).toEqual({ ...before, asOf: {} });
    expect(await portrait(a1)).toEqual(portraitBefore);
  });

  it('a record decided moves from the backlog to the verified; another year is empty', async () => {
    await analytics.publish(RECORD_EVENTS.verified, transition(rec2, 'verified', 4), { producer: 'records' });
    await caughtUp(analytics, admin);
    const view = await overview(reviewerA);
    expect(view.review.verified).toBe(2);
    expect(view.review.backlog).toMatchObject({ count: 0, oldestSubmittedOn: null });
    expect(view.records.byStatus).toMatchObject({ verified: 2 });
    expect(view.records.byStatus.submitted ?? 0).toBe(0);
    const row = (await departments(reviewerA)).items.find((r) => r.departmentId === districtA.id);
    expect(row).toMatchObject({ verified: 1, backlog: 0, subtree: { verified: 2, backlog: 0 } });
    expect(await overview(admin, { period: '2020' })).toMatchObject({ period: '2020', records: { total: 0 }, tasks: { published: 0 }, points: { scored: 0 } });
  });

  it('the directory follows the gateway: a cadre moved to another district is counted and scoped there', async () => {
    expect(await portrait(a2, reviewerA)).toMatchObject({ cadre: { departmentId: districtA.id } });
    await analytics.publish(
      DIRECTORY_EVENTS.userUpserted,
      { userId: a2.id, username: `u-${a2.id.slice(0, 8)}`, name: a2.name, staffNo: a2.id.slice(0, 8), departmentId: districtB.id, departmentPath: districtB.path, roles: ['cadre'], rankLevel: 'section', title: '', active: true, version: 2 },
      { producer: 'gateway' },
    );
    await waitUntil(async () => (await portrait(a2, admin)).cadre.departmentId === districtB.id, { what: 'a2 in district B' });
    expect(await portrait(a2, reviewerB)).toMatchObject({ cadre: { id: a2.id, departmentName: '美兰区' } });
    expect(await status(RPC.analytics.portrait, { id: a2.id }, reviewerA)).toBe(403);
    const rows = (await departments(admin)).items;
    expect(rows.find((r) => r.departmentId === districtA.id)).toMatchObject({ cadres: 0, subtree: { cadres: 1 } });
    expect(rows.find((r) => r.departmentId === districtB.id)).toMatchObject({ cadres: 2 });
  });

  it('overdue work (催办) from the notifications service: per kind and department, for the caller\'s scope, gone once closed', async () => {
    const notify = (type: string, data: unknown, eventId?: string) => analytics.publish(type, data, { producer: 'notifications', eventId });
    const review = overdueItem('record_review', rec2.recordId, districtA, 3);
    const assess = overdueItem('record_assess', rec1.recordId, bureauA1, 5);
    const award = overdueItem('task_award', t2.taskId, districtB, 2);
    for (const item of [review, assess, award]) await notify(NOTIFICATION_EVENTS.itemOverdue, item);
    // Delivered again, and an older state of an item arriving late: nothing more.
    await notify(NOTIFICATION_EVENTS.itemOverdue, review, randomUUID());
    await notify(NOTIFICATION_EVENTS.itemClosed, closedItem(assess, 4));
    await caughtUp(analytics, admin);

    const city = (await overview(admin)).overdue;
    expect(city).toEqual({
      total: 3,
      byKind: { record_review: 1, record_assess: 1, task_award: 1 },
      byDepartment: expect.arrayContaining([
        { departmentId: districtA.id, departmentName: '龙华区', total: 1, byKind: { record_review: 1 } },
        { departmentId: bureauA1.id, departmentName: '龙华区发改局', total: 1, byKind: { record_assess: 1 } },
        { departmentId: districtB.id, departmentName: '美兰区', total: 1, byKind: { task_award: 1 } },
      ]),
    });
    expect(city.byDepartment).toHaveLength(3);
    // A reviewer of district A sees their subtree only (the bureau included), one of district B theirs.
    const a = (await overview(reviewerA)).overdue;
    expect(a).toMatchObject({ total: 2, byKind: { record_review: 1, record_assess: 1 } });
    expect(a.byDepartment.map((d) => d.departmentId).sort()).toEqual([districtA.id, bureauA1.id].sort());
    expect((await overview(reviewerB)).overdue).toEqual({ total: 1, byKind: { task_award: 1 }, byDepartment: [{ departmentId: districtB.id, departmentName: '美兰区', total: 1, byKind: { task_award: 1 } }] });
    expect((await overview(reviewerA, { departmentId: bureauA1.id })).overdue).toMatchObject({ total: 1, byKind: { record_assess: 1 } });
    expect(await status(RPC.analytics.overview, { departmentId: districtB.id }, reviewerA)).toBe(403);

    // The overview CSV carries them in Chinese: the kind labels and the department names.
    const { csv } = csvReply(await analytics.request<ExportPage>(RPC.analytics.overview, { format: 'csv' }, as(admin)));
    expect(csv).toContain('超期待办总数,3');
    expect(csv).toMatch(/超期待办·按类型,待定标,1/);
    expect(csv).toMatch(/超期待办·按单位,龙华区发改局,1,待研判 1/);

    // Closed (done by anyone entitled): counted nowhere any more; a redelivered close changes nothing.
    const closing = closedItem(review, 4);
    await notify(NOTIFICATION_EVENTS.itemClosed, closing);
    await notify(NOTIFICATION_EVENTS.itemClosed, closing, randomUUID());
    await caughtUp(analytics, admin);
    expect((await overview(reviewerA)).overdue).toEqual({ total: 1, byKind: { record_assess: 1 }, byDepartment: [{ departmentId: bureauA1.id, departmentName: '龙华区发改局', total: 1, byKind: { record_assess: 1 } }] });
    expect((await overview(admin)).overdue.total).toBe(2);
  });

  it('a rebuild from the streams (admin only) swaps in a new generation that answers the same', async () => {
    for (const who of [assessor, reviewerA, a1]) {
      expect(await status(RPC.analytics.rebuild, {}, who)).toBe(403);
      expect(await status(RPC.analytics.rebuildStatus, {}, who)).toBe(403);
    }
    expect(await status(RPC.analytics.rebuild, {})).toBe(401);
    expect(await analytics.refusal(RPC.analytics.rebuild, { force: true }, as(admin))).toMatchObject({ status: 400, errors: [{ path: 'force', message: 'is not allowed' }] });

    const before = { overview: await overview(admin), departments: await departments(admin), portrait: await portrait(a1), candidates: await candidates(admin) };
    const current = await analytics.request<RebuildView>(RPC.analytics.rebuildStatus, {}, as(admin));
    const started = await analytics.request<RebuildView>(RPC.analytics.rebuild, {}, as(admin));
    expect(started.generation).toBe(current.liveGeneration + 1);
    const done = await waitUntil(async () => {
      const now = await analytics.request<RebuildView>(RPC.analytics.rebuildStatus, {}, as(admin));
      if (now.state === 'failed') throw new Error(`the rebuild failed: ${now.error}`);
      return now.state === 'swapped' ? now : undefined;
    }, { timeoutMs: 60_000, intervalMs: 200, what: 'the rebuild to swap' });
    expect(done.liveGeneration).toBe(started.generation);
    expect({ ...(await overview(admin)), asOf: {} }).toEqual({ ...before.overview, asOf: {} });
    expect(await departments(admin)).toEqual(before.departments);
    expect(await portrait(a1)).toEqual(before.portrait);
    expect(await candidates(admin)).toEqual(before.candidates);
  });
});
