/**
 * Cycles and grades (评定) in process: the service against a private NATS with JetStream and its own FerretDB
 * database, requests as the gateway sends them, the directory replica fed with the gateway's events.
 * city → district → bureauA (5 cadres), bureauB (2 cadres), bureauC (25 cadres), emptyBureau (no cadre).
 */
import {
  APPRAISAL_EVENTS,
  RPC,
  appraisalViewSchema,
  cadreAppraisalPartSchema,
  cyclePageSchema,
  cycleViewSchema,
  sheetViewSchema,
  type AppraisalGradeV1,
  type AppraisalView,
  type CycleView,
  type Problem,
} from '@cadre/contracts';
import { callerOf, department, startComponent, user, type Component, type UserSeed } from '@cadre/testing';

jest.setTimeout(180_000);

const appraisalModule = (logger: import('pino').Logger) => import('../../src/app.module').then((m) => m.AppModule.register(logger));

const city = department('海口市');
const district = department('龙华区', city);
const bureauA = department('龙华区发改局', district);
const bureauB = department('龙华区财政局', district);
const bureauC = department('龙华区教育局', district);
const emptyBureau = department('龙华区档案馆', district);

const cadresA = ['王海军', '李红梅', '张建国', '刘晓燕', '陈志强'].map((name) => user(name, bureauA, ['cadre'], { title: '科长', rankLevel: 'section' }));
const cadresB = ['周文斌', '吴丽娟'].map((name) => user(name, bureauB, ['cadre'], { title: '副科长', rankLevel: 'section' }));
const cadresC = Array.from({ length: 25 }, (_, i) => user(`教育干部${i + 1}`, bureauC, ['cadre'], { rankLevel: 'staff' }));
const appraiserA = user('赵考核', bureauA, ['appraiser']);
const appraiserA2 = user('钱考核', bureauA, ['appraiser']);
const appraiserB = user('孙考核', bureauB, ['appraiser']);
const appraiserC = user('李考核', bureauC, ['appraiser']);
/** A cadre of bureauB who is also its appraiser: grades the others, never themselves. */
const cadreAppraiserB = user('郑兼职', bureauB, ['cadre', 'appraiser'], { rankLevel: 'section' });
const reviewerA = user('冯审核', bureauA, ['reviewer']);
const assessor = user('陈研判', city, ['assessor']);
const admin = user('管理员', city, ['admin']);
const inactive = user('离职干部', bureauA, ['cadre'], { active: false });
const archivist = user('档案员', emptyBureau, ['reviewer']);

