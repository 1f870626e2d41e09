/**
 * Analytics of 考评 in process: appraisal events (grades through their states, 测评 results) published into JetStream
 * as the appraisal service publishes them → the grades distribution and 测评 by criterion per department, the
 * portrait's appraisal, the shortlist's grade and 满意度 filters; returns, redeliveries and a rebuild.
 *
 * city → district A → bureau A1; city → district B.
 */
import { randomUUID } from 'node:crypto';
import {
  APPRAISAL_EVENTS,
  RPC,
  SCORING_EVENTS,
  analyticsAppraisalViewSchema,
  candidatesViewSchema,
  currentScoringYear,
  portraitViewSchema,
  type AnalyticsAppraisalView,
  type CandidatesView,
  type PortraitView,
  type RebuildView,
} from '@cadre/contracts';
import { callerOf, department, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';
import { analyticsModule, caughtUp, cycle, dropRedisKeys, gradeEvent, scoreUpdated, seedPeople, surveyResult } from './fixtures';
import { exportCsv } from '@cadre/platform';
import type { ExportPage } from '@cadre/contracts';

/** An export page as the CSV file the gateway streams (one page: analytics tables are small). */
const csvReply = (page: ExportPage) => ({ csv: exportCsv(page), filename: page.filename });

jest.setTimeout(120_000);

const YEAR = currentScoringYear();
const TWO_YEARS_AGO = String(Number(YEAR) - 2);
const city = department('海口市');
const districtA = department('龙华区', city);
const bureauA1 = department('龙华区发改局', districtA);
const districtB = department('美兰区', city);
const a1 = user('王海军', bureauA1, ['cadre'], { rankLevel: 'division', title: '科长' });
const a2 = user('陈志强', districtA, ['cadre'], { rankLevel: 'division' });
const b1 = user('李红梅', districtB, ['cadre'], { rankLevel: 'division' });
const b2 = user('赵立新', districtB, ['cadre'], { rankLevel: 'division' });
const reviewerA = user('审核员甲', districtA, ['reviewer']);
const reviewerB = user('审核员乙', districtB, ['reviewer']);
const assessor = user('研判员', city, ['assessor']);
const appraiser = user('考核专员', districtA, ['appraiser']);
const admin = user('管理员', city, ['admin']);

const annual = cycle('annual', `${YEAR}年度考核`, YEAR);
const q1 = cycle('quarterly', `${YEAR}年第一季度平时考核`, `${YEAR}-Q1`);
const oldAnnual = cycle('annual', `${TWO_YEARS_AGO}年度考核`, TWO_YEARS_AGO);
const at = (minute: number) => new Date(Date.UTC(Number(YEAR), 2, 1, 0, minute)).toISOString();

describe('analytics of appraisal: grades and 测评 → distribution, portrait, shortlist', () => {
  let analytics: Component;
  const as = (who: UserSeed) => callerOf(who);
  const appraisal = async (who: UserSeed, query: Record<string, unknown> = {}) =>
    analyticsAppraisalViewSchema.parse(await analytics.request<AnalyticsAppraisalView>(RPC.analytics.appraisal, query, as(who)));
  const portrait = async (cadre: UserSeed, who: UserSeed = admin) => portraitViewSchema.parse(await analytics.request<PortraitView>(RPC.analytics.portrait, { id: cadre.id }, as(who)));
  const candidates = async (query: Record<string, unknown> = {}) => candidatesViewSchema.parse(await analytics.request<CandidatesView>(RPC.analytics.candidates, query, as(assessor)));
  const ids = (view: CandidatesView) => view.items.map((c) => c.cadreId);
  const grade = (type: string, data: unknown, eventId?: string) => analytics.publish(type, data, { producer: 'appraisal', eventId });
  const status = async (pattern: string, payload: unknown, who?: UserSeed) => (await analytics.refusal(pattern, payload, who && as(who))).status;

  beforeAll(async () => {
    analytics = await startComponent({ service: 'analytics', module: analyticsModule, consume: false });
    await seedPeople(analytics, [city, districtA, bureauA1, districtB], [a1, a2, b1, b2, reviewerA, reviewerB, assessor, appraiser, admin], admin);
    // Points: a1 100, b1 80, b2 60, a2 40 (the shortlist's order).
    for (const [cadre, hundredths] of [
      [a1, 10_000],
      [b1, 8_000],
      [b2, 6_000],
      [a2, 4_000],
    ] as const) {
      await analytics.publish(SCORING_EVENTS.scoreUpdated, scoreUpdated(cadre, YEAR, { INVEST: hundredths }, {}, 1), { producer: 'scoring' });
    }
    // The quarter: a1 好 (confirmed); a2 较好 confirmed, then returned (counts nowhere).
    await grade(APPRAISAL_EVENTS.gradeSubmitted, gradeEvent(q1, a1, 'good', 'submitted', 1, at(1)));
    await grade(APPRAISAL_EVENTS.gradeConfirmed, gradeEvent(q1, a1, 'good', 'confirmed', 2, at(2)));
    await grade(APPRAISAL_EVENTS.gradeSubmitted, gradeEvent(q1, a2, 'fairly_good', 'submitted', 1, at(1)));
    await grade(APPRAISAL_EVENTS.gradeConfirmed, gradeEvent(q1, a2, 'fairly_good', 'confirmed', 2, at(2)));
    await grade(APPRAISAL_EVENTS.gradeReturned, gradeEvent(q1, a2, 'fairly_good', 'returned', 3, at(3)));
    // The year: a1 优秀, a2 称职, b1 基本称职 confirmed; b2 称职 only submitted (not counted).
    for (const [cadre, g] of [
      [a1, 'excellent'],
      [a2, 'competent'],
      [b1, 'basic'],
    ] as const) {
      await grade(APPRAISAL_EVENTS.gradeSubmitted, gradeEvent(annual, cadre, g, 'submitted', 1, at(10)));
      await grade(APPRAISAL_EVENTS.gradeConfirmed, gradeEvent(annual, cadre, g, 'confirmed', 2, at(11)));
    }
    await grade(APPRAISAL_EVENTS.gradeSubmitted, gradeEvent(annual, b2, 'competent', 'submitted', 1, at(10)));
    // Two years ago: b2 基本称职.
    await grade(APPRAISAL_EVENTS.gradeConfirmed, gradeEvent(oldAnnual, b2, 'basic', 'confirmed', 2, at(0)));
    // 测评 of the year's cycle: a1, a2, b1 shown; b2 not shown (no group counted).
    await grade(APPRAISAL_EVENTS.surveyResult, surveyResult(annual, a1, { de: 95, neng: 85 }, 90));
    await grade(APPRAISAL_EVENTS.surveyResult, surveyResult(annual, a2, { de: 85, neng: 75 }, 80));
    await grade(APPRAISAL_EVENTS.surveyResult, surveyResult(annual, b1, { de: 70, neng: 80 }, 88));
    await grade(APPRAISAL_EVENTS.surveyResult, surveyResult(annual, b2, null, null));
    await caughtUp(analytics, admin);
  });
  afterAll(async () => {
    await analytics?.stop();
    await dropRedisKeys();
  });

  it('the grades distribution: confirmed grades of the year per kind, city-wide and per department (own counts)', async () => {
    const view = await appraisal(admin);
    expect(view).toMatchObject({ period: YEAR, scope: { departmentId: city.id, departmentName: '海口市' } });
    expect(view.grades.byKind).toEqual({ annual: { excellent: 1, competent: 1, basic: 1 }, quarterly: { good: 1 } });
    expect(view.grades.total).toBe(4);
    expect(view.grades.byDepartment).toEqual([
      { departmentId: districtA.id, departmentName: '龙华区', total: 1, byKind: { annual: { competent: 1 } } },
      { departmentId: districtB.id, departmentName: '美兰区', total: 1, byKind: { annual: { basic: 1 } } },
      { departmentId: bureauA1.id, departmentName: '龙华区发改局', total: 2, byKind: { annual: { excellent: 1 }, quarterly: { good: 1 } } },
    ].sort((x, y) => (x.departmentId === bureauA1.id ? 1 : y.departmentId === bureauA1.id ? -1 : x.departmentId.localeCompare(y.departmentId))));
    // Another year has its own cycles only.
    const old = await appraisal(assessor, { period: TWO_YEARS_AGO });
    expect(old.grades).toEqual({ byKind: { annual: { basic: 1 } }, total: 1, byDepartment: [{ departmentId: districtB.id, departmentName: '美兰区', total: 1, byKind: { annual: { basic: 1 } } }] });
    expect(old.surveys).toEqual({ cadres: 0, satisfaction: null, criteria: [], byDepartment: [] });
  });

  it('测评 by criterion: the average per criterion and 满意度 over the cadres with a shown result, per department', async () => {
    const { surveys } = await appraisal(admin);
    expect(surveys).toMatchObject({ cadres: 3, satisfaction: 86 });
    expect(surveys.criteria).toEqual([
      { code: 'de', name: '德', average: 83.33, cadres: 3 },
      { code: 'neng', name: '能', average: 80, cadres: 3 },
    ]);
    const row = (id: string) => surveys.byDepartment.find((d) => d.departmentId === id);
    expect(row(bureauA1.id)).toEqual({ departmentId: bureauA1.id, departmentName: '龙华区发改局', cadres: 1, satisfaction: 90, criteria: [{ code: 'de', name: '德', average: 95, cadres: 1 }, { code: 'neng', name: '能', average: 85, cadres: 1 }] });
    expect(row(districtB.id)).toMatchObject({ cadres: 1, satisfaction: 88 });
    expect(surveys.byDepartment).toHaveLength(3);
  });

  it('scoped like the overview: a reviewer their subtree (403 outside it), assessors and admins all; others 403', async () => {
    const mine = await appraisal(reviewerA);
    expect(mine.scope).toEqual({ departmentId: districtA.id, departmentName: '龙华区' });
    expect(mine.grades).toMatchObject({ total: 3, byKind: { annual: { excellent: 1, competent: 1 }, quarterly: { good: 1 } } });
    expect(mine.surveys).toMatchObject({ cadres: 2, satisfaction: 85, criteria: [{ code: 'de', average: 90 }, { code: 'neng', average: 80 }] });
    expect((await appraisal(reviewerB)).grades).toMatchObject({ total: 1, byKind: { annual: { basic: 1 } } });
    expect((await appraisal(assessor, { departmentId: bureauA1.id })).grades.total).toBe(2);
    expect(await status(RPC.analytics.appraisal, { departmentId: districtB.id }, reviewerA)).toBe(403);
    expect(await status(RPC.analytics.appraisal, {}, a1)).toBe(403);
    expect(await status(RPC.analytics.appraisal, {}, appraiser)).toBe(403);
    expect(await status(RPC.analytics.appraisal, { departmentId: randomUUID() }, admin)).toBe(404);
    expect(await status(RPC.analytics.appraisal, {})).toBe(401);
    expect(await analytics.refusal(RPC.analytics.appraisal, { period: '24' }, as(admin))).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'period' })] });
  });

  it('the portrait: confirmed grades of every year, newest first, with labels, and the shown 测评 results', async () => {
    const view = await portrait(a1, a1);
    expect(view.appraisal.grades).toEqual([
      { cycleId: annual.cycleId, cycleName: annual.name, kind: 'annual', kindLabel: '年度考核', period: YEAR, grade: 'excellent', gradeLabel: '优秀' },
      { cycleId: q1.cycleId, cycleName: q1.name, kind: 'quarterly', kindLabel: '平时考核', period: `${YEAR}-Q1`, grade: 'good', gradeLabel: '好' },
    ]);
    expect(view.appraisal.surveys).toEqual([
      { cycleId: annual.cycleId, cycleName: annual.name, period: YEAR, overall: 90, satisfaction: 90, criteria: [{ code: 'de', name: '德', score: 95 }, { code: 'neng', name: '能', score: 85 }] },
    ]);
    // Whatever the period asked; a returned grade and a submitted one are nowhere; an unshown result neither.
    expect((await portrait(b2)).appraisal).toEqual({ grades: [{ cycleId: oldAnnual.cycleId, cycleName: oldAnnual.name, kind: 'annual', kindLabel: '年度考核', period: TWO_YEARS_AGO, grade: 'basic', gradeLabel: '基本称职' }], surveys: [] });
    expect((await portrait(a2)).appraisal.grades.map((g) => g.grade)).toEqual(['competent']);
  });

  it('the shortlist: each name with their grades of the window and latest 满意度; without basic in 3 years; 满意度 ≥ 85', async () => {
    const all = await candidates();
    expect(ids(all)).toEqual([a1.id, b1.id, b2.id, a2.id]);
    expect(all.total).toBe(4);
    expect(all.items[0]).toMatchObject({ cadreId: a1.id, satisfaction: 90, grades: [{ cycleId: annual.cycleId, grade: 'excellent' }, { cycleId: q1.cycleId, grade: 'good' }] });
    expect(all.items[2]).toMatchObject({ cadreId: b2.id, satisfaction: null, grades: [{ cycleId: oldAnnual.cycleId, grade: 'basic' }] });
    // No 基本称职 or 不称职 in the 3 years up to the period: b1 (this year) and b2 (two years ago) are left out.
    const noBasic = await candidates({ withoutGrades: 'basic,incompetent' });
    expect(ids(noBasic)).toEqual([a1.id, a2.id]);
    expect(noBasic.total).toBe(2);
    expect(noBasic.items.map((c) => c.rank)).toEqual([1, 2]);
    // Within 2 years, b2's grade of two years ago is out of the window (and out of the row's grades).
    const twoYears = await candidates({ withoutGrades: 'basic', gradeYears: '2' });
    expect(ids(twoYears)).toEqual([a1.id, b2.id, a2.id]);
    expect(twoYears.items[1]).toMatchObject({ cadreId: b2.id, grades: [] });
    // 满意度 at least 85: a1 (90) and b1 (88); a2 (80) and b2 (no result) are left out.
    const satisfied = await candidates({ minSatisfaction: '85' });
    expect(ids(satisfied)).toEqual([a1.id, b1.id]);
    expect(satisfied.total).toBe(2);
    expect(ids(await candidates({ minSatisfaction: 85, withoutGrades: 'basic' }))).toEqual([a1.id]);
    // A period before the results: no 满意度 yet.
    expect(await candidates({ period: TWO_YEARS_AGO, minSatisfaction: 1 })).toMatchObject({ items: [], total: 0 });
  });

  it('refuses bad filters with 400 naming the field', async () => {
    const refusal = (query: Record<string, unknown>) => analytics.refusal(RPC.analytics.candidates, query, as(admin));
    expect(await refusal({ withoutGrades: 'basic,mediocre' })).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'withoutGrades', message: expect.stringContaining('mediocre') })] });
    expect(await refusal({ gradeYears: '11' })).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'gradeYears' })] });
    expect(await refusal({ gradeYears: '0' })).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'gradeYears' })] });
    expect(await refusal({ minSatisfaction: '101' })).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'minSatisfaction' })] });
    expect(await status(RPC.analytics.candidates, { withoutGrades: 'basic' }, reviewerA)).toBe(403);
  });

  it('CSV for people: kind and grade labels, department names, criterion names, 编号 last', async () => {
    const { csv, filename } = csvReply(await analytics.request<ExportPage>(RPC.analytics.appraisal, { format: 'csv' }, as(admin)));
    expect(filename).toBe(`analytics-appraisal-${YEAR}.csv`);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]!.split(',').at(-1)).toBe('编号');
    expect(csv).toContain('考核等次·年度考核,优秀,1,,excellent');
    expect(csv).toContain('考核等次·平时考核,好,1,,good');
    expect(csv).toContain(`考核等次·按单位,龙华区发改局,2,年度考核：优秀 1；平时考核：好 1,${bureauA1.id}`);
    expect(csv).toContain('民主测评·按指标,德,83.33,3 人,de');
    expect(csv).toContain(`民主测评·按单位,美兰区,88,1 人；德 70、能 80,${districtB.id}`);
    const shortlist = csvReply(await analytics.request<ExportPage>(RPC.analytics.candidates, { format: 'csv' }, as(admin)));
    expect(shortlist.csv).toMatch(/考核等次,满意度\(%\),全市名次,全市干部数,全市前10%,编号/);
    expect(shortlist.csv).toContain(`${annual.name} 优秀、${q1.name} 好,90,1,4,是,${a1.id}`);
    const portraitCsv = csvReply(await analytics.request<ExportPage>(RPC.analytics.portrait, { id: a1.id, format: 'csv' }, as(admin)));
    expect(portraitCsv.csv).toContain(`考核等次,${annual.name},优秀,年度考核；${YEAR},${annual.cycleId}`);
    expect(portraitCsv.csv).toContain(`民主测评,${annual.name},90,${YEAR}；满意度 90%；德 95、能 85,${annual.cycleId}`);
  });

  it('events delivered again, or older than what is known, change nothing', async () => {
    const before = { appraisal: await appraisal(admin), portrait: await portrait(a1), candidates: await candidates() };
    await grade(APPRAISAL_EVENTS.gradeConfirmed, gradeEvent(annual, a1, 'excellent', 'confirmed', 2, at(11)), randomUUID());
    await grade(APPRAISAL_EVENTS.gradeSubmitted, gradeEvent(annual, a1, 'competent', 'submitted', 1, at(10)), randomUUID());
    await grade(APPRAISAL_EVENTS.gradeConfirmed, gradeEvent(q1, a2, 'fairly_good', 'confirmed', 2, at(2)), randomUUID());
    await grade(APPRAISAL_EVENTS.surveyResult, surveyResult(annual, a1, { de: 95, neng: 85 }, 90), randomUUID());
    await caughtUp(analytics, admin);
    expect({ ...(await appraisal(admin)), asOf: {} }).toEqual({ ...before.appraisal, asOf: {} });
    expect(await portrait(a1)).toEqual(before.portrait);
    expect(await candidates()).toEqual(before.candidates);
  });

  it('a confirmed grade returned leaves the distribution, the portrait and the shortlist’s filters', async () => {
    await grade(APPRAISAL_EVENTS.gradeReturned, gradeEvent(annual, b1, 'basic', 'returned', 3, at(20)));
    await caughtUp(analytics, admin);
    const view = await appraisal(admin);
    expect(view.grades.byKind).toEqual({ annual: { excellent: 1, competent: 1 }, quarterly: { good: 1 } });
    expect(view.grades.byDepartment.map((d) => d.departmentId)).not.toContain(districtB.id);
    expect((await portrait(b1)).appraisal.grades).toEqual([]);
    expect(ids(await candidates({ withoutGrades: 'basic' }))).toEqual([a1.id, b1.id, a2.id]);
    // Revised and confirmed again: counted once more.
    await grade(APPRAISAL_EVENTS.gradeSubmitted, gradeEvent(annual, b1, 'competent', 'submitted', 4, at(21)));
    await grade(APPRAISAL_EVENTS.gradeConfirmed, gradeEvent(annual, b1, 'competent', 'confirmed', 5, at(22)));
    await caughtUp(analytics, admin);
    expect((await appraisal(admin)).grades.byKind).toEqual({ annual: { excellent: 1, competent: 2 }, quarterly: { good: 1 } });
  });

  it('a rebuild from the streams answers the same', async () => {
    const before = { appraisal: await appraisal(admin), reviewer: await appraisal(reviewerA), portrait: await portrait(a1), b2: await portrait(b2), candidates: await candidates({ withoutGrades: 'basic' }) };
    const current = await analytics.request<RebuildView>(RPC.analytics.rebuildStatus, {}, as(admin));
    await analytics.request<RebuildView>(RPC.analytics.rebuild, {}, as(admin));
    await waitUntil(
      async () => {
        const now = await analytics.request<RebuildView>(RPC.analytics.rebuildStatus, {}, as(admin));
        if (now.state === 'failed') throw new Error(`the rebuild failed: ${now.error}`);
        return now.state === 'swapped' && now.liveGeneration > current.liveGeneration;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the rebuild to swap' },
    );
    expect({ ...(await appraisal(admin)), asOf: {} }).toEqual({ ...before.appraisal, asOf: {} });
    expect({ ...(await appraisal(reviewerA)), asOf: {} }).toEqual({ ...before.reviewer, asOf: {} });
    expect(await portrait(a1)).toEqual(before.portrait);
    expect(await portrait(b2)).toEqual(before.b2);
    expect(await candidates({ withoutGrades: 'basic' })).toEqual(before.candidates);
  });
});
