/**
 * Scoring in process: rankings (recalculation jobs on BullMQ under this test's own Redis prefix, pages, scopes,
 * CSV) and the scoring standard (drafts, dry runs, activation), with their refusals.
 *
 * city → district A → bureau A1; city → district B. Tests run in order: the last activates a new standard.
 */
import { Redis } from 'ioredis';
import { DEFAULT_SCORING_STANDARD, RECORD_EVENTS, RPC, currentScoringYear, type DryRunView, type RankingView, type RecalculationJobView, type ScoreView, type ScoringStandard, type ScoringStandardView } from '@cadre/contracts';
import { callerOf, department, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';
import { dropRedisKeys, scoringModule, verifiedRecord } from './fixtures';
import { exportCsv } from '@cadre/platform';
import type { ExportPage } from '@cadre/contracts';

jest.setTimeout(120_000);

const YEAR = currentScoringYear();
const city = department('海口市');
const districtA = department('龙华区', city);
const bureauA1 = department('龙华区发改局', districtA);
const districtB = department('美兰区', city);
// Points: top 28.80 (two records), second 19.20, third 12.00.
const top = user('王海军', bureauA1, ['cadre'], { rankLevel: 'division' });
const second = user('李红梅', districtB, ['cadre'], { rankLevel: 'section' });
const third = user('陈志强', districtA, ['cadre'], { rankLevel: 'division' });
const reviewerA = user('审核员甲', districtA, ['reviewer']);
const assessor = user('研判员', city, ['assessor']);
const admin = user('管理员', city, ['admin']);

describe('scoring in process: rankings and standards', () => {
  let scoring: Component;
  const as = (who: UserSeed) => callerOf(who);
  const jobDone = (jobId: string) =>
    waitUntil(async () => {
      const job = await scoring.request<RecalculationJobView>(RPC.scoring.job, { id: jobId }, as(admin));
      if (job.state === 'failed') throw new Error(`job ${jobId} failed: ${job.failedReason}`);
      return job.state === 'completed' ? job : undefined;
    }, { timeoutMs: 60_000, intervalMs: 200, what: `job ${jobId} to complete` });
  const ranking = (scope: string, who: UserSeed = top, extra: Record<string, unknown> = {}) => scoring.request<RankingView>(RPC.scoring.rankings, { period: YEAR, scope, ...extra }, as(who));
  const scoreOf = (cadre: UserSeed) => scoring.request<ScoreView>(RPC.scoring.score, { id: cadre.id }, as(cadre));

  beforeAll(async () => {
    scoring = await startComponent({ service: 'scoring', module: scoringModule });
    await scoring.seedDirectory({ users: [top, second, third, reviewerA, assessor, admin] });
    await scoring.publish(RECORD_EVENTS.verified, verifiedRecord(top, { itemCode: 'FTP-01', firstLevelCode: 'FTP', rating: 'pass', confirmedImpactLevel: 'district' }), { producer: 'records' });
    await scoring.publish(RECORD_EVENTS.verified, verifiedRecord(top, { itemCode: 'PARTY-01', firstLevelCode: 'PARTY', rating: 'pass', confirmedImpactLevel: 'city' }), { producer: 'records' });
    await scoring.publish(RECORD_EVENTS.verified, verifiedRecord(second), { producer: 'records' });
    await scoring.publish(RECORD_EVENTS.verified, verifiedRecord(third, { itemCode: 'PARTY-02', firstLevelCode: 'PARTY', rating: 'good' }), { producer: 'records' });
    // 8 × 1.5 × 1 = 12 + 5 × 2 × 1 = 10 → 22; 19.20; 5 × 2 × 1.2 = 12.
    await waitUntil(async () => (await scoreOf(top)).total === 22 && (await scoreOf(second)).total === 19.2 && (await scoreOf(third)).total === 12, { timeoutMs: 20_000, what: 'the three scores' });
  });
  afterAll(async () => {
    await scoring?.stop();
    await dropRedisKeys();
  });

  it('before any calculation a ranking is an empty page under the active standard', async () => {
    expect(await ranking('all')).toMatchObject({ items: [], total: 0, period: YEAR, scope: 'all', calculatedAt: '', standardVersion: 1 });
  });

  it('only an admin recalculates and follows the job: 401 without a caller, 403 for every other role, 404 for an unknown job', async () => {
    expect((await scoring.refusal(RPC.scoring.recalculate, {})).status).toBe(401);
    for (const who of [top, reviewerA, assessor]) expect((await scoring.refusal(RPC.scoring.recalculate, {}, as(who))).status).toBe(403);
    expect((await scoring.refusal(RPC.scoring.job, { id: 'no-such-job' }, as(admin))).status).toBe(404);
    expect((await scoring.refusal(RPC.scoring.job, { id: '../../etc' }, as(admin))).status).toBe(404);
  });

  it('a recalculation job ranks everyone, each department subtree and each rank level', async () => {
    const { jobId } = await scoring.request<{ jobId: string }>(RPC.scoring.recalculate, {}, as(admin));
    expect((await scoring.refusal(RPC.scoring.job, { id: jobId }, as(top))).status).toBe(403);
    const job = await jobDone(jobId);
    expect(job).toMatchObject({ jobId, state: 'completed', progress: 100, result: { cadres: 3, rankings: expect.any(Number) } });

    const all = await ranking('all');
    expect(all.items.map((i) => [i.cadreId, i.rank, i.points, i.percentile, i.change])).toEqual([
      [top.id, 1, 22, 66.67, null],
      [second.id, 2, 19.2, 33.33, null],
      [third.id, 3, 12, 0, null],
    ]);
    expect(all.items[0]).toMatchObject({ name: top.name, departmentId: bureauA1.id, departmentName: '龙华区发改局', rankLevel: 'division' });
    // Every row names its cadre and department (docs/API.md "Scoring": names, never ids, where people read).
    expect(all.items.map((i) => [i.name, i.departmentName])).toEqual([
      [top.name, '龙华区发改局'],
      [second.name, '美兰区'],
      [third.name, '龙华区'],
    ]);
    expect((await ranking(`department:${districtA.id}`, second)).items.map((i) => [i.cadreId, i.rank])).toEqual([
      [top.id, 1],
      [third.id, 2],
    ]);
    expect((await ranking(`department:${districtB.id}`)).items.map((i) => [i.cadreId, i.rank])).toEqual([[second.id, 1]]);
    expect((await ranking('rank:division')).items.map((i) => i.cadreId)).toEqual([top.id, third.id]);
    expect(await ranking('all', top, { page: 2, pageSize: 2 })).toMatchObject({ items: [{ cadreId: third.id, rank: 3 }], total: 3, page: 2, pageSize: 2 });
  });

  it('a ranking Redis lost is derived from the MongoDB rows, each scope ranked among its members', async () => {
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      const keys = await redis.keys(`cadre:${process.env.MONGODB_DB}:ranking:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    expect((await ranking('all')).items.map((i) => [i.cadreId, i.rank])).toEqual([
      [top.id, 1],
      [second.id, 2],
      [third.id, 3],
    ]);
    const inA = await ranking(`department:${districtA.id}`);
    expect(inA).toMatchObject({ total: 2, standardVersion: 1, calculatedAt: expect.any(String) });
    expect(inA.items.map((i) => [i.cadreId, i.rank, i.change])).toEqual([
      [top.id, 1, null],
      [third.id, 2, null],
    ]);
    expect((await ranking(`department:${bureauA1.id}`)).items.map((i) => i.cadreId)).toEqual([top.id]);
  });

  it('a ranking as CSV: a BOM, Chinese headers, names and labels rather than ids, Beijing time, the id last as 编号', async () => {
    const answer = await ranking('all', top, { format: 'csv' });
    const { filename } = answer as unknown as ExportPage;
    const csv = exportCsv(answer as unknown as ExportPage);
    expect(filename).toBe(`rankings-${YEAR}-all.csv`);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split(/\r?\n/).filter(Boolean);
    expect(lines[0]).toBe('名次,姓名,单位,职级,积分,百分位,名次变化,计算时间,编号');
    expect(lines.slice(1)).toHaveLength(3);
    const { calculatedAt } = await ranking('all');
    const beijing = new Date(Date.parse(calculatedAt) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(lines.slice(1)).toEqual([
      `1,${top.name},龙华区发改局,处级,22,66.67,新上榜,${beijing},${top.id}`,
      `2,${second.name},美兰区,科级,19.2,33.33,新上榜,${beijing},${second.id}`,
      `3,${third.name},龙华区,处级,12,0,新上榜,${beijing},${third.id}`,
    ]);
    // No department id anywhere a person reads.
    for (const d of [city, districtA, bureauA1, districtB]) expect(csv).not.toContain(d.id);
    // Exported page by page (EXPORT_PAGE_SIZE rows), `next` the cursor of the following page until the last.
    process.env.EXPORT_PAGE_SIZE = '2';
    try {
      const first = (await scoring.request(RPC.scoring.rankings, { period: YEAR, scope: 'all', format: 'xlsx' }, as(top))) as unknown as ExportPage;
      const last = (await scoring.request(RPC.scoring.rankings, { period: YEAR, scope: 'all', format: 'xlsx', cursor: first.next }, as(top))) as unknown as ExportPage;
      expect([first.rows.map((row) => row[0]), first.next, last.rows.map((row) => row[0]), last.next]).toEqual([[1, 2], '2', [3], null]);
    } finally {
      delete process.env.EXPORT_PAGE_SIZE;
    }
    // xlsx is the other export format (the same page); anything else is refused.
    expect((await scoring.refusal(RPC.scoring.rankings, { period: YEAR, scope: 'all', format: 'docx' }, as(top))).status).toBe(400);
  });

  it('a renamed department reads by its new name at once, without a recalculation', async () => {
    await scoring.seedDirectory({ departments: [{ ...districtB, name: '美兰区人民政府' }] });
    await waitUntil(async () => (await ranking('all')).items.find((i) => i.cadreId === second.id)?.departmentName === '美兰区人民政府', { timeoutMs: 10_000, what: 'the new department name' });
    expect((await ranking(`department:${districtB.id}`)).items).toEqual([expect.objectContaining({ cadreId: second.id, departmentName: '美兰区人民政府' })]);
    await scoring.seedDirectory({ departments: [districtB] });
    await waitUntil(async () => (await ranking('all')).items.find((i) => i.cadreId === second.id)?.departmentName === '美兰区', { timeoutMs: 10_000, what: 'the name back' });
  });

  it('q finds cadres by name, part of it or pinyin initials before paging, ranks kept; over 50 characters is 400 naming q', async () => {
    expect((await ranking('all', top, { q: '王海' })).items.map((i) => [i.cadreId, i.rank])).toEqual([[top.id, 1]]);
    expect(await ranking('all', top, { q: 'czq' })).toMatchObject({ items: [{ cadreId: third.id, rank: 3, name: third.name, departmentName: '龙华区' }], total: 1 });
    expect((await ranking(`department:${districtA.id}`, top, { q: '陈' })).items.map((i) => [i.cadreId, i.rank])).toEqual([[third.id, 2]]);
    // Paged after the filter: page 1 of size 1 is the match (unfiltered it would be the top), page 2 is empty.
    expect(await ranking('all', top, { q: 'lhm', page: 1, pageSize: 1 })).toMatchObject({ total: 1, items: [{ cadreId: second.id, rank: 2 }] });
    expect(await ranking('all', top, { q: 'lhm', page: 2, pageSize: 1 })).toMatchObject({ total: 1, items: [] });
    expect(await ranking('all', top, { q: '.*' })).toMatchObject({ items: [], total: 0 });
    expect((await ranking('all', top, { q: '  ' })).total).toBe(3);
    expect(await scoring.refusal(RPC.scoring.rankings, { period: YEAR, scope: 'all', q: '王'.repeat(51) }, as(top))).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'q' })] });
  });

  it('refuses a bad scope or period (400) and a missing caller (403)', async () => {
    expect(await scoring.refusal(RPC.scoring.rankings, { period: YEAR, scope: 'everyone' }, as(top))).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'scope' })] });
    // A department the directory does not know, or a malformed one: 400 naming scope (not an empty ranking).
    for (const scope of ['department:no-such-department', 'department:', 'department:a b', 'department:../x']) {
      expect(await scoring.refusal(RPC.scoring.rankings, { period: YEAR, scope }, as(top))).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'scope' })] });
    }
    expect(await scoring.refusal(RPC.scoring.rankings, { period: 'last-year', scope: 'all' }, as(top))).toMatchObject({ status: 400 });
    expect((await scoring.refusal(RPC.scoring.rankings, { period: YEAR, scope: 'all' })).status).toBe(403);
  });

  const tripled: ScoringStandard = { ...DEFAULT_SCORING_STANDARD, impactMultipliers: { ...DEFAULT_SCORING_STANDARD.impactMultipliers, city: 3 }, effectiveFrom: `${YEAR}-01-01`, note: '市级影响 ×3' };
  let draft: ScoringStandardView;

  it('standards: version 1 is the default and readable by anyone signed in; only an admin drafts a new one', async () => {
    const standards = await scoring.request<ScoringStandardView[]>(RPC.scoring.standardsList, {}, as(top));
    expect(standards.map((s) => [s.version, s.status, s.createdBy])).toEqual([[1, 'active', 'system']]);
    expect(await scoring.request(RPC.scoring.standardGet, { version: '1' }, as(reviewerA))).toMatchObject({ ...DEFAULT_SCORING_STANDARD, version: 1 });
    expect((await scoring.refusal(RPC.scoring.standardsList, {})).status).toBe(401);
    expect((await scoring.refusal(RPC.scoring.standardGet, { version: '9' }, as(top))).status).toBe(404);

    for (const who of [top, reviewerA, assessor]) expect((await scoring.refusal(RPC.scoring.standardCreate, tripled, as(who))).status).toBe(403);
    // Refused for the role before the body is read.
    expect((await scoring.refusal(RPC.scoring.standardCreate, { nonsense: true }, as(assessor))).status).toBe(403);
    const invalid = await scoring.refusal(RPC.scoring.standardCreate, { ...tripled, version: 7 }, as(admin));
    expect(invalid).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'version' })] });
    draft = await scoring.request<ScoringStandardView>(RPC.scoring.standardCreate, tripled, as(admin));
    expect(draft).toMatchObject({ ...tripled, version: 2, status: 'draft', createdBy: admin.id, activatedAt: null });
  });

  it('a dry run (admin only, of a draft) shows every cadre, named, before and after and changes nothing', async () => {
    for (const who of [top, reviewerA, assessor]) expect((await scoring.refusal(RPC.scoring.dryRun, { version: String(draft.version) }, as(who))).status).toBe(403);
    expect((await scoring.refusal(RPC.scoring.dryRun, { version: '99' }, as(admin))).status).toBe(404);
    expect((await scoring.refusal(RPC.scoring.dryRun, { version: '1' }, as(admin))).status).toBe(409);

    const dry = await scoring.request<DryRunView>(RPC.scoring.dryRun, { version: String(draft.version) }, as(admin));
    // city ×3 instead of ×2: 12 + 15 = 27; 28.80; 18.
    expect(dry).toEqual({
      version: draft.version,
      period: YEAR,
      cadres: [
        { cadreId: second.id, name: second.name, departmentId: districtB.id, departmentName: '美兰区', before: 19.2, after: 28.8, delta: 9.6 },
        { cadreId: third.id, name: third.name, departmentId: districtA.id, departmentName: '龙华区', before: 12, after: 18, delta: 6 },
        { cadreId: top.id, name: top.name, departmentId: bureauA1.id, departmentName: '龙华区发改局', before: 22, after: 27, delta: 5 },
      ],
      totals: { before: 53.2, after: 73.8, moved: 3 },
    });
    expect(await scoring.request(RPC.scoring.standardGet, { version: String(draft.version) }, as(admin))).toMatchObject({ status: 'draft' });
    expect(await scoreOf(second)).toMatchObject({ total: 19.2, standardVersion: 1 });
  });

  it('activation (admin only, of a draft) is a job that recomputes every score and ranking under the new version', async () => {
    for (const who of [top, reviewerA, assessor]) expect((await scoring.refusal(RPC.scoring.activate, { version: String(draft.version) }, as(who))).status).toBe(403);
    expect((await scoring.refusal(RPC.scoring.activate, { version: '99' }, as(admin))).status).toBe(404);
    expect((await scoring.refusal(RPC.scoring.activate, { version: '1' }, as(admin))).status).toBe(409);

    const accepted = await scoring.request<{ version: number; jobId: string }>(RPC.scoring.activate, { version: String(draft.version) }, as(admin));
    expect(accepted).toEqual({ version: draft.version, jobId: expect.any(String) });
    expect(await jobDone(accepted.jobId)).toMatchObject({ state: 'completed', progress: 100 });

    const standards = await scoring.request<ScoringStandardView[]>(RPC.scoring.standardsList, {}, as(top));
    expect(standards.map((s) => [s.version, s.status])).toEqual([
      [1, 'retired'],
      [draft.version, 'active'],
    ]);
    expect((await scoring.refusal(RPC.scoring.activate, { version: String(draft.version) }, as(admin))).status).toBe(409);
    expect((await scoring.refusal(RPC.scoring.dryRun, { version: String(draft.version) }, as(admin))).status).toBe(409);
    const score = await scoreOf(second);
    expect(score).toMatchObject({ total: 28.8, standardVersion: draft.version });
    expect(score.entries.every((e) => e.standardVersion === draft.version && e.explanation.includes('市级 ×3，评定 良好 ×1.2 = 28.80（基础 8）'))).toBe(true);
    const all = await ranking('all');
    expect(all).toMatchObject({ standardVersion: draft.version });
    expect(all.items.map((i) => [i.cadreId, i.points, i.change])).toEqual([
      [second.id, 28.8, 1],
      [top.id, 27, -1],
      [third.id, 18, 0],
    ]);
  });
});