describe('appraisal in process: cycles, grades, review, quota, events', () => {
  let svc: Component;
  const as = (who: UserSeed) => callerOf(who);
  const createCycle = (body: Record<string, unknown>, who: UserSeed = admin) => svc.request<CycleView>(RPC.appraisal.cycleCreate, body, as(who));
  const grade = (who: UserSeed, cycleId: string, cadre: UserSeed, body: Record<string, unknown>) =>
    svc.request<AppraisalView>(RPC.appraisal.grade, { cycleId, cadreId: cadre.id, body }, as(who));
  const gradeRefusal = (who: UserSeed, cycleId: string, cadre: UserSeed, body: Record<string, unknown>) =>
    svc.refusal(RPC.appraisal.grade, { cycleId, cadreId: cadre.id, body }, as(who));
  const review = (who: UserSeed, cycleId: string, cadre: UserSeed, body: Record<string, unknown>) =>
    svc.request<AppraisalView>(RPC.appraisal.review, { cycleId, cadreId: cadre.id, body }, as(who));
  const reviewRefusal = (who: UserSeed, cycleId: string, cadre: UserSeed, body: Record<string, unknown>) =>
    svc.refusal(RPC.appraisal.review, { cycleId, cadreId: cadre.id, body }, as(who));
  const paths = (p: Problem) => (p.errors ?? []).map((e) => e.path).sort();
  const gradeEvents = async (cycleId: string) => (await svc.published<AppraisalGradeV1>('appraisal.grade.>')).filter((e) => e.data.cycleId === cycleId);

  let annual: CycleView;

  beforeAll(async () => {
    svc = await startComponent({ service: 'appraisal', module: appraisalModule });
    await svc.seedDirectory({
      departments: [city, district, bureauA, bureauB, bureauC, emptyBureau],
      users: [...cadresA, ...cadresB, ...cadresC, appraiserA, appraiserA2, appraiserB, appraiserC, cadreAppraiserB, reviewerA, assessor, admin, inactive, archivist],
    });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('only an admin opens a cycle; 400s name the fields (period for the kind, unknown departments); 409 without cadres', async () => {
    expect((await svc.refusal(RPC.appraisal.cycleCreate, { kind: 'annual', name: '2026年度考核', period: '2026', departmentIds: [district.id] }, as(assessor))).status).toBe(403);
    const invalid = await svc.refusal(RPC.appraisal.cycleCreate, { kind: 'quarterly', name: '第一季度', period: '2026', departmentIds: [district.id, 'no-such-department'] }, as(admin));
    expect(invalid.status).toBe(400);
    expect(paths(invalid)).toEqual(['departmentIds.1', 'period']);
    const blank = await svc.refusal(RPC.appraisal.cycleCreate, { kind: 'annual', name: ' ', period: '2026', departmentIds: [], extra: 1 }, as(admin));
    expect(paths(blank)).toEqual(['departmentIds', 'extra', 'name']);
    const annualInQuarter = await svc.refusal(RPC.appraisal.cycleCreate, { kind: 'annual', name: '年度', period: '2026-Q1', departmentIds: [district.id] }, as(admin));
    expect(paths(annualInQuarter)).toEqual(['period']);
    const none = await svc.refusal(RPC.appraisal.cycleCreate, { kind: 'annual', name: '档案馆年度考核', period: '2026', departmentIds: [emptyBureau.id] }, as(admin));
    expect(none.status).toBe(409);
  });

  it('opens a cycle over a subtree: every active cadre in their own department’s sheet, the quota per department, cycle.opened once', async () => {
    annual = cycleViewSchema.parse(await createCycle({ kind: 'annual', name: '2026年度考核', period: '2026', departmentIds: [district.id], dueDate: '2027-01-15' }));
    expect(annual).toMatchObject({ status: 'open', statusLabel: '进行中', kindLabel: '年度考核', topGradeQuota: 0.2, dueDate: '2027-01-15', survey: null });
    const byDept = Object.fromEntries(annual.departments.map((d) => [d.departmentName, d]));
    expect(Object.keys(byDept).sort()).toEqual(['龙华区发改局', '龙华区教育局', '龙华区财政局'].sort());
    expect(byDept['龙华区发改局']).toMatchObject({ cadres: 5, byStatus: { pending: 5, submitted: 0, returned: 0, confirmed: 0 }, topGrade: { grade: 'excellent', used: 0, max: 1 } });
    expect(byDept['龙华区财政局']).toMatchObject({ cadres: 3, topGrade: { max: 0 } });
    expect(byDept['龙华区教育局']).toMatchObject({ cadres: 25, topGrade: { max: 5 } });

    // Who sees which departments: an appraiser their subtree, a reviewer theirs, a cadre none, the assessor all.
    const seen = async (who: UserSeed) => (await svc.request<CycleView>(RPC.appraisal.cycleGet, { cycleId: annual.id }, as(who))).departments.map((d) => d.departmentId).sort();
    expect(await seen(appraiserA)).toEqual([bureauA.id]);
    expect(await seen(reviewerA)).toEqual([bureauA.id]);
    expect(await seen(cadresA[0]!)).toEqual([]);
    expect(await seen(assessor)).toEqual([bureauA.id, bureauB.id, bureauC.id].sort());
    expect((await svc.refusal(RPC.appraisal.cycleGet, { cycleId: 'no-such-cycle' }, as(admin))).status).toBe(404);

    const opened = (await svc.published('appraisal.cycle.opened')).filter((e) => e.data.cycleId === annual.id);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.data).toMatchObject({ kind: 'annual', period: '2026', year: '2026', status: 'open', hasSurvey: false, version: 1, departmentIds: [district.id] });
  });

  it('the whole loop: grade → return (with a reason) → revise → confirm, each step in the history; sheets by who may see them', async () => {
    const [c1] = cadresA;
    const first = appraisalViewSchema.parse(await grade(appraiserA, annual.id, c1!, { grade: 'competent', comment: '工作扎实', version: 0 }));
    expect(first).toMatchObject({ id: `${annual.id}:${c1!.id}`, status: 'submitted', statusLabel: '待审核', grade: 'competent', gradeLabel: '称职', version: 1, name: '王海军', departmentName: '龙华区发改局', rankLevel: 'section', title: '科长' });

    expect(paths(await reviewRefusal(assessor, annual.id, c1!, { decision: 'return', version: 1 }))).toEqual(['comment']);
    const returned = await review(assessor, annual.id, c1!, { decision: 'return', comment: '评语过于简单，请补充具体实绩', version: 1 });
    expect(returned).toMatchObject({ status: 'returned', statusLabel: '已退回', version: 2, grade: 'competent' });
    const revised = await grade(appraiserA, annual.id, c1!, { grade: 'excellent', comment: '牵头完成重大项目三项，表现突出', version: 2 });
    expect(revised).toMatchObject({ status: 'submitted', version: 3, grade: 'excellent' });
    const confirmed = appraisalViewSchema.parse(await review(assessor, annual.id, c1!, { decision: 'confirm', version: 3 }));
    expect(confirmed).toMatchObject({ status: 'confirmed', statusLabel: '已确认', version: 4, grade: 'excellent', gradeLabel: '优秀' });
    expect(confirmed.history.map((h) => [h.action, h.actionLabel, h.grade, h.by.name])).toEqual([
      ['grade', '评定', 'competent', '赵考核'],
      ['return', '退回', 'competent', '陈研判'],
      ['revise', '修改', 'excellent', '赵考核'],
      ['confirm', '确认', 'excellent', '陈研判'],
    ]);
    expect(confirmed.history[1]!.comment).toBe('评语过于简单，请补充具体实绩');

    // A confirmed grade cannot be revised (409); the sheet shows it to the department's appraiser and reviewer.
    expect((await gradeRefusal(appraiserA, annual.id, c1!, { grade: 'competent', comment: '改', version: 4 })).status).toBe(409);
    const sheet = sheetViewSchema.parse(await svc.request(RPC.appraisal.sheet, { cycleId: annual.id, departmentId: bureauA.id }, as(reviewerA)));
    expect(sheet.items).toHaveLength(5);
    expect(sheet.department).toMatchObject({ byStatus: { confirmed: 1, pending: 4 }, topGrade: { used: 1, max: 1 } });
    expect(sheet.grades.map((g) => g.label)).toEqual(['优秀', '称职', '基本称职', '不称职']);
    expect(sheet.items.find((i) => i.cadreId === c1!.id)!.history).toHaveLength(4);
    expect((await svc.refusal(RPC.appraisal.sheet, { cycleId: annual.id, departmentId: bureauA.id }, as(appraiserB))).status).toBe(403);
    expect((await svc.refusal(RPC.appraisal.sheet, { cycleId: annual.id, departmentId: bureauA.id }, as(cadresA[1]!))).status).toBe(403);
    expect((await svc.refusal(RPC.appraisal.sheet, { cycleId: annual.id, departmentId: emptyBureau.id }, as(assessor))).status).toBe(404);

    // Events: one per step, versions growing, the payload the whole current state.
    const events = (await gradeEvents(annual.id)).filter((e) => e.data.cadreId === c1!.id);
    expect(events.map((e) => [e.type, e.data.version, e.data.status, e.data.grade])).toEqual([
      [APPRAISAL_EVENTS.gradeSubmitted, 1, 'submitted', 'competent'],
      [APPRAISAL_EVENTS.gradeReturned, 2, 'returned', 'competent'],
      [APPRAISAL_EVENTS.gradeSubmitted, 3, 'submitted', 'excellent'],
      [APPRAISAL_EVENTS.gradeConfirmed, 4, 'confirmed', 'excellent'],
    ]);
    expect(events[1]!.data).toMatchObject({ comment: '评语过于简单，请补充具体实绩', byUserId: assessor.id, departmentId: bureauA.id, departmentPath: bureauA.path, cycleKind: 'annual', year: '2026' });
  });

  it('a stale version is 409, and a replayed request changes nothing and publishes nothing', async () => {
    const c2 = cadresA[1]!;
    const body = { grade: 'competent', comment: '称职', version: 0 };
    await grade(appraiserA, annual.id, c2, body);
    const replay = await gradeRefusal(appraiserA, annual.id, c2, body);
    expect(replay.status).toBe(409);
    expect(replay.detail).toMatch(/version/);
    expect((await reviewRefusal(assessor, annual.id, c2, { decision: 'confirm', version: 0 })).status).toBe(409);
    const events = (await gradeEvents(annual.id)).filter((e) => e.data.cadreId === c2.id);
    expect(events).toHaveLength(1);
    const ids = (await gradeEvents(annual.id)).map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('403 for the wrong role, another department’s appraiser and a cadre grading themselves; 404 for a cadre not in the cycle', async () => {
    const c3 = cadresA[2]!;
    const body = { grade: 'competent', comment: '称职', version: 0 };
    expect((await gradeRefusal(reviewerA, annual.id, c3, body)).status).toBe(403);
    expect((await gradeRefusal(assessor, annual.id, c3, body)).status).toBe(403);
    expect((await gradeRefusal(appraiserB, annual.id, c3, body)).status).toBe(403);
    const self = await gradeRefusal(cadreAppraiserB, annual.id, cadreAppraiserB, body);
    expect(self.status).toBe(403);
    expect(self.detail).toMatch(/自己/);
    // …but they grade the others of their department.
    expect((await grade(cadreAppraiserB, annual.id, cadresB[0]!, body)).status).toBe('submitted');
    expect((await gradeRefusal(appraiserA, annual.id, inactive, body)).status).toBe(404);
    expect((await gradeRefusal(appraiserA, 'no-such-cycle', c3, body)).status).toBe(404);
    // Review: only an assessor, never of their own grade.
    expect((await reviewRefusal(appraiserB, annual.id, cadresB[0]!, { decision: 'confirm', version: 1 })).status).toBe(403);
    expect((await reviewRefusal(admin, annual.id, cadresB[0]!, { decision: 'confirm', version: 1 })).status).toBe(403);
    expect(await gradeEvents(annual.id).then((e) => e.filter((x) => x.data.cadreId === c3.id))).toHaveLength(0);
  });

  it('400s name the fields: a grade of the other scale, a blank comment, unknown fields', async () => {
    const c3 = cadresA[2]!;
    expect(paths(await gradeRefusal(appraiserA, annual.id, c3, { grade: 'good', comment: '好', version: 0 }))).toEqual(['grade']);
    expect(paths(await gradeRefusal(appraiserA, annual.id, c3, { grade: 'great', comment: ' ', version: -1, extra: true }))).toEqual(['comment', 'extra', 'grade', 'version']);
    expect(paths(await reviewRefusal(assessor, annual.id, c3, { decision: 'approve', version: 0 }))).toEqual(['decision']);
  });

  it('the quota: floor(20%) per department — a 6th 优秀 among 25 refused with the numbers in Chinese', async () => {
    for (const c of cadresC.slice(0, 5)) await grade(appraiserC, annual.id, c, { grade: 'excellent', comment: '优秀', version: 0 });
    const sixth = await gradeRefusal(appraiserC, annual.id, cadresC[5]!, { grade: 'excellent', comment: '优秀', version: 0 });
    expect(sixth.status).toBe(409);
    expect(sixth.detail).toBe('优秀名额已满：本单位 25 名干部，上限 5 名');
    // A return frees a place; the returned grade cannot be confirmed, and re-submitting it takes the place again.
    const returned = await review(assessor, annual.id, cadresC[0]!, { decision: 'return', comment: '名额调整', version: 1 });
    expect((await grade(appraiserC, annual.id, cadresC[5]!, { grade: 'excellent', comment: '优秀', version: 0 })).status).toBe('submitted');
    const again = await gradeRefusal(appraiserC, annual.id, cadresC[0]!, { grade: 'excellent', comment: '再次申报', version: returned.version });
    expect(again.detail).toBe('优秀名额已满：本单位 25 名干部，上限 5 名');
    const cycle = await svc.request<CycleView>(RPC.appraisal.cycleGet, { cycleId: annual.id }, as(appraiserC));
    expect(cycle.departments[0]!.topGrade).toEqual({ grade: 'excellent', used: 5, max: 5 });
  });

  it('two appraisers granting the last 优秀 at once: exactly one wins', async () => {
    const [, , c3, c4] = cadresA; // bureauA: 5 cadres, max 1, taken by c1 → a fresh quarterly cycle instead
    const quarter = await createCycle({ kind: 'quarterly', name: '2026年第四季度平时考核', period: '2026-Q4', departmentIds: [bureauA.id] });
    expect(quarter.departments[0]!.topGrade).toEqual({ grade: 'good', used: 0, max: 1 });
    const results = await Promise.allSettled([
      grade(appraiserA, quarter.id, c3!, { grade: 'good', comment: '表现好', version: 0 }),
      grade(appraiserA2, quarter.id, c4!, { grade: 'good', comment: '表现好', version: 0 }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toMatchObject({ status: 409, detail: '好名额已满：本单位 5 名干部，上限 1 名' });
    const sheet = await svc.request(RPC.appraisal.sheet, { cycleId: quarter.id, departmentId: bureauA.id }, as(assessor));
    expect(sheet.items.filter((i: AppraisalView) => i.grade === 'good')).toHaveLength(1);
    expect((await gradeEvents(quarter.id)).filter((e) => e.data.grade === 'good')).toHaveLength(1);
    // The quarterly scale: 优秀 is not one of its grades.
    expect(paths(await gradeRefusal(appraiserA, quarter.id, cadresA[4]!, { grade: 'excellent', comment: '优秀', version: 0 }))).toEqual(['grade']);
  });

  it('the cycle closes once every appraisal is confirmed: 409 naming the departments left, then 200, cycle.closed once, no grade after', async () => {
    const special = await createCycle({ kind: 'special', name: '2026年专项考核', period: '2026', departmentIds: [bureauB.id] });
    const graded = [];
    for (const c of [cadresB[0]!, cadresB[1]!]) graded.push(await grade(appraiserB, special.id, c, { grade: 'competent', comment: '称职', version: 0 }));
    await review(assessor, special.id, cadresB[0]!, { decision: 'confirm', version: 1 });
    expect((await svc.refusal(RPC.appraisal.cycleClose, { cycleId: special.id }, as(assessor))).status).toBe(403);
    const refused = await svc.refusal(RPC.appraisal.cycleClose, { cycleId: special.id }, as(admin));
    expect(refused.status).toBe(409);
    expect(refused.detail).toContain('龙华区财政局 2 份'); // cadresB[1] submitted, cadreAppraiserB pending
    await review(assessor, special.id, cadresB[1]!, { decision: 'confirm', version: 1 });
    await grade(appraiserB, special.id, cadreAppraiserB, { grade: 'basic', comment: '基本称职', version: 0 });
    await review(assessor, special.id, cadreAppraiserB, { decision: 'confirm', version: 1 });
    const closed = cycleViewSchema.parse(await svc.request(RPC.appraisal.cycleClose, { cycleId: special.id }, as(admin)));
    expect(closed).toMatchObject({ status: 'closed', statusLabel: '已结束', version: 2 });
    expect(closed.closedAt).not.toBeNull();
    // Closing again changes nothing.
    expect((await svc.request<CycleView>(RPC.appraisal.cycleClose, { cycleId: special.id }, as(admin))).version).toBe(2);
    expect((await gradeRefusal(appraiserB, special.id, cadresB[0]!, { grade: 'basic', comment: '关闭后', version: 2 })).status).toBe(409);
    expect((await reviewRefusal(assessor, special.id, cadresB[0]!, { decision: 'return', comment: '关闭后', version: 2 })).status).toBe(409);
    const closedEvents = (await svc.published('appraisal.cycle.closed')).filter((e) => e.data.cycleId === special.id);
    expect(closedEvents.map((e) => [e.data.status, e.data.version])).toEqual([['closed', 2]]);
  });

  it('a cycle with 民主测评: the default criteria and groups, the survey opened with the roster and closed with the cycle', async () => {
    const withSurvey = cycleViewSchema.parse(await createCycle({ kind: 'special', name: '2026年专项考核（含测评）', period: '2026', departmentIds: [bureauB.id], survey: {} }));
    expect(withSurvey.survey).toMatchObject({ status: 'open', closedAt: null });
    expect(withSurvey.survey!.criteria.map((c) => c.name)).toEqual(['德', '能', '勤', '绩', '廉']);
    expect(withSurvey.survey!.groups.map((g) => [g.group, g.minRaters])).toEqual([['superior', 1], ['peer', 3], ['subordinate', 3], ['recipient', 3]]);
    expect((await svc.published('appraisal.cycle.opened')).find((e) => e.data.cycleId === withSurvey.id)?.data.hasSurvey).toBe(true);
    for (const c of [cadresB[0]!, cadresB[1]!]) await grade(appraiserB, withSurvey.id, c, { grade: 'competent', comment: '称职', version: 0 });
    await grade(appraiserB, withSurvey.id, cadreAppraiserB, { grade: 'competent', comment: '称职', version: 0 });
    for (const c of [cadresB[0]!, cadresB[1]!, cadreAppraiserB]) await review(assessor, withSurvey.id, c, { decision: 'confirm', version: 1 });
    const closed = cycleViewSchema.parse(await svc.request(RPC.appraisal.cycleClose, { cycleId: withSurvey.id }, as(admin)));
    expect(closed.survey).toMatchObject({ status: 'closed' });
    expect(closed.survey!.closedAt).toBe(closed.closedAt);
    // The survey closed with it: the cadre's view now carries its result (no ballots: nothing shown).
    const part = cadreAppraisalPartSchema.parse(await svc.request(RPC.appraisal.cadre, { cadreId: cadresB[0]!.id, period: '2026' }, as(assessor)));
    expect(part.surveys.map((r) => [r.cycleId, r.shown])).toEqual([[withSurvey.id, false]]);
  });

  it('a survey closed on its own shows closed in the cycle, which stays open for its grades', async () => {
    const withSurvey = await createCycle({ kind: 'annual', name: '2026年度考核（财政局测评）', period: '2026', departmentIds: [bureauB.id], survey: {} });
    await svc.request(RPC.appraisal.surveyClose, { cycleId: withSurvey.id }, as(admin));
    const seen = cycleViewSchema.parse(await svc.request(RPC.appraisal.cycleGet, { cycleId: withSurvey.id }, as(assessor)));
    expect(seen.status).toBe('open');
    expect(seen.survey).toMatchObject({ status: 'closed' });
    expect(seen.survey!.closedAt).not.toBeNull();
    expect((await grade(appraiserB, withSurvey.id, cadresB[0]!, { grade: 'competent', comment: '称职', version: 0 })).status).toBe('submitted');
  });

  it('lists cycles newest first with filters; a cadre sees no departments', async () => {
    const page = cyclePageSchema.parse(await svc.request(RPC.appraisal.cycleList, {}, as(cadresA[0]!)));
    expect(page.items.map((c) => c.name)).toEqual(['2026年度考核（财政局测评）', '2026年专项考核（含测评）', '2026年专项考核', '2026年第四季度平时考核', '2026年度考核']);
    expect(page.items.every((c) => c.departments.length === 0)).toBe(true);
    const quarterly = await svc.request(RPC.appraisal.cycleList, { kind: 'quarterly', period: '2026' }, as(admin));
    expect(quarterly.items.map((c: CycleView) => c.name)).toEqual(['2026年第四季度平时考核']);
    expect((await svc.request(RPC.appraisal.cycleList, { status: 'closed' }, as(admin))).total).toBe(2);
    expect(paths(await svc.refusal(RPC.appraisal.cycleList, { kind: 'monthly' }, as(admin)))).toEqual(['kind']);
  });

  it('a page of cycles shows the same progress as each cycle read alone (kept per cycle), and a stale summary is repaired by a read of the cycle', async () => {
    const listed = (await svc.request<{ items: CycleView[] }>(RPC.appraisal.cycleList, { pageSize: 100 }, as(assessor))).items;
    for (const c of listed) expect(c.departments).toEqual((await svc.request<CycleView>(RPC.appraisal.cycleGet, { cycleId: c.id }, as(assessor))).departments);
    const ofC = (list: CycleView[]) => list.find((c) => c.id === annual.id)!.departments.find((d) => d.departmentId === bureauC.id)!;
    expect(ofC(listed)).toMatchObject({ cadres: 25, byStatus: { submitted: 5, returned: 1, pending: 19 }, topGrade: { used: 5, max: 5 } });

    // A summary left behind (as by a crash between the sheet's write and the summary's) …
    await svc.db.collection('cycle_progress').updateOne({ _id: annual.id } as never, { $set: { [`departments.${bureauC.id}.byStatus.pending`]: 25, [`departments.${bureauC.id}.sheetVersion`]: 0 } });
    expect(ofC((await svc.request(RPC.appraisal.cycleList, { pageSize: 100 }, as(assessor))).items).byStatus.pending).toBe(25);
    // … is repaired by reading the cycle alone.
    expect(ofC([await svc.request<CycleView>(RPC.appraisal.cycleGet, { cycleId: annual.id }, as(assessor))]).byStatus.pending).toBe(19);
    expect(ofC((await svc.request(RPC.appraisal.cycleList, { pageSize: 100 }, as(assessor))).items).byStatus.pending).toBe(19);
  });

  it('the cadre’s part of the combined view: the year’s grades with history; the cadre, their reviewers, assessors; 403 and 404 otherwise', async () => {
    const c1 = cadresA[0]!;
    const mine = cadreAppraisalPartSchema.parse(await svc.request(RPC.appraisal.cadre, { cadreId: c1.id, period: '2026' }, as(c1)));
    expect(mine.cadre).toMatchObject({ id: c1.id, name: '王海军', departmentName: '龙华区发改局', title: '科长', rankLevel: 'section' });
    expect(mine.grades.map((g) => [g.cycleName, g.grade, g.status])).toEqual([
      ['2026年度考核', 'excellent', 'confirmed'],
      ['2026年第四季度平时考核', null, 'pending'],
    ]);
    expect(mine.grades[0]!.history).toHaveLength(4);
    expect(mine.surveys).toEqual([]);
    expect((await svc.request(RPC.appraisal.cadre, { cadreId: c1.id, period: '2025' }, as(assessor))).grades).toEqual([]);
    await svc.request(RPC.appraisal.cadre, { cadreId: c1.id, period: '2026' }, as(reviewerA));
    expect((await svc.refusal(RPC.appraisal.cadre, { cadreId: c1.id, period: '2026' }, as(cadresA[1]!))).status).toBe(403);
    expect((await svc.refusal(RPC.appraisal.cadre, { cadreId: c1.id, period: '2026' }, as(appraiserB))).status).toBe(403);
    expect((await svc.refusal(RPC.appraisal.cadre, { cadreId: 'nobody', period: '2026' }, as(admin))).status).toBe(404);
    expect(paths(await svc.refusal(RPC.appraisal.cadre, { cadreId: c1.id, period: '26' }, as(admin)))).toEqual(['period']);
  });
});
