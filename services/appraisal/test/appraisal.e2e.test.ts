/**
 * 考评情况 and 民主测评 end to end, through the gateway's public API only (docs/API.md "Appraisal"), real processes:
 * a private NATS+JetStream server, every service from its build (appraisal among them), FerretDB and Redis. Build
 * first: `nx build @cadre/service-appraisal`, `nx build @cadre/service-gateway` (and the others).
 *
 * Department tree: root → 考评区 → 发改局 (BA: an appraiser, a 处级 chief, four 科级, three 科员) and 财政局 (BB: an
 * appraiser who is also a 处级 cadre, one 科级, one 科员). An assessor at the root.
 *
 * 1. The annual cycle (年度考核) with the default 民主测评: roster and raters drawn from the directory; grades with the
 *    quota (one 优秀 in a department of eight), the other bureau's appraiser and the cadre refused, the assessor's
 *    return with a reason, the revision and the confirmation; scoring gives the grade's points (and a return reverses
 *    them); the sheet and its CSV.
 * 2. The survey: raters from /appraisal/ballots/mine vote (answers distinctive per rater), results hidden while open,
 *    computed by hand once the admin closes it; the combined view; analytics (distribution, portrait, candidates).
 * 3. Anonymity: every collection of every service's database and every message of every stream read directly: no
 *    document or message holds a rater's identity together with answers of a ballot, no ballot is stored as such, and
 *    no key left behind lets anyone recompute who voted.
 */
import { createHash, createHmac } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import {
  CRITERION_ANSWERS,
  CRITERION_ANSWER_SCORES,
  DEFAULT_SURVEY_CRITERIA,
  DEFAULT_SURVEY_GROUPS,
  GRADE_LABELS,
  SATISFACTION_ANSWERS,
  analyticsAppraisalViewSchema,
  appraisalViewSchema,
  cadreAppraisalViewSchema,
  candidatesViewSchema,
  currentScoringYear,
  cycleViewSchema,
  myBallotsViewSchema,
  portraitViewSchema,
  scoreViewSchema,
  sheetViewSchema,
  surveyViewSchema,
  type AppraisalView,
  type CriterionAnswer,
  type CycleView,
  type DepartmentView,
  type RaterGroup,
  type SatisfactionAnswer,
  type SurveyResultView,
  type UserView,
} from '@cadre/contracts';
import {
  BACKEND_SERVICES,
  expectInvalid,
  expectRefused,
  expectProblem,
  expectStatus,
  matchesSchema,
  parseCsv,
  pool,
  startPlatform,
  waitUntil,
  type Platform,
  type PlatformService,
  type Reply,
} from '@cadre/testing';

jest.setTimeout(300_000);

const YEAR = currentScoringYear();
const CRITERIA = DEFAULT_SURVEY_CRITERIA;
const GROUPS = DEFAULT_SURVEY_GROUPS;

type Who = 'assessor' | 'apprA' | 'apprB' | 'chief' | 's1' | 's2' | 's3' | 's4' | 't1' | 't2' | 't3' | 'bs1' | 'bt1';
const BA_CADRES: Who[] = ['chief', 's1', 's2', 's3', 's4', 't1', 't2', 't3'];
const BB_CADRES: Who[] = ['apprB', 'bs1', 'bt1'];

interface Ballot {
  rater: Who;
  cadreId: string;
  group: RaterGroup;
  scores: Record<string, CriterionAnswer>;
  satisfaction: SatisfactionAnswer;
}

/** Two decimals. */
const r2 = (value: number) => Math.round(value * 100) / 100;

/** A survey result computed by hand from the ballots cast (docs/API.md "Appraisal", the paragraph on results). */
function handResult(ballots: Ballot[], invited: Record<RaterGroup, number>) {
  const groups = GROUPS.map((g) => {
    const mine = ballots.filter((b) => b.group === g.group);
    return { group: g.group, weight: g.weight, invited: invited[g.group] ?? 0, voted: mine.length, counted: mine.length >= g.minRaters && mine.length > 0, ballots: mine };
  });
  const counted = groups.filter((g) => g.counted);
  const weights = counted.reduce((sum, g) => sum + g.weight, 0);
  if (counted.length === 0) return { shown: false, groups, criteria: CRITERIA.map((c) => ({ code: c.code, score: null as number | null })), overall: null as number | null, satisfaction: null as number | null };
  const weighted = (of: (ballots: Ballot[]) => number) => counted.reduce((sum, g) => sum + g.weight * of(g.ballots), 0) / weights;
  const criteria = CRITERIA.map((c) => ({ code: c.code, score: weighted((bs) => bs.reduce((sum, b) => sum + CRITERION_ANSWER_SCORES[b.scores[c.code]], 0) / bs.length) as number | null }));
  const overall = CRITERIA.reduce((sum, c, i) => sum + c.weight * (criteria[i].score as number), 0);
  const satisfaction = weighted((bs) => (100 * bs.filter((b) => b.satisfaction !== 'dissatisfied').length) / bs.length);
  return { shown: true, groups, criteria, overall: overall as number | null, satisfaction: satisfaction as number | null };
}

/** A result as shown equals the hand computation (scores to two decimals). */
function expectResult(shown: SurveyResultView, hand: ReturnType<typeof handResult>, what: string) {
  const near = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 0.011);
  const got = {
    what,
    shown: shown.shown,
    groups: shown.groups.map((g) => ({ group: g.group, invited: g.invited, voted: g.voted, counted: g.counted })),
    criteria: shown.criteria.map((c) => ({ code: c.code, near: near(c.score, hand.criteria.find((h) => h.code === c.code)?.score ?? null), score: c.score })),
    overall: near(shown.overall, hand.overall),
    satisfaction: near(shown.satisfaction, hand.satisfaction),
  };
  expect(got).toEqual({
    what,
    shown: hand.shown,
    groups: hand.groups.map((g) => ({ group: g.group, invited: g.invited, voted: g.voted, counted: g.counted })),
    criteria: hand.criteria.map((c) => ({ code: c.code, near: true, score: c.score === null ? null : expect.any(Number) })),
    overall: true,
    satisfaction: true,
  });
}


