/**
 * Analytics of 选人用人 in process: `selection.round.concluded` events published into JetStream as the selection
 * service publishes them → the outcomes per department, 凭实绩 and the days to decision (`/analytics/selection`), the
 * portrait's outcomes; the shortlist's place city-wide and the internal `cadreIds`; redeliveries, scopes and a rebuild.
 *
 * city → district A → bureau A1; city → district B.
 */
import { randomUUID } from 'node:crypto';
import {
  RPC,
  SCORING_EVENTS,
  SELECTION_EVENTS,
  analyticsSelectionViewSchema,
  candidatesViewSchema,
  currentScoringYear,
  portraitViewSchema,
  type AnalyticsSelectionView,
  type CandidatesView,
  type PortraitView,
  type RebuildView,
  type SelectionConcludedV1,
} from '@cadre/contracts';
import { callerOf, department, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';
import { analyticsModule, caughtUp, concludedRound, dropRedisKeys, outcomeOf, scoreUpdated, seedPeople } from './fixtures';
import { exportCsv } from '@cadre/platform';
import type { ExportPage } from '@cadre/contracts';

/** An export page as the CSV file the gateway streams (one page: analytics tables are small). */
const csvReply = (page: ExportPage) => ({ csv: exportCsv(page), filename: page.filename });

jest.setTimeout(120_000);

const YEAR = currentScoringYear();
const LAST_YEAR = String(Number(YEAR) - 1);
const TWO_YEARS_AGO = String(Number(YEAR) - 2);
const city = department('海口市');
const districtA = department('龙华区', city);
const bureauA1 = department('龙华区发改局', districtA);
const districtB = department('美兰区', city);
const a1 = user('王海军', bureauA1, ['cadre'], { rankLevel: 'division', title: '科长' });
const a2 = user('陈志强', districtA, ['cadre'], { rankLevel: 'division' });
const b1 = user('李红梅', districtB, ['cadre'], { rankLevel: 'division' });
const b2 = user('赵立新', districtB, ['cadre'], { rankLevel: 'section' });
const b3 = user('孙明', districtB, ['cadre'], { rankLevel: 'section' });
const reviewerA = user('审核员甲', districtA, ['reviewer']);
const reviewerB = user('审核员乙', districtB, ['reviewer']);
const assessor = user('研判员', city, ['assessor']);
const appraiser = user('考核专员', districtA, ['appraiser']);
const admin = user('管理员', city, ['admin']);

const round = (kind: SelectionConcludedV1['kind'], name: string) => ({ roundId: randomUUID(), kind, name });
const promotion = round('promotion', `${YEAR}年第一批处级干部提拔`);
const award = round('award', `${YEAR}年度优秀干部评选`);
const advance = round('rank_advance', `${YEAR}年职级晋升`);
const empty = round('promotion', `${YEAR}年第二批提拔（无人入选）`);
const old = round('award', `${TWO_YEARS_AGO}年度评先评优`);

/** A time of the year (UTC). */
const on = (year: string, month: number, day: number, hour = 0) => new Date(Date.UTC(Number(year), month - 1, day, hour)).toISOString();

// The promotion: 10.5 days to the decisions; a1 in the best tenth, b1 not.
const promotionConcluded = concludedRound(promotion, { openedAt: on(YEAR, 3, 1), decidedAt: on(YEAR, 3, 11, 12), concludedAt: on(YEAR, 3, 20) }, [
  outcomeOf(a1, 'promoted', true, '发改局副局长'),
  outcomeOf(b1, 'promoted', false),
]);
// The award: 20 days; a2 without a known place, district B as a department.
const awardConcluded = concludedRound(award, { openedAt: on(YEAR, 4, 1), decidedAt: on(YEAR, 4, 21), concludedAt: on(YEAR, 4, 30) }, [
  outcomeOf(a2, 'awarded', null, '优秀干部'),
  outcomeOf(districtB, 'awarded', null, '先进集体'),
]);
// The rank advance: 2 days; concluded on 31 December at 17:00 UTC, i.e. 1 January in Beijing: it counts in YEAR.
const advanceConcluded = concludedRound(
  advance,
  { openedAt: on(LAST_YEAR, 12, 29), decidedAt: on(LAST_YEAR, 12, 31), concludedAt: on(LAST_YEAR, 12, 31, 17) },
  [outcomeOf(b2, 'advanced', false, '一级主任科员')],
);
const emptyConcluded = concludedRound(empty, { openedAt: on(YEAR, 5, 1), decidedAt: on(YEAR, 5, 2), concludedAt: on(YEAR, 5, 3) }, []);
const oldConcluded = concludedRound(old, { openedAt: on(TWO_YEARS_AGO, 11, 1), decidedAt: on(TWO_YEARS_AGO, 11, 4), concludedAt: on(TWO_YEARS_AGO, 11, 20) }, [
  outcomeOf(a1, 'awarded', true, '优秀干部'),
]);

describe('analytics of selection: concluded rounds → outcomes, 凭实绩, days to decision, portrait; the shortlist’s place city-wide', () => {
  let analytics: Component;
  const as = (who: UserSeed) => callerOf(who);
  const selection = async (who: UserSeed, query: Record<string, unknown> = {}) =>
    analyticsSelectionViewSchema.parse(await analytics.request<AnalyticsSelectionView>(RPC.analytics.selection, query, as(who)));
  const portrait = async (cadre: UserSeed, who: UserSeed = admin) => portraitViewSchema.parse(await analytics.request<PortraitView>(RPC.analytics.portrait, { id: cadre.id }, as(who)));
  const candidates = async (query: Record<string, unknown> = {}) => candidatesViewSchema.parse(await analytics.request<CandidatesView>(RPC.analytics.candidates, query, as(assessor)));
  const ids = (view: CandidatesView) => view.items.map((c) => c.cadreId);
  const conclude = (data: SelectionConcludedV1, eventId?: string) => analytics.publish(SELECTION_EVENTS.roundConcluded, data, { producer: 'selection', eventId });
  const status = async (pattern: string, payload: unknown, who?: UserSeed) => (await analytics.refusal(pattern, payload, who && as(who))).status;
  const withoutAsOf = (view: AnalyticsSelectionView) => ({ ...view, asOf: {} });
  const firstEventId = randomUUID();

  beforeAll(async () => {
    analytics = await startComponent({ service: 'analytics', module: analyticsModule, consume: false });
    await seedPeople(analytics, [city, districtA, bureauA1, districtB], [a1, a2, b1, b2, b3, reviewerA, reviewerB, assessor, appraiser, admin], admin);
    // Points: a1 100, b1 80, b2 and a2 60 (a tie); b3 none. Five cadres city-wide.
    for (const [cadre, hundredths] of [
      [a1, 10_000],
      [b1, 8_000],
      [b2, 6_000],
      [a2, 6_000],
    ] as const) {
      await analytics.publish(SCORING_EVENTS.scoreUpdated, scoreUpdated(cadre, YEAR, { INVEST: hundredths }, {}, 1), { producer: 'scoring' });
    }
    await conclude(promotionConcluded, firstEventId);
    await conclude(awardConcluded);
    await conclude(advanceConcluded);
    await conclude(emptyConcluded);
    await conclude(oldConcluded);
    // Events analytics does not read pass by.
    await analytics.publish(SELECTION_EVENTS.roundOpened, { ...promotionConcluded, status: 'inspecting', version: 1 }, { producer: 'selection' });
    await caughtUp(analytics, admin);
  });
  afterAll(async () => {
    await analytics?.stop();
    await dropRedisKeys();
  });

  it('the outcomes of the year (Beijing) city-wide, each department its own, most first; 凭实绩; mean and median days to decision', async () => {
    const view = await selection(admin);
    expect(view).toMatchObject({ period: YEAR, scope: { departmentId: city.id, departmentName: '海口市' } });
    expect(view.outcomes).toEqual({ promoted: 2, advanced: 1, awarded: 2, total: 5 });
    expect(view.byDepartment).toEqual([
      { departmentId: districtB.id, departmentName: '美兰区', promoted: 1, advanced: 1, awarded: 1, total: 3 },
      { departmentId: districtA.id, departmentName: '龙华区', promoted: 0, advanced: 0, awarded: 1, total: 1 },
      { departmentId: bureauA1.id, departmentName: '龙华区发改局', promoted: 1, advanced: 0, awarded: 0, total: 1 },
    ]);
    // a1 (best tenth), b1 and b2 (not); a2 without a known place and the department are not counted.
    expect(view.merit).toEqual({ selected: 3, topDecile: 1, share: 33.33 });
    // 10.5, 20 and 2 days; the round without outcomes is not counted.
    expect(view.rounds).toEqual({ concluded: 3, averageDaysToDecision: 10.8, medianDaysToDecision: 10.5 });
    expect(Object.keys(view.asOf)).toContain('SELECTION');
    // Another year has its own rounds only; a year without any is empty.
    const before = await selection(assessor, { period: TWO_YEARS_AGO });
    expect(before.outcomes).toEqual({ promoted: 0, advanced: 0, awarded: 1, total: 1 });
    expect(before.merit).toEqual({ selected: 1, topDecile: 1, share: 100 });
    expect(before.rounds).toEqual({ concluded: 1, averageDaysToDecision: 3, medianDaysToDecision: 3 });
    expect(await selection(assessor, { period: LAST_YEAR })).toMatchObject({
      outcomes: { promoted: 0, advanced: 0, awarded: 0, total: 0 },
      byDepartment: [],
      merit: { selected: 0, topDecile: 0, share: null },
      rounds: { concluded: 0, averageDaysToDecision: null, medianDaysToDecision: null },
    });
  });

  it('scoped like the overview: a reviewer their subtree (403 outside it), assessors and admins all; others 403; a bad query 400', async () => {
    const mine = await selection(reviewerA);
    expect(mine.scope).toEqual({ departmentId: districtA.id, departmentName: '龙华区' });
    expect(mine.outcomes).toEqual({ promoted: 1, advanced: 0, awarded: 1, total: 2 });
    expect(mine.merit).toEqual({ selected: 1, topDecile: 1, share: 100 });
    // The promotion (a1) and the award (a2): 10.5 and 20 days.
    expect(mine.rounds).toEqual({ concluded: 2, averageDaysToDecision: 15.3, medianDaysToDecision: 15.3 });
    const theirs = await selection(reviewerB);
    expect(theirs.outcomes).toEqual({ promoted: 1, advanced: 1, awarded: 1, total: 3 });
    expect(theirs.merit).toEqual({ selected: 2, topDecile: 0, share: 0 });
    expect(theirs.rounds.concluded).toBe(3);
    expect((await selection(assessor, { departmentId: bureauA1.id })).outcomes).toEqual({ promoted: 1, advanced: 0, awarded: 0, total: 1 });
    expect(await status(RPC.analytics.selection, { departmentId: districtB.id }, reviewerA)).toBe(403);
    expect(await status(RPC.analytics.selection, {}, a1)).toBe(403);
    expect(await status(RPC.analytics.selection, {}, appraiser)).toBe(403);
    expect(await status(RPC.analytics.selection, { departmentId: randomUUID() }, admin)).toBe(404);
    expect(await status(RPC.analytics.selection, {})).toBe(401);
    expect(await analytics.refusal(RPC.analytics.selection, { period: '24', departmentId: 'not an id', extra: 1 }, as(admin))).toMatchObject({
      status: 400,
      errors: expect.arrayContaining([expect.objectContaining({ path: 'period' }), expect.objectContaining({ path: 'departmentId' }), expect.objectContaining({ path: 'extra' })]),
    });
  });

  it('the portrait: the cadre’s outcomes of every year, newest first, with labels', async () => {
    const view = await portrait(a1, a1);
    expect(view.outcomes).toEqual([
      { roundId: promotion.roundId, roundName: promotion.name, kind: 'promotion', kindLabel: '提拔使用', outcome: 'promoted', outcomeLabel: '提拔使用', position: '发改局副局长', concludedAt: on(YEAR, 3, 20) },
      { roundId: old.roundId, roundName: old.name, kind: 'award', kindLabel: '评先评优', outcome: 'awarded', outcomeLabel: '评先评优', position: '优秀干部', concludedAt: on(TWO_YEARS_AGO, 11, 20) },
    ]);
    expect((await portrait(b2)).outcomes).toEqual([expect.objectContaining({ roundId: advance.roundId, kindLabel: '职级晋升', outcomeLabel: '职级晋升', position: '一级主任科员' })]);
    expect((await portrait(b3)).outcomes).toEqual([]);
  });

  it('the shortlist: each row’s place city-wide by points (ties share the better place) of every cadre known, and the best tenth', async () => {
    const all = await candidates();
    expect(ids(all).slice(0, 2)).toEqual([a1.id, b1.id]);
    expect(Object.fromEntries(all.items.map((c) => [c.cadreId, [c.cityRank, c.cityCadres, c.topDecile]]))).toEqual({
      [a1.id]: [1, 5, true],
      [b1.id]: [2, 5, false],
      [b2.id]: [3, 5, false],
      [a2.id]: [3, 5, false],
    });
    // Narrowed to a department, the rank is within it and the place still city-wide.
    const b = await candidates({ departmentId: districtB.id });
    expect(b.items.map((c) => [c.cadreId, c.rank, c.cityRank])).toEqual([
      [b1.id, 1, 2],
      [b2.id, 2, 3],
    ]);
  });

  it('the internal cadreIds: exactly those cadres, each once, in the order given, unknown ones left out, the filters ignored', async () => {
    const view = await candidates({ cadreIds: [b3.id, b2.id, randomUUID(), assessor.id, a1.id, b2.id], limit: 1, rankLevel: 'division', departmentId: districtA.id, minSatisfaction: 99, withoutGrades: 'basic' });
    expect(ids(view)).toEqual([b3.id, b2.id, a1.id]);
    expect(view.total).toBe(3);
    expect(view.items.map((c) => [c.points, c.rank, c.cityRank, c.cityCadres, c.topDecile])).toEqual([
      [0, 3, 5, 5, false],
      [60, 2, 3, 5, false],
      [100, 1, 1, 5, true],
    ]);
    expect(view.items[0]).toMatchObject({ name: '孙明', departmentName: '美兰区', evidence: { records: [], tasks: [], verifiedRecords: 0 }, grades: [], satisfaction: null });
    // Another period: the places of that period.
    const before = await candidates({ cadreIds: [a1.id], period: TWO_YEARS_AGO });
    expect(before.items.map((c) => [c.points, c.cityRank, c.cityCadres])).toEqual([[0, 1, 5]]);
    expect(await analytics.refusal(RPC.analytics.candidates, { cadreIds: ['not an id'] }, as(admin))).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'cadreIds.0' })] });
    expect(await analytics.refusal(RPC.analytics.candidates, { cadreIds: [] }, as(admin))).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'cadreIds' })] });
    expect(await status(RPC.analytics.candidates, { cadreIds: [a1.id] }, reviewerA)).toBe(403);
  });

  it('CSV for people: outcome labels, department names, 凭实绩, days; the portrait’s and the shortlist’s new columns', async () => {
    const { csv, filename } = csvReply(await analytics.request<ExportPage>(RPC.analytics.selection, { format: 'csv' }, as(admin)));
    expect(filename).toBe(`analytics-selection-${YEAR}.csv`);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('选人用人结果,合计,5,,');
    expect(csv).toContain('选人用人结果,提拔使用,2,,promoted');
    expect(csv).toContain(`选人用人结果·按单位,美兰区,3,提拔使用 1、职级晋升 1、评先评优 1,${districtB.id}`);
    expect(csv).toContain('凭实绩,占比(%),33.33,,');
    expect(csv).toContain('选拔轮次,发起至决定平均天数,10.8,,');
    const portraitCsv = csvReply(await analytics.request<ExportPage>(RPC.analytics.portrait, { id: a1.id, format: 'csv' }, as(admin)));
    expect(portraitCsv.csv).toContain(`选人用人,${promotion.name},提拔使用,提拔使用；发改局副局长；${YEAR}-03-20 08:00 完成,${promotion.roundId}`);
    const shortlist = csvReply(await analytics.request<ExportPage>(RPC.analytics.candidates, { format: 'csv' }, as(admin)));
    expect(shortlist.csv).toMatch(/满意度\(%\),全市名次,全市干部数,全市前10%,编号/);
    expect(shortlist.csv).toContain(`,1,5,是,${a1.id}`);
  });

  it('an event delivered again (the same id, or a new one) or older than what is known changes nothing', async () => {
    const before = { city: await selection(admin), portrait: await portrait(a1) };
    await conclude(promotionConcluded, firstEventId);
    await conclude(promotionConcluded, randomUUID());
    await conclude({ ...promotionConcluded, version: 5, outcomes: [outcomeOf(b3, 'promoted', true)] }, randomUUID());
    await caughtUp(analytics, admin);
    expect(withoutAsOf(await selection(admin))).toEqual(withoutAsOf(before.city));
    expect(await portrait(a1)).toEqual(before.portrait);
    expect((await portrait(b3)).outcomes).toEqual([]);
  });

  it('a rebuild from the streams answers the same', async () => {
    const before = { city: await selection(admin), reviewer: await selection(reviewerA), portrait: await portrait(a1), named: await candidates({ cadreIds: [b3.id, a1.id] }) };
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
    expect(withoutAsOf(await selection(admin))).toEqual(withoutAsOf(before.city));
    expect(withoutAsOf(await selection(reviewerA))).toEqual(withoutAsOf(before.reviewer));
    expect(await portrait(a1)).toEqual(before.portrait);
    expect(await candidates({ cadreIds: [b3.id, a1.id] })).toEqual(before.named);
  });
});