describe('appraisal (end to end through the gateway)', () => {
  let platform: Platform;
  let nc: NatsConnection;
  let district: DepartmentView;
  let ba: DepartmentView;
  let bb: DepartmentView;
  const people = {} as Record<Who, { user: UserView; token: string }>;
  const id = (who: Who) => people[who].user.id;
  const as = (who: Who | 'admin') => platform.as(who === 'admin' ? platform.adminToken : people[who].token);
  const whoIs = (userId: string) => (Object.keys(people) as Who[]).find((w) => id(w) === userId) as Who;
  let cycle: CycleView;
  let quarterly: CycleView;
  const ballots: Ballot[] = [];
  /** Per cadre: the raters of each group, as the survey lists them (after the hand edit). */
  const raterLists = new Map<string, { userId: string; group: RaterGroup }[]>();
  const hand = new Map<string, ReturnType<typeof handResult>>();

  beforeAll(async () => {
    platform = await startPlatform({ name: 'appraisal-e2e', killAfterMs: 15_000 });
    nc = await connect({ servers: platform.nats.url });
    const root = await platform.rootDepartment();
    district = await platform.createDepartment('考评区', 'KPQ', root.id);
    ba = await platform.createDepartment('考评区发改局', 'KPFGJ', district.id);
    bb = await platform.createDepartment('考评区财政局', 'KPCZJ', district.id);
    const specs: [Who, Parameters<Platform['createUser']>[1]][] = [
      ['assessor', { departmentId: root.id, roles: ['assessor'], name: '组织部审核' }],
      ['apprA', { departmentId: ba.id, roles: ['appraiser'], name: '李考核' }],
      ['apprB', { departmentId: bb.id, roles: ['cadre', 'appraiser'], name: '周考核', rankLevel: 'division', title: '副局长' }],
      ['chief', { departmentId: ba.id, roles: ['cadre'], name: '王局长', rankLevel: 'division', title: '局长' }],
      ['s1', { departmentId: ba.id, roles: ['cadre'], name: '陈一科', rankLevel: 'section', title: '科长' }],
      ['s2', { departmentId: ba.id, roles: ['cadre'], name: '陈二科', rankLevel: 'section', title: '科长' }],
      ['s3', { departmentId: ba.id, roles: ['cadre'], name: '陈三科', rankLevel: 'section', title: '科长' }],
      ['s4', { departmentId: ba.id, roles: ['cadre'], name: '陈四科', rankLevel: 'section', title: '科长' }],
      ['t1', { departmentId: ba.id, roles: ['cadre'], name: '林一员', rankLevel: 'staff', title: '科员' }],
      ['t2', { departmentId: ba.id, roles: ['cadre'], name: '林二员', rankLevel: 'staff', title: '科员' }],
      ['t3', { departmentId: ba.id, roles: ['cadre'], name: '林三员', rankLevel: 'staff', title: '科员' }],
      ['bs1', { departmentId: bb.id, roles: ['cadre'], name: '黄科长', rankLevel: 'section', title: '科长' }],
      ['bt1', { departmentId: bb.id, roles: ['cadre'], name: '黄科员', rankLevel: 'staff', title: '科员' }],
    ];
    const made = await pool(specs, 4, ([key, fields]) => platform.createUser(key, fields));
    specs.forEach(([key], i) => (people[key] = made[i]));
    await platform.replicasKnow(made.map((m) => m.user.id), ['appraisal', 'scoring']);
  });

  afterAll(async () => {
    await nc?.drain().catch(() => undefined);
    await platform?.stop();
  });

  const sheet = async (who: Who | 'admin', departmentId = ba.id, cycleId = cycle.id) =>
    matchesSchema(sheetViewSchema, expectStatus(await as(who).get(`/appraisal/cycles/${cycleId}/sheet?departmentId=${departmentId}`), 200));
  const appraisalOf = async (cadre: Who, cycleId = cycle.id) => {
    const department = BA_CADRES.includes(cadre) ? ba.id : bb.id;
    const item = (await sheet('admin', department, cycleId)).items.find((i) => i.cadreId === id(cadre));
    if (!item) throw new Error(`${cadre} is not on the sheet`);
    return item;
  };
  const putGrade = async (who: Who, cadre: Who, grade: string, comment: string, cycleId = cycle.id): Promise<Reply<AppraisalView>> => {
    const { version } = await appraisalOf(cadre, cycleId);
    return as(who).put(`/appraisal/cycles/${cycleId}/grades/${id(cadre)}`, { grade, comment, version });
  };
  const review = async (cadre: Who, decision: 'confirm' | 'return', comment = '', cycleId = cycle.id): Promise<Reply<AppraisalView>> => {
    const { version } = await appraisalOf(cadre, cycleId);
    return as('assessor').post(`/appraisal/cycles/${cycleId}/grades/${id(cadre)}/review`, { decision, comment, version });
  };
  const appraisalPoints = async (cadre: Who) => {
    const score = matchesSchema(scoreViewSchema, expectStatus(await as('admin').get(`/scores/${id(cadre)}?period=${YEAR}`), 200));
    return { score, entries: score.entries.filter((e) => e.source.type === 'appraisal') };
  };

  it('an admin opens the 年度考核 with a survey: the roster by department, the quota, who sees what', async () => {
    const body = { kind: 'annual', name: `${YEAR}年度考核`, period: YEAR, departmentIds: [district.id], survey: {} };
    expectRefused(await as('apprA').post('/appraisal/cycles', body), 'an appraiser opening a cycle');
    expectInvalid(await as('admin').post('/appraisal/cycles', { ...body, kind: 'quarterly' }), ['period']);
    expectInvalid(await as('admin').post('/appraisal/cycles', { ...body, departmentIds: [district.id, '00000000-0000-4000-8000-000000000000'] }), ['departmentIds.1']);

    cycle = matchesSchema(cycleViewSchema, expectStatus(await as('admin').post('/appraisal/cycles', body), 201));
    expect(cycle).toMatchObject({ kind: 'annual', kindLabel: '年度考核', period: YEAR, status: 'open', topGradeQuota: 0.2, departmentIds: [district.id] });
    expect(cycle.survey).toMatchObject({ status: 'open', criteria: CRITERIA, groups: GROUPS });
    const byDepartment = Object.fromEntries(cycle.departments.map((d) => [d.departmentId, d]));
    expect(Object.keys(byDepartment).sort()).toEqual([ba.id, bb.id].sort());
    expect(byDepartment[ba.id]).toMatchObject({ cadres: 8, byStatus: { pending: 8, submitted: 0, returned: 0, confirmed: 0 }, topGrade: { grade: 'excellent', used: 0, max: 1 } });
    expect(byDepartment[bb.id]).toMatchObject({ cadres: 3, topGrade: { grade: 'excellent', used: 0, max: 0 } });

    // An appraiser sees their own department only; a cadre sees no department.
    const seenByA = matchesSchema(cycleViewSchema, expectStatus(await as('apprA').get(`/appraisal/cycles/${cycle.id}`), 200));
    expect(seenByA.departments.map((d) => d.departmentId)).toEqual([ba.id]);
    const listedToCadre = expectStatus(await as('s1').get(`/appraisal/cycles?period=${YEAR}`), 200);
    expect(listedToCadre.items.find((c: CycleView) => c.id === cycle.id)?.departments).toEqual([]);

    const drawnSheet = await sheet('apprA');
    expect(drawnSheet.items.map((i) => i.cadreId).sort()).toEqual(BA_CADRES.map(id).sort());
    expect(drawnSheet.items.every((i) => i.status === 'pending' && i.grade === null && i.version >= 0)).toBe(true);
    expect(drawnSheet.grades.map((g) => g.grade)).toEqual(['excellent', 'competent', 'basic', 'incompetent']);
    expectRefused(await as('apprB').get(`/appraisal/cycles/${cycle.id}/sheet?departmentId=${ba.id}`), 'the other bureau’s appraiser reading the sheet');
    expectRefused(await as('s1').get(`/appraisal/cycles/${cycle.id}/sheet?departmentId=${ba.id}`), 'a cadre reading the sheet');
  });

  it('grades: the quota, the other bureau’s appraiser and the cadre refused, return with a reason, revise, confirm; points for the grade, reversed by a return', async () => {
    const a = as('apprA');
    // Entered by the department's appraiser → 待审核.
    const first = matchesSchema(appraisalViewSchema, expectStatus(await putGrade('apprA', 'chief', 'excellent', '统筹推进有力，实绩突出'), 200));
    expect(first).toMatchObject({ status: 'submitted', grade: 'excellent', gradeLabel: '优秀', statusLabel: '待审核' });
    // The quota: one 优秀 in a department of eight (floor(0.2 × 8) = 1).
    const second = expectProblem(await putGrade('apprA', 's1', 'excellent', '表现优异'), 409);
    expect(JSON.stringify(second)).toMatch(/优秀|quota|名额|比例|20%/);
    // The other scale: 400 naming grade; a stale version: 409.
    expectInvalid(await putGrade('apprA', 's1', 'good', '好'), ['grade']);
    const stale = (await appraisalOf('chief')).version - 1;
    expectProblem(await a.put(`/appraisal/cycles/${cycle.id}/grades/${id('chief')}`, { grade: 'competent', comment: '过期版本', version: stale }), 409);
    // The other bureau's appraiser, the cadre themselves, an appraiser grading themselves.
    expectRefused(await putGrade('apprB', 's1', 'competent', '越权'), 'the other bureau’s appraiser grading');
    expectProblem(await putGrade('s1', 's1', 'excellent', '自评优秀'), 403);
    expectProblem(await putGrade('apprB', 'apprB', 'competent', '自评'), 403);
    expect((await appraisalOf('s1')).status).toBe('pending');

    const plan: [Who, string][] = [
      ['s1', 'competent'],
      ['s2', 'competent'],
      ['s3', 'basic'],
      ['s4', 'competent'],
      ['t1', 'competent'],
      ['t2', 'incompetent'],
      ['t3', 'competent'],
    ];
    for (const [cadre, grade] of plan) expectStatus(await putGrade('apprA', cadre, grade, `${GRADE_LABELS[grade as 'competent']}：年度工作评语`), 200);
    // BB's appraiser grades BB's other cadres (themselves: refused above; see the closing test).
    for (const cadre of ['bs1', 'bt1'] as Who[]) expectStatus(await putGrade('apprB', cadre, 'competent', '称职'), 200);
    // The assessor returns the chief's grade with a reason (a return needs a comment: 400 naming comment).
    expectInvalid(await review('chief', 'return', ''), ['comment']);
    expectProblem(await as('s1').post(`/appraisal/cycles/${cycle.id}/grades/${id('chief')}/review`, { decision: 'confirm', comment: '', version: (await appraisalOf('chief')).version }), 403);
    const returned = matchesSchema(appraisalViewSchema, expectStatus(await review('chief', 'return', '请补充年度实绩佐证'), 200));
    expect(returned).toMatchObject({ status: 'returned', statusLabel: '已退回' });
    const revised = matchesSchema(appraisalViewSchema, expectStatus(await putGrade('apprA', 'chief', 'excellent', '补充：牵头完成重大项目三项'), 200));
    expect(revised.status).toBe('submitted');
    const confirmed = matchesSchema(appraisalViewSchema, expectStatus(await review('chief', 'confirm', '同意'), 200));
    expect(confirmed).toMatchObject({ status: 'confirmed', grade: 'excellent', statusLabel: '已确认' });
    expect(confirmed.history.map((h) => h.action)).toEqual(['grade', 'return', 'revise', 'confirm']);
    expect(confirmed.history[1]).toMatchObject({ comment: '请补充年度实绩佐证', by: { id: id('assessor') } });
    expect(confirmed.history[0].by.id).toBe(id('apprA'));
    // The confirmed excellent holds the quota; a confirmed grade cannot be revised.
    expectProblem(await putGrade('apprA', 'chief', 'competent', '改为称职'), 409);

    for (const [cadre] of plan) expectStatus(await review(cadre, 'confirm', '同意'), 200);
    for (const cadre of ['bs1', 'bt1'] as Who[]) expectStatus(await review(cadre, 'confirm', '同意'), 200);

    // Scoring: 优秀 of a 年度考核 is 10.00 points by the default standard, 称职 5.00.
    const chief = await waitUntil(async () => {
      const p = await appraisalPoints('chief');
      return p.score.appraisal === 10 ? p : undefined;
    }, { timeoutMs: 30_000, intervalMs: 300, what: 'the chief’s points for 优秀' });
    expect(chief.entries).toHaveLength(1);
    expect(chief.entries[0]).toMatchObject({ part: 'appraisal', points: 10, source: { type: 'appraisal', id: `${cycle.id}:${id('chief')}` }, period: YEAR });
    expect(chief.entries[0].explanation).toContain(`《${cycle.name}》`);
    expect(chief.entries[0].explanation).toContain('优秀');
    expect(chief.entries[0].explanation).toContain('10.00');
    expect(chief.score.byItem.APPRAISAL).toBe(10);
    await waitUntil(async () => (await appraisalPoints('s2')).score.appraisal === 5, { timeoutMs: 30_000, intervalMs: 300, what: 's2’s points for 称职' });

    // A return of a confirmed grade reverses its points; revised and confirmed again, they count once.
    expectStatus(await review('s2', 'return', '年度述职材料缺失'), 200);
    const reversed = await waitUntil(async () => {
      const p = await appraisalPoints('s2');
      return p.score.appraisal === 0 && p.entries.length >= 2 ? p : undefined;
    }, { timeoutMs: 30_000, intervalMs: 300, what: 's2’s points reversed' });
    expect(reversed.entries.reduce((sum, e) => sum + e.hundredths, 0)).toBe(0);
    expect(reversed.score.total).toBe(0);
    expectStatus(await putGrade('apprA', 's2', 'competent', '已补充述职材料'), 200);
    expectStatus(await review('s2', 'confirm', '同意'), 200);
    const again = await waitUntil(async () => {
      const p = await appraisalPoints('s2');
      return p.score.appraisal === 5 && p.entries.length >= 3 ? p : undefined;
    }, { timeoutMs: 30_000, intervalMs: 300, what: 's2’s points again' });
    expect(again.entries.reduce((sum, e) => sum + e.hundredths, 0)).toBe(500);
    expect(again.score.total).toBe(5);

    const baDepartment = (await sheet('apprA')).department;
    expect(baDepartment).toMatchObject({ cadres: 8, byStatus: { pending: 0, submitted: 0, returned: 0, confirmed: 8 }, topGrade: { used: 1, max: 1 } });
  });

  it('the sheet as CSV: UTF-8 with a BOM, Chinese headers, one line per cadre', async () => {
    const response = await fetch(`${platform.apiUrl}/appraisal/cycles/${cycle.id}/sheet?departmentId=${ba.id}&format=csv`, { headers: { authorization: `Bearer ${people.apprA.token}` } });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect({ status: response.status, type: response.headers.get('content-type'), bom: [...bytes.subarray(0, 3)] }).toEqual({ status: 200, type: expect.stringMatching(/^text\/csv/), bom: [0xef, 0xbb, 0xbf] });
    const rows = parseCsv(text.slice(1)).filter((r) => r.some((c) => c !== ''));
    expect(rows[0]).toEqual(['姓名', '职务', '职级', '等次', '评语', '状态', '更新时间', '编号']);
    expect(rows).toHaveLength(1 + BA_CADRES.length);
    const chief = rows.find((r) => r[0] === '王局长')!;
    expect(chief.slice(0, 4)).toEqual(['王局长', '局长', '处级', '优秀']);
    expect(chief[5]).toBe('已确认');
    expect(chief[6]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(chief[7]).toContain(id('chief'));
    expect(rows.find((r) => r[0] === '陈三科')?.[3]).toBe('基本称职');
  });

  it('民主测评: raters drawn and edited, ballots from /appraisal/ballots/mine, results hidden while open, computed by hand once closed', async () => {
    const survey = async (who: Who | 'admin', departmentId = ba.id) => matchesSchema(surveyViewSchema, expectStatus(await as(who).get(`/appraisal/cycles/${cycle.id}/survey?departmentId=${departmentId}`), 200));
    const open = await survey('apprA');
    const s1 = open.items.find((i) => i.cadreId === id('s1'))!;
    const groupOf = (list: { userId: string; group: RaterGroup }[], group: RaterGroup) => list.filter((r) => r.group === group).map((r) => r.userId).sort();
    // Drawn from the directory: 上级 the department's appraiser and the 处级 chief; 同级 the other 科级; 下级 the 科员.
    expect(groupOf(s1.raters, 'superior')).toEqual([id('apprA'), id('chief')].sort());
    expect(groupOf(s1.raters, 'peer')).toEqual([id('s2'), id('s3'), id('s4')].sort());
    expect(groupOf(s1.raters, 'subordinate')).toEqual([id('t1'), id('t2'), id('t3')].sort());
    expect(groupOf(s1.raters, 'recipient')).toEqual([]);
    expectRefused(await as('apprB').get(`/appraisal/cycles/${cycle.id}/survey?departmentId=${ba.id}`), 'the other bureau’s appraiser reading the survey');

    // 服务对象 added by hand (the whole list); the cadre never rates themselves.
    const recipients = (['apprB', 'bs1', 'bt1'] as Who[]).map((w) => ({ userId: id(w), group: 'recipient' as RaterGroup }));
    const keep = s1.raters.map((r) => ({ userId: r.userId, group: r.group }));
    expectInvalid(await as('apprA').put(`/appraisal/cycles/${cycle.id}/survey/raters/${id('s1')}`, { raters: [...keep, { userId: id('s1'), group: 'recipient' }] }), [`raters.${keep.length}.userId`]);
    expectRefused(await as('apprB').put(`/appraisal/cycles/${cycle.id}/survey/raters/${id('s1')}`, { raters: [...keep, ...recipients] }), 'the other bureau’s appraiser editing raters');
    expectStatus(await as('apprA').put(`/appraisal/cycles/${cycle.id}/survey/raters/${id('s1')}`, { raters: [...keep, ...recipients] }), 200);

    // Ballot validation, and who may not vote.
    const mineOf = async (who: Who) => matchesSchema(myBallotsViewSchema, expectStatus(await as(who).get('/appraisal/ballots/mine'), 200));
    const full = Object.fromEntries(CRITERIA.map((c) => [c.code, 'good']));
    const missing = Object.fromEntries(Object.entries(full).filter(([code]) => code !== 'de'));
    expectInvalid(await as('s2').post(`/appraisal/cycles/${cycle.id}/ballots`, { cadreId: id('s1'), scores: { ...missing, extra: 'good' }, satisfaction: 'satisfied' }), ['scores.de', 'scores.extra']);
    expectProblem(await as('bs1').post(`/appraisal/cycles/${cycle.id}/ballots`, { cadreId: id('s2'), scores: full, satisfaction: 'satisfied' }), 404);
    expectProblem(await as('s1').post(`/appraisal/cycles/${cycle.id}/ballots`, { cadreId: id('s1'), scores: full, satisfaction: 'satisfied' }), 404);

    // Every rater votes for everyone they are asked to rate (nobody for bt1: a cadre without a shown result), each
    // rater's answers their own: distinctive per rater and cadre.
    const raters: Who[] = ['apprA', 'apprB', 'chief', 's1', 's2', 's3', 's4', 't1', 't2', 't3', 'bs1', 'bt1'];
    const cadreIndex = (cadreId: string) => [...BA_CADRES, ...BB_CADRES].indexOf(whoIs(cadreId));
    const highSatisfaction = new Set([id('chief'), id('s2'), id('t1')]);
    await pool(raters, 4, async (rater) => {
      const r = raters.indexOf(rater);
      const mine = await mineOf(rater);
      expect(mine.answers.map((a) => a.answer)).toEqual([...CRITERION_ANSWERS]);
      for (const item of mine.items.filter((i) => i.cycleId === cycle.id)) {
        expect(item.voted).toBe(false);
        if (item.cadreId === id('bt1')) continue;
        const c = cadreIndex(item.cadreId);
        const scores = Object.fromEntries(item.criteria.map((criterion, k) => [criterion.code, CRITERION_ANSWERS[Math.floor((r * 131 + c * 17 + 7) / 4 ** k) % 4]])) as Record<string, CriterionAnswer>;
        const satisfaction: SatisfactionAnswer = highSatisfaction.has(item.cadreId) ? (r % 2 ? 'satisfied' : 'basically_satisfied') : SATISFACTION_ANSWERS[(r + c) % 3];
        expect(expectStatus(await as(rater).post(`/appraisal/cycles/${cycle.id}/ballots`, { cadreId: item.cadreId, scores, satisfaction }), 201)).toEqual({ counted: true });
        ballots.push({ rater, cadreId: item.cadreId, group: item.group, scores, satisfaction });
      }
    });
    // s1's raters all voted for s1 (the recipients among them).
    expect(ballots.filter((b) => b.cadreId === id('s1')).length).toBe(11);
    // A second ballot is 409; ballots/mine says voted, never how.
    expectProblem(await as('s2').post(`/appraisal/cycles/${cycle.id}/ballots`, { cadreId: id('s1'), scores: full, satisfaction: 'satisfied' }), 409);
    const afterVote = await mineOf('s2');
    expect(afterVote.items.filter((i) => i.cycleId === cycle.id && i.cadreId !== id('bt1')).every((i) => i.voted)).toBe(true);
    expect(JSON.stringify(afterVote)).not.toMatch(/"(satisfied|basically_satisfied|dissatisfied)"/);
    // A rater who voted cannot be removed.
    const votedList = (await survey('apprA')).items.find((i) => i.cadreId === id('s1'))!.raters.map((r) => ({ userId: r.userId, group: r.group }));
    expectProblem(await as('apprA').put(`/appraisal/cycles/${cycle.id}/survey/raters/${id('s1')}`, { raters: votedList.filter((r) => r.userId !== id('s2')) }), 409);

    // While open: participation only, no result anywhere.
    const during = await survey('admin');
    expect(during.cycle.surveyStatus).toBe('open');
    expect(during.items.every((i) => i.result === null)).toBe(true);
    expect(during.items.find((i) => i.cadreId === id('s1'))).toMatchObject({ invited: 11, voted: 11 });
    expect(during.items.find((i) => i.cadreId === id('s1'))!.raters.every((r) => r.voted)).toBe(true);
    const combinedDuring = matchesSchema(cadreAppraisalViewSchema, expectStatus(await as('admin').get(`/appraisal/cadres/${id('s1')}?period=${YEAR}`), 200));
    expect(combinedDuring.surveys).toEqual([]);
    await expectNoLink('while the survey is open', false);

    // Only the admin closes it.
    expectRefused(await as('apprA').post(`/appraisal/cycles/${cycle.id}/survey/close`), 'an appraiser closing the survey');
    expectStatus(await as('admin').post(`/appraisal/cycles/${cycle.id}/survey/close`), 200);
    for (const [department, cadres] of [[ba.id, BA_CADRES], [bb.id, BB_CADRES]] as const) {
      const closed = await survey('admin', department);
      expect(closed.cycle.surveyStatus).toBe('closed');
      for (const cadre of cadres) {
        const item = closed.items.find((i) => i.cadreId === id(cadre))!;
        raterLists.set(id(cadre), item.raters.map((r) => ({ userId: r.userId, group: r.group })));
        const invited = Object.fromEntries(GROUPS.map((g) => [g.group, item.raters.filter((r) => r.group === g.group).length])) as Record<RaterGroup, number>;
        const expected = handResult(ballots.filter((b) => b.cadreId === id(cadre)), invited);
        hand.set(id(cadre), expected);
        expect(item.result).not.toBeNull();
        expectResult(item.result!, expected, cadre);
      }
    }
    // The shapes the hand computation promised: s1 counted in every group, the chief only by subordinates, bt1 not shown.
    expect(hand.get(id('s1'))!.groups.every((g) => g.counted)).toBe(true);
    expect(hand.get(id('chief'))!.groups.filter((g) => g.counted).map((g) => g.group)).toEqual(['superior', 'subordinate']);
    expect(hand.get(id('bt1'))!.shown).toBe(false);
    expect(hand.get(id('chief'))!.satisfaction).toBe(100);
    // The survey as CSV (UTF-8 with a BOM): per cadre the participation, the scores by criterion, 综合得分 and 满意度.
    const response = await fetch(`${platform.apiUrl}/appraisal/cycles/${cycle.id}/survey?departmentId=${ba.id}&format=csv`, { headers: { authorization: `Bearer ${people.apprA.token}` } });
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect({ status: response.status, type: response.headers.get('content-type'), bom: [...bytes.subarray(0, 3)] }).toEqual({ status: 200, type: expect.stringMatching(/^text\/csv/), bom: [0xef, 0xbb, 0xbf] });
    const rows = parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1)).filter((r) => r.some((c) => c !== ''));
    expect(rows[0]).toEqual(['姓名', '应评人数', '已评人数', ...CRITERIA.map((c) => c.name), '综合得分', '满意度', '编号']);
    expect(rows).toHaveLength(1 + BA_CADRES.length);
    const chiefRow = rows.find((r) => r.at(-1) === id('chief'))!;
    expect(Number(chiefRow.at(-2))).toBe(100);
    expect(Math.abs(Number(chiefRow.at(-3)) - hand.get(id('chief'))!.overall!)).toBeLessThanOrEqual(0.011);
    // One 测评 result published per cadre of the cycle, and no ballot ever an event.
    const subjects = await waitUntil(async () => {
      const found = (await (await nc.jetstreamManager()).streams.info('APPRAISAL', { subjects_filter: '>' })).state.subjects ?? {};
      return found['appraisal.survey.result'] === BA_CADRES.length + BB_CADRES.length ? found : undefined;
    }, { timeoutMs: 15_000, intervalMs: 200, what: 'one appraisal.survey.result per cadre on the stream' });
    expect(Object.keys(subjects).filter((subject) => /ballot|vote/.test(subject))).toEqual([]);
    // Closed: no more ballots.
    expectProblem(await as('s3').post(`/appraisal/cycles/${cycle.id}/ballots`, { cadreId: id('bt1'), scores: full, satisfaction: 'satisfied' }), 409);
  });

  it('anonymity: no document of any service and no message of any stream links a rater to their answers', async () => {
    await expectNoLink('after the survey closed', true);
  });

  it('the combined view (综合考评): points with the grade’s entry, grades with history, the 测评 result; who may see it; CSV', async () => {
    const view = matchesSchema(cadreAppraisalViewSchema, expectStatus(await as('chief').get(`/appraisal/cadres/${id('chief')}?period=${YEAR}`), 200));
    expect(view.cadre).toMatchObject({ id: id('chief'), name: '王局长', departmentId: ba.id, title: '局长', rankLevel: 'division' });
    expect(view.points.appraisal).toBe(10);
    expect(view.points.total).toBe(10);
    expect(view.points.entries.filter((e) => e.source.type === 'appraisal')).toEqual([expect.objectContaining({ points: 10, explanation: expect.stringContaining('优秀') })]);
    const annual = view.grades.find((g) => g.cycleId === cycle.id)!;
    expect(annual).toMatchObject({ grade: 'excellent', gradeLabel: '优秀', status: 'confirmed', kind: 'annual' });
    expect(annual.history.map((h) => h.action)).toEqual(['grade', 'return', 'revise', 'confirm']);
    expect(view.surveys).toHaveLength(1);
    expectResult(view.surveys[0], hand.get(id('chief'))!, 'chief (combined view)');
    expect(view.tasks).toEqual([]);

    expectStatus(await as('assessor').get(`/appraisal/cadres/${id('chief')}?period=${YEAR}`), 200);
    expectRefused(await as('s1').get(`/appraisal/cadres/${id('chief')}?period=${YEAR}`), 'another cadre’s combined view');
    expectRefused(await as('apprB').get(`/appraisal/cadres/${id('chief')}?period=${YEAR}`), 'the other bureau’s appraiser’s combined view');

    const response = await fetch(`${platform.apiUrl}/appraisal/cadres/${id('chief')}?period=${YEAR}&format=csv`, { headers: { authorization: `Bearer ${people.chief.token}` } });
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect({ status: response.status, type: response.headers.get('content-type'), bom: [...bytes.subarray(0, 3)] }).toEqual({ status: 200, type: expect.stringMatching(/^text\/csv/), bom: [0xef, 0xbb, 0xbf] });
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text).toContain('优秀');
    expect(text).toMatch(/[\u4e00-\u9fa5]/);

    // The appraiser of the cadre's department sees it too (docs/API.md: "the cadre, reviewers and appraisers of their subtree").
    const byAppraiser = matchesSchema(cadreAppraisalViewSchema, expectStatus(await as('apprA').get(`/appraisal/cadres/${id('chief')}?period=${YEAR}`), 200));
    expect(byAppraiser.points.appraisal).toBe(10);
  });

  it('the cycle closes once every appraisal is confirmed (409 naming what is left before)', async () => {
    // apprB (a cadre of BB) can be graded only by an appraiser of their subtree other than themselves: none yet.
    const refused = expectProblem(await as('admin').post(`/appraisal/cycles/${cycle.id}/close`), 409);
    expect(JSON.stringify(refused)).toMatch(new RegExp(`考评区财政局|${bb.id}`));
    // A second appraiser of BB grades them.
    const second = await platform.createUser('apprb2', { departmentId: bb.id, roles: ['appraiser'], name: '吴考核' });
    await platform.replicasKnow([second.user.id], ['appraisal']);
    const { version } = await appraisalOf('apprB');
    expectStatus(await platform.as(second.token).put(`/appraisal/cycles/${cycle.id}/grades/${id('apprB')}`, { grade: 'competent', comment: '称职', version }), 200);
    expectStatus(await review('apprB', 'confirm', '同意'), 200);
    const closed = matchesSchema(cycleViewSchema, expectStatus(await as('admin').post(`/appraisal/cycles/${cycle.id}/close`), 200));
    expect(closed.status).toBe('closed');
    expectProblem(await putGrade('apprA', 's1', 'basic', '关闭后修改'), 409);
  });

  it('analytics: the grades distribution and 测评 by criterion, the portrait, the shortlist filtered by grades and 满意度', async () => {
    // A 平时考核 of the first quarter gives s3 and t2 (基本称职 and 不称职 in the year) points of their own.
    quarterly = matchesSchema(cycleViewSchema, expectStatus(await as('admin').post('/appraisal/cycles', { kind: 'quarterly', name: `${YEAR}年第一季度平时考核`, period: `${YEAR}-Q1`, departmentIds: [ba.id] }), 201));
    expect(quarterly.survey).toBeNull();
    expectStatus(await putGrade('apprA', 's3', 'good', '本季度表现好', quarterly.id), 200);
    expectStatus(await putGrade('apprA', 't2', 'fairly_good', '本季度表现较好', quarterly.id), 200);
    expectStatus(await review('s3', 'confirm', '同意', quarterly.id), 200);
    expectStatus(await review('t2', 'confirm', '同意', quarterly.id), 200);

    // The distribution: BA's confirmed grades of the year by kind.
    const distribution = await waitUntil(async () => {
      const reply = await as('assessor').get(`/analytics/appraisal?period=${YEAR}&departmentId=${district.id}`);
      if (reply.status !== 200) return undefined;
      const view = matchesSchema(analyticsAppraisalViewSchema, reply.body);
      const row = view.grades.byDepartment.find((d) => d.departmentId === ba.id);
      return row?.total === 10 && view.surveys.cadres === 9 ? view : undefined;
    }, { timeoutMs: 60_000, intervalMs: 500, what: 'analytics to count every confirmed grade and shown result' });
    const baRow = distribution.grades.byDepartment.find((d) => d.departmentId === ba.id)!;
    expect(baRow.byKind.annual).toEqual({ excellent: 1, competent: 5, basic: 1, incompetent: 1 });
    expect(baRow.byKind.quarterly).toEqual({ good: 1, fairly_good: 1 });
    expect(distribution.grades.byDepartment.find((d) => d.departmentId === bb.id)?.byKind.annual).toEqual({ competent: 3 });
    // 测评 by criterion: the mean over the department's shown results.
    const shownBa = BA_CADRES.map((c) => hand.get(id(c))!).filter((h) => h.shown);
    const surveyRow = distribution.surveys.byDepartment.find((d) => d.departmentId === ba.id)!;
    expect(surveyRow.cadres).toBe(shownBa.length);
    expect(Math.abs((surveyRow.satisfaction ?? NaN) - r2(shownBa.reduce((s, h) => s + h.satisfaction!, 0) / shownBa.length))).toBeLessThanOrEqual(0.02);
    for (const c of CRITERIA) {
      const average = shownBa.reduce((s, h) => s + h.criteria.find((x) => x.code === c.code)!.score!, 0) / shownBa.length;
      expect({ code: c.code, near: Math.abs((surveyRow.criteria.find((x) => x.code === c.code)?.average ?? NaN) - average) <= 0.02 }).toEqual({ code: c.code, near: true });
    }
    expectRefused(await as('apprA').get(`/analytics/appraisal?period=${YEAR}`), 'an appraiser reading analytics');
    expectRefused(await as('s1').get(`/analytics/appraisal?period=${YEAR}`), 'a cadre reading analytics');

    // The portrait's appraisal: the confirmed grades and the shown result.
    const portrait = matchesSchema(portraitViewSchema, expectStatus(await as('chief').get(`/analytics/cadres/${id('chief')}/portrait?period=${YEAR}`), 200));
    expect(portrait.appraisal.grades).toEqual([expect.objectContaining({ cycleId: cycle.id, kind: 'annual', grade: 'excellent', gradeLabel: '优秀', period: YEAR })]);
    expect(portrait.appraisal.surveys).toHaveLength(1);
    expect(Math.abs(portrait.appraisal.surveys[0].satisfaction! - hand.get(id('chief'))!.satisfaction!)).toBeLessThanOrEqual(0.011);

    // The shortlist: every BA cadre has points; withoutGrades leaves out s3 (基本称职) and t2 (不称职); minSatisfaction
    // keeps those whose shown 满意度 reaches 85 (no result: left out).
    const shortlist = async (query: string) => matchesSchema(candidatesViewSchema, expectStatus(await as('assessor').get(`/analytics/candidates?period=${YEAR}&departmentId=${ba.id}&limit=100${query}`), 200));
    const all = await waitUntil(async () => {
      const view = await shortlist('');
      return view.items.length === BA_CADRES.length ? view : undefined;
    }, { timeoutMs: 60_000, intervalMs: 500, what: 'every BA cadre on the shortlist' });
    expect(all.items.find((i) => i.cadreId === id('chief'))).toMatchObject({ points: 10, grades: [expect.objectContaining({ grade: 'excellent', cycleId: cycle.id })] });
    const without = await shortlist('&withoutGrades=basic,incompetent');
    expect(without.items.map((i) => i.cadreId).sort()).toEqual(BA_CADRES.filter((c) => c !== 's3' && c !== 't2').map(id).sort());
    const satisfied = await shortlist('&minSatisfaction=85');
    const expected = BA_CADRES.filter((c) => hand.get(id(c))!.shown && hand.get(id(c))!.satisfaction! >= 85).map(id).sort();
    expect(expected).toContain(id('chief'));
    expect(expected.length).toBeLessThan(BA_CADRES.length);
    expect(satisfied.items.map((i) => i.cadreId).sort()).toEqual(expected);
    for (const item of satisfied.items) expect(Math.abs(item.satisfaction! - hand.get(item.cadreId)!.satisfaction!)).toBeLessThanOrEqual(0.011);
    expectInvalid(await as('assessor').get(`/analytics/candidates?period=${YEAR}&withoutGrades=mediocre`), ['withoutGrades']);
  });

  /**
   * Reads every collection of every service's database and every message of every JetStream stream (and the services'
   * output): no document, message or log line holds a rater's identity (id, username, or an unkeyed hash of either)
   * together with answers of a ballot; no ballot is stored as such (an object answering every criterion). After the
   * survey closed (`keys`), no key left anywhere recomputes a voter's keyed hash.
   */
  async function expectNoLink(when: string, surveyClosed: boolean): Promise<void> {
    const raters = (Object.keys(people) as Who[]).filter((w) => ballots.some((b) => b.rater === w));
    expect(raters.length).toBeGreaterThanOrEqual(10);
    const identities = new Map<string, Who>();
    for (const w of raters) {
      for (const value of [id(w), people[w].user.username]) {
        identities.set(value, w);
        identities.set(createHash('sha256').update(value).digest('hex'), w);
        identities.set(createHash('sha256').update(value).digest('base64'), w);
      }
    }
    const codes = new Set(CRITERIA.map((c) => c.code));
    /** Answers of a ballot within a value: a criterion code keyed to an answer, or a satisfaction answer as a value. */
    const answersIn = (value: unknown, found: string[] = [], key = ''): string[] => {
      if (Array.isArray(value)) value.forEach((v) => answersIn(v, found, key));
      else if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value) && (value as { _bsontype?: string })._bsontype === undefined) {
        for (const [k, v] of Object.entries(value)) answersIn(v, found, k);
      } else if (typeof value === 'string') {
        if (codes.has(key) && (CRITERION_ANSWERS as readonly string[]).includes(value)) found.push(`${key}=${value}`);
        if ((SATISFACTION_ANSWERS as readonly string[]).includes(value)) found.push(`${key}=${value}`);
      }
      return found;
    };
    /** An object that answers every criterion: a ballot stored as such. */
    const ballotsIn = (value: unknown): boolean => {
      if (Array.isArray(value)) return value.some(ballotsIn);
      if (!value || typeof value !== 'object' || (value as { _bsontype?: string })._bsontype !== undefined || Buffer.isBuffer(value)) return false;
      const entries = Object.entries(value);
      if ([...codes].every((code) => (CRITERION_ANSWERS as readonly string[]).includes((value as Record<string, unknown>)[code] as string))) return true;
      return entries.some(([, v]) => ballotsIn(v));
    };
    const violations: string[] = [];
    const tokens = new Set<string>();
    const candidates: string[] = [];
    const inspect = (where: string, value: unknown, text: string) => {
      for (const token of text.match(/[A-Za-z0-9+/_=-]{32,}/g) ?? []) tokens.add(token);
      for (const token of text.match(/\b[0-9a-f]{64}\b|[A-Za-z0-9+/]{43}=/g) ?? []) candidates.push(token);
      const who = [...identities].filter(([identity]) => text.includes(identity)).map(([, w]) => w);
      const answers = answersIn(value);
      if (who.length && answers.length) violations.push(`${where}: ${[...new Set(who)].join(',')} with ${answers.slice(0, 6).join(' ')}`);
      if (ballotsIn(value)) violations.push(`${where}: a ballot stored as such`);
    };
    // The search finds what it looks for: a ballot kept beside its rater.
    const sample = ballots[0];
    const fake = { raterId: id(sample.rater), cadreId: sample.cadreId, scores: sample.scores, satisfaction: sample.satisfaction };
    inspect('self-check', fake, JSON.stringify(fake));
    expect(violations).toEqual([expect.stringContaining(`self-check: ${sample.rater}`), 'self-check: a ballot stored as such']);
    violations.length = 0;
    let documents = 0;
    for (const service of [...BACKEND_SERVICES, 'gateway'] as PlatformService[]) {
      const db = platform.database(service);
      const collections = await db.db!.listCollections().toArray();
      for (const { name } of collections) {
        for (const doc of await db.collection(name).find({}).toArray()) {
          documents++;
          inspect(`${service}.${name}/${String(doc._id)}`, doc, JSON.stringify(doc));
        }
      }
    }
    let messages = 0;
    const jsm = await nc.jetstreamManager();
    for await (const stream of jsm.streams.list()) {
      const { first_seq: first, last_seq: last } = stream.state;
      for (let seq = first; seq > 0 && seq <= last; seq++) {
        const message = await jsm.streams.getMessage(stream.config.name, { seq }).catch(() => undefined);
        if (!message) continue;
        messages++;
        const headers = message.header ? [...message.header.keys()].map((k) => `${k}:${message.header.values(k).join(',')}`).join('\n') : '';
        const text = new TextDecoder().decode(message.data);
        let value: unknown = text;
        try {
          value = JSON.parse(text);
        } catch {
          // not JSON: the text itself
        }
        inspect(`stream ${stream.config.name}#${seq} ${message.subject}`, value, `${headers}\n${text}`);
      }
    }
    for (const service of Object.keys(platform.services) as PlatformService[]) {
      for (const [n, line] of platform.services[service].output().split('\n').entries()) {
        if (!line) continue;
        let value: unknown = line;
        try {
          value = JSON.parse(line);
        } catch {
          // plain text
        }
        inspect(`${service} output line ${n + 1}`, value, line);
      }
    }
    const keyLinks = new Set<string>();
    {
      // A key left behind (hex or base64 of 32 bytes) would let whoever reads the database recompute a voter's hash.
      for (const candidate of new Set(candidates)) {
        const key = /^[0-9a-f]{64}$/.test(candidate) ? Buffer.from(candidate, 'hex') : Buffer.from(candidate, 'base64');
        for (const k of [key, candidate]) {
          for (const w of raters) {
            for (const message of [id(w), `${cycle.id}:${id(w)}`]) {
              const mac = createHmac('sha256', k).update(message);
              const digest = mac.digest();
              for (const encoded of [digest.toString('hex'), digest.toString('base64'), digest.toString('base64url')]) {
                if (tokens.has(encoded)) keyLinks.add(w);
              }
            }
          }
        }
      }
    }
    console.info(`anonymity ${when}: ${documents} documents, ${messages} stream messages, ${raters.length} raters, ${ballots.length} ballots; recomputable through a key: ${keyLinks.size}`);
    expect(documents).toBeGreaterThan(50);
    expect(messages).toBeGreaterThan(20);
    expect({ when, violations: violations.slice(0, 20) }).toEqual({ when, violations: [] });
    // While the survey is open its key is kept (to refuse a second ballot): the search finds every voter through it,
    // which shows it can find a link. Once closed, the key is gone and nobody can be recomputed.
    if (surveyClosed) expect({ when, recomputable: [...keyLinks] }).toEqual({ when, recomputable: [] });
    else expect({ when, recomputable: [...keyLinks].sort() }).toEqual({ when, recomputable: [...raters].sort() });
  }
});
