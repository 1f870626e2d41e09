/**
 * Statistics and portraits (统计分析, 画像) end to end, through the gateway's HTTP API: every figure of the overview,
 * the departments table, the portraits and the candidate shortlist equals an independent computation (support.ts)
 * from what the owning services answer through the same API (records with their history, the task board, teams,
 * the directory, `GET /scores/:id`); the analytics service stopped halfway through the scenario catches up after a
 * restart; every event delivered a second time changes nothing; a rebuild from the streams answers the same; who
 * may read what, bad queries, and the CSV exports.
 *
 * Real processes only: a private NATS+JetStream server, the five services from their build, FerretDB and Redis.
 * NATS is used directly only to read the streams and publish their events again (the redelivery test). FerretDB is
 * read directly only to wait for the directory replicas of the other services.
 *
 * Department tree: root (CITY) → district A → bureau A1; root → district B. Eight active cadres across all four
 * departments (plus one deactivated halfway), a reviewer per district, an assessor, a publisher per district and
 * two evaluators in bureau A1 (never conflicted: no team has a member there). The tests run in order and share
 * state: the first runs the first half of the scenario, the second stops analytics, runs the second half and
 * restarts it; the later ones read what the first two built.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { connect, JSONCodec, type NatsConnection } from 'nats';
import {
  STREAMS,
  candidatesViewSchema,
  currentScoringYear,
  departmentsViewSchema,
  overviewViewSchema,
  portraitViewSchema,
  rebuildViewSchema,
  type BidView,
  type CandidatesView,
  type DepartmentsView,
  type DepartmentView,
  type EventEnvelope,
  type OverviewView,
  type Page,
  type PortraitView,
  type RebuildView,
  type RecordDetailView,
  type ScoreUpdatedV1,
  type ScoreView,
  type TeamFormedV1,
  type TaskBatchView,
  type TaskView,
  type TaxonomyView,
  type TeamView,
  type UserView,
} from '@cadre/contracts';
import { expectInvalid, expectProblem, expectStatus, matchesSchema, parseCsv, pool, startPlatform, waitUntil, type Platform } from '@cadre/testing';
import { Model, nonIncreasing, normalCandidates, normalDepartments, normalOverview, normalPortrait, yearOf, type Truth } from './support';

jest.setTimeout(300_000);

const YEAR = currentScoringYear();
const DAY = 86_400_000;
const MILESTONES = [
  { name: '调研摸底', dueDate: new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10) },
  { name: '方案落地', dueDate: new Date(Date.now() + 60 * DAY).toISOString().slice(0, 10) },
];
const scores = (feasibility: number, innovation: number, capability: number, benefit: number) => ({ feasibility, innovation, capability, benefit });

type Detail = RecordDetailView;
type CadreKey = 'a1' | 'a2' | 'a3' | 'a4' | 'b1' | 'b2' | 'b3' | 'r1' | 'gone';
type UserKey = CadreKey | 'reviewerA' | 'reviewerB' | 'assessor' | 'pubA' | 'pubB' | 'eval1' | 'eval2';
type Who = UserKey | 'admin';

/** One GET the figures are read with, and what it must equal. */
interface Probe {
  key: string;
  who: Who;
  path: string;
  kind: 'overview' | 'departments' | 'portrait' | 'candidates';
  /** The department subtree the answer covers. */
  scope?: string;
  cadreId?: string;
  rankLevel?: string | null;
  limit?: number;
}

/** Canonical JSON: keys sorted, so two equal values give one text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v,
  );
}
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const withoutAsOf = (body: any) => {
  if (!body || typeof body !== 'object' || !('asOf' in body)) return body;
  const rest = { ...body };
  delete rest.asOf;
  return rest;
};

describe('analytics (统计分析 and 画像, end to end through the gateway)', () => {
  let platform: Platform;
  let suffix: string;
  let nc: NatsConnection;

  let root: DepartmentView;
  let districtA: DepartmentView;
  let bureauA1: DepartmentView;
  let districtB: DepartmentView;
  const users = {} as Record<UserKey, UserView>;
  const tokens = {} as Record<Who, string>;
  let batchA: TaskBatchView;
  let batchB: TaskBatchView;
  /** Every team the scenario forms (read back through `GET /teams/:id` for the independent computation). */
  const teamIds: string[] = [];
  /** The scenario's records and tasks by name. */
  const rec: Record<string, Detail> = {};
  const task: Record<string, TaskView> = {};
  let counter = 0;
  const next = () => `${suffix}-${++counter}`;

  const call: Platform['call'] = (method, path, options) => platform.call(method, path, options);
  const as = (who: Who) => platform.as(tokens[who]);

  // ── records: the loop, step by step (each expects success) ─────────────────────────────────────────
  const draft = (fields: Record<string, unknown>) => ({
    title: `履职纪实 ${next()}`,
    description: '依托专项工作取得实效。',
    periodStart: `${YEAR}-01-01`,
    periodEnd: `${YEAR}-01-31`, // at most today + 31 days on any day of the year
    impactLevel: 'city',
    ...fields,
  });
  const team = (lead: CadreKey, leadShare: number, others: [CadreKey, number][]) => [
    { userId: users[lead].id, role: 'lead', share: leadShare },
    ...others.map(([key, share]) => ({ userId: users[key].id, role: 'member', share })),
  ];
  const file = async (who: CadreKey, fields: Record<string, unknown>) => expectStatus(await as(who).post<Detail>('/records', draft(fields)), 201);
  const edit = async (who: CadreKey, record: Detail, fields: Record<string, unknown>) =>
    expectStatus(await as(who).patch<Detail>(`/records/${record.id}`, { version: record.version, ...fields }), 200);
  const submit = async (who: CadreKey, record: Detail) => expectStatus(await as(who).post<Detail>(`/records/${record.id}/submit`), 200);
  const review = async (who: Who, record: Detail, decision: 'approve' | 'return' | 'reject') =>
    expectStatus(await as(who).post<Detail>(`/records/${record.id}/review`, { decision, comment: decision === 'approve' ? '情况属实' : '请补充佐证' }), 200);
  const assess = async (record: Detail, body: Record<string, unknown>) => expectStatus(await as('assessor').post<Detail>(`/records/${record.id}/assess`, { comment: '研判', ...body }), 200);
  const revoke = async (record: Detail) => expectStatus(await as('admin').post<Detail>(`/records/${record.id}/revoke`, { reason: '佐证材料不实' }), 200);
  const reviewerOf = (who: CadreKey): Who => (users[who].departmentPath.includes(districtB.id) ? 'reviewerB' : 'reviewerA');
  /** File → submit → review (approve) → assess (confirm). */
  async function verified(who: CadreKey, fields: Record<string, unknown>, assessment: { rating: string; impactLevel?: string }): Promise<Detail> {
    const record = await file(who, fields);
    await submit(who, record);
    // Every co-participant confirms their share first: a review waits for them (issue #18 item 3).
    for (const p of record.participants.filter((p) => p.userId !== record.cadreId)) {
      const key = (Object.keys(users) as UserKey[]).find((k) => users[k].id === p.userId) as Who;
      expectStatus(await as(key).post(`/records/${record.id}/participation`, { decision: 'confirm' }), 200);
    }
    await review(reviewerOf(who), record, 'approve');
    const done = await assess(record, { decision: 'confirm', ...assessment });
    expect(done).toMatchObject({ status: 'verified', rating: assessment.rating });
    return done;
  }

  // ── tasks: the lifecycle, step by step (as in tasks.e2e.test.ts) ─────────────────────────────────────
  const taskBody = (batch: TaskBatchView, fields: Record<string, unknown>) => ({
    batchId: batch.id,
    title: `重点专项 ${next()}`,
    description: '需要跨部门攻坚的硬骨头任务。',
    domain: 'legacy',
    flags: ['hard'],
    goals: '一年内完成。',
    expectedResults: '形成可复制的机制。',
    milestones: MILESTONES,
    biddingDeadline: new Date(Date.now() + 7 * DAY).toISOString(),
    deliveryDeadline: new Date(Date.now() + 120 * DAY).toISOString(),
    rewardPoints: 100,
    evaluatorIds: [users.eval1.id, users.eval2.id],
    allowRace: false,
    ...fields,
  });
  const publisherOf = (batch: TaskBatchView): Who => (batch.id === batchA.id ? 'pubA' : 'pubB');
  const createTask = async (batch: TaskBatchView, fields: Record<string, unknown>) => expectStatus(await as(publisherOf(batch)).post<TaskView>('/tasks', taskBody(batch, fields)), 201);
  const lifecycle = async (who: Who, id: string, step: string, body: unknown = {}, status = 200) => expectStatus(await as(who).post<TaskView>(`/tasks/${id}/${step}`, body), status);
  async function formTeam(lead: CadreKey, others: [CadreKey, number][]): Promise<TeamView> {
    const leadShare = 100 - others.reduce((sum, [, share]) => sum + share, 0);
    let formed = expectStatus(await as(lead).post<TeamView>('/teams', { name: `攻坚队 ${next()}`, members: team(lead, leadShare, others) }), 201);
    for (const [key] of others) formed = expectStatus(await as(key).post<TeamView>(`/teams/${formed.id}/accept`), 200);
    expect(formed.formed).toBe(true);
    teamIds.push(formed.id);
    return formed;
  }
  /** Published, bid for by a new team, bidding closed, 评标 by both evaluators, awarded: in progress. */
  async function awardedTask(batch: TaskBatchView, fields: Record<string, unknown>, lead: CadreKey, others: [CadreKey, number][]): Promise<TaskView> {
    const publisher = publisherOf(batch);
    const created = await createTask(batch, fields);
    await lifecycle(publisher, created.id, 'publish');
    const formed = await formTeam(lead, others);
    const bid = expectStatus(
      await as(lead).post<BidView>(`/tasks/${created.id}/bids`, { teamId: formed.id, plan: '分三步推进。', expectedResults: '按期完成。', milestones: MILESTONES, commitment: '不获全胜，决不收兵。' }),
      201,
    );
    expect((await lifecycle(publisher, created.id, 'close-bidding')).status).toBe('evaluating');
    expectStatus(await as('eval1').post(`/bids/${bid.id}/evaluations`, { scores: scores(25, 15, 25, 15), comment: '' }), 201);
    expectStatus(await as('eval2').post(`/bids/${bid.id}/evaluations`, { scores: scores(27, 17, 26, 16), comment: '' }), 201);
    const awarded = await lifecycle(publisher, created.id, 'award', { bidIds: [bid.id] });
    expect(awarded.status).toBe('in_progress');
    return awarded;
  }
  /** Results by the lead, 评审 by both evaluators, conclusion: the reward is released. */
  async function conclude(batch: TaskBatchView, current: TaskView, lead: CadreKey, verdicts: [string, string]): Promise<TaskView> {
    expectStatus(await as(lead).post(`/tasks/${current.id}/results`, { summary: '已完成全部目标。', deliverables: [] }), 200);
    await lifecycle('eval1', current.id, 'reviews', { verdict: verdicts[0], comment: '' }, 201);
    await lifecycle('eval2', current.id, 'reviews', { verdict: verdicts[1], comment: '' }, 201);
    const concluded = await lifecycle(publisherOf(batch), current.id, 'conclude');
    expect(concluded.status).toBe('concluded');
    return concluded;
  }

  // ── the scenario ─────────────────────────────────────────────────────────────────────────────────

  /** Records in every state, two tasks taken to conclusion or award, one open, one unclaimed, one withdrawn draft. */
  async function firstHalf(): Promise<void> {
    // Drafts: one as filed, one edited to another first-level item.
    rec.draft = await file('a1', { itemCode: 'FTP-01', title: '零关税政策运用' });
    const party = await file('a3', { itemCode: 'PARTY-01', title: '基层党组织建设' });
    rec.edited = await edit('a3', party, { itemCode: 'INVEST-02', title: '重点项目落地' });
    expect(rec.edited).toMatchObject({ status: 'draft', itemCode: 'INVEST-02', firstLevelCode: 'INVEST' });
    // Waiting: one submitted, one reviewed (waiting for the assessor).
    rec.submitted = await submit('b1', await file('b1', { itemCode: 'BIZENV-01', impactLevel: 'national', title: '政务服务优化' }));
    const toReview = await file('a4', { itemCode: 'LIVELIHOOD-01', title: '社保扩面' });
    await submit('a4', toReview);
    rec.reviewed = await review('reviewerA', toReview, 'approve');
    // Returned by the reviewer, resubmitted, then verified (good, district).
    const returned = await file('b2', { itemCode: 'GOVERNANCE-01', impactLevel: 'district', title: '网格化治理' });
    await submit('b2', returned);
    await review('reviewerB', returned, 'return');
    await submit('b2', returned);
    await review('reviewerB', returned, 'approve');
    rec.resubmitted = await assess(returned, { decision: 'confirm', rating: 'good' });
    // Rejected.
    const rejected = await file('a2', { itemCode: 'RURAL-01', title: '特色农业' });
    await submit('a2', rejected);
    rec.rejected = await review('reviewerA', rejected, 'reject');
    // Verified with different ratings and impact levels (one corrected by the assessor), with co-participants.
    rec.excellent = await verified('a1', { itemCode: 'INVEST-03', impactLevel: 'district', title: '引进世界500强企业区域总部' }, { rating: 'excellent', impactLevel: 'province' });
    rec.shared = await verified('b1', { itemCode: 'PROJECT-01', title: '重点项目推进', participants: team('b1', 50, [['b2', 30], ['r1', 20]]) }, { rating: 'pass' });
    rec.none = await verified('b2', { itemCode: 'PETITION-01', title: '信访积案化解' }, { rating: 'none' });
    rec.revoked = await revoke(await verified('a3', { itemCode: 'HONOR-01', title: '上级表彰' }, { rating: 'good' }));
    rec.pair = await verified('a3', { itemCode: 'REFORM-01', impactLevel: 'unit', title: '审批制度改革', participants: team('a3', 70, [['a4', 30]]) }, { rating: 'excellent' });
    rec.education = await verified('a2', { itemCode: 'EDUCATION-01', impactLevel: 'district', title: '教师交流帮扶' }, { rating: 'good' });
    // Returned by the assessor, then resubmitted: waiting again.
    const sentBack = await file('b3', { itemCode: 'SAFETY-01', title: '安全隐患整治' });
    await submit('b3', sentBack);
    await review('reviewerB', sentBack, 'approve');
    await assess(sentBack, { decision: 'return' });
    rec.sentBack = await submit('b3', sentBack);
    expect(rec.revoked.status).toBe('revoked');

    // Tasks: concluded by a team across districts (legacy, hard, 100, pass) …
    task.first = await conclude(batchA, await awardedTask(batchA, { domain: 'legacy', flags: ['hard'], rewardPoints: 100, title: '破解老城区产权遗留难题' }, 'a1', [['b1', 40]]), 'a1', ['pass', 'pass']);
    // … awarded and in progress (industry, no flag, 80) …
    task.second = await awardedTask(batchB, { domain: 'industry', flags: [], rewardPoints: 80, title: '重点产业链补链强链' }, 'b3', [['a2', 50]]);
    // … open, unclaimed (closed without a bid), and a draft withdrawn before publication (never published).
    const open = await createTask(batchB, { domain: 'ftp', title: '自贸港制度集成创新' });
    task.open = await lifecycle('pubB', open.id, 'publish');
    const lonely = await createTask(batchB, { domain: 'livelihood', title: '老旧小区加装电梯' });
    await lifecycle('pubB', lonely.id, 'publish');
    task.unclaimed = await lifecycle('pubB', lonely.id, 'close-bidding');
    expect(task.unclaimed.status).toBe('unclaimed');
    const withdrawn = await createTask(batchA, { domain: 'institution', title: '事业单位改革' });
    task.withdrawn = await lifecycle('pubA', withdrawn.id, 'withdraw', { comment: '另行安排' });
    expect(task.withdrawn.status).toBe('withdrawn');
    task.draft = await createTask(batchA, { domain: 'institution', title: '尚未发布的任务' });
  }

  /** What happens while analytics is down: more transitions of every kind, a task concluded, a cadre deactivated. */
  async function secondHalf(): Promise<void> {
    await submit('a1', rec.draft);
    rec.draft = await review('reviewerA', rec.draft, 'reject');
    await review('reviewerB', rec.submitted, 'approve');
    rec.submitted = await assess(rec.submitted, { decision: 'confirm', rating: 'excellent' });
    rec.resubmitted = await revoke(rec.resubmitted);
    rec.livelihood = await verified('a2', { itemCode: 'LIVELIHOOD-02', title: '就业帮扶', participants: team('a2', 60, [['r1', 40]]) }, { rating: 'excellent' });
    rec.waiting = await submit('a4', await file('a4', { itemCode: 'ECOLOGY-01', title: '环境整治' }));
    await submit('a3', rec.edited);
    rec.edited = await review('reviewerA', rec.edited, 'return');
    expect(rec.edited).toMatchObject({ status: 'draft', itemCode: 'INVEST-02' });

    task.second = await conclude(batchB, task.second, 'b3', ['excellent', 'excellent']);
    task.third = await awardedTask(batchA, { domain: 'livelihood', flags: ['urgent'], rewardPoints: 60, title: '城乡供水一体化' }, 'b2', [['r1', 30], ['a1', 20]]);
    expectStatus(await as('admin').patch<UserView>(`/users/${users.gone.id}`, { active: false }), 200);
  }

  // ── the owning services' data ────────────────────────────────────────────────────────────────────

  async function paged<T>(who: Who, path: string): Promise<T[]> {
    const all: T[] = [];
    for (let page = 1; ; page++) {
      const reply = expectStatus(await as(who).get<Page<T>>(`${path}${path.includes('?') ? '&' : '?'}pageSize=100&page=${page}`), 200);
      all.push(...reply.items);
      if (reply.items.length === 0 || all.length >= reply.total) return all;
    }
  }

  const scoreOf = async (cadreId: string) => expectStatus(await as('admin').get<ScoreView>(`/scores/${cadreId}?period=${YEAR}`), 200);

  /**
   * Waits until scoring has entries for every verification and conclusion (and the reversal of every revocation),
   * then reads everything the independent computation needs.
   */
  async function readTruth(): Promise<Truth> {
    const records = await paged<Detail>('admin', '/records');
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    const board = await paged<{ id: string }>('admin', '/tasks');
    const tasks = await pool(board, 4, async (t) => expectStatus(await as('admin').get<TaskView>(`/tasks/${t.id}`), 200));
    const teams = await pool(teamIds, 4, async (id) => expectStatus(await as('admin').get<TeamView>(`/teams/${id}`), 200));
    const directory = await paged<UserView>('admin', '/users');
    const departments = expectStatus(await as('admin').get<{ items: DepartmentView[] }>('/departments'), 200).items;
    const taxonomy = expectStatus(await as('admin').get<TaxonomyView>('/taxonomy'), 200);
    const cadreIds = directory.filter((u) => u.roles.includes('cadre')).map((u) => u.id);

    // Every source scoring must have reported, per cadre.
    const due = new Map<string, { source: string; reversal: boolean }[]>();
    const owe = (cadreId: string, source: string, reversal: boolean) => due.set(cadreId, [...(due.get(cadreId) ?? []), { source, reversal }]);
    for (const r of records) {
      if (!r.history.some((h) => h.action === 'assess:confirm')) continue;
      for (const p of r.participants) owe(p.userId, r.id, r.status === 'revoked');
    }
    for (const t of tasks) if (t.status === 'concluded') for (const team of t.reward?.teams ?? []) for (const m of team.members) owe(m.userId, t.id, false);
    const scoresById = new Map<string, ScoreView>();
    let missing: string[] = [];
    await waitUntil(
      async () => {
        missing = [];
        await pool(cadreIds, 6, async (id) => {
          const score = await scoreOf(id);
          scoresById.set(id, score);
          for (const { source, reversal } of due.get(id) ?? []) {
            const entries = score.entries.filter((e) => e.source.id === source);
            if (entries.length === 0 || (reversal && !entries.some((e) => e.part === 'reversal'))) missing.push(`${id}:${source}${reversal ? ' (reversal)' : ''}`);
          }
        });
        return missing.length === 0;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'scoring to report every verification, conclusion and revocation' },
    ).catch((error) => {
      throw new Error(`${(error as Error).message}: ${missing.join(', ')}`);
    });
    return { year: YEAR, departments, users: directory, records, tasks, teams, scores: scoresById, taxonomy };
  }

  // ── the figures, read and compared ───────────────────────────────────────────────────────────────

  function probes(): Probe[] {
    const overview = (key: string, who: Who, scope: string, query = '') =>
      ({ key: `overview ${key}`, who, kind: 'overview', scope, path: `/analytics/overview?period=${YEAR}${query}` }) as Probe;
    const departmentsOf = (key: string, who: Who, scope: string, query = '') =>
      ({ key: `departments ${key}`, who, kind: 'departments', scope, path: `/analytics/departments?period=${YEAR}${query}` }) as Probe;
    const candidates = (key: string, who: Who, scope: string, rankLevel: string | null, limit: number, query: string) =>
      ({ key: `candidates ${key}`, who, kind: 'candidates', scope, rankLevel, limit, path: `/analytics/candidates?period=${YEAR}${query}` }) as Probe;
    const cadres: CadreKey[] = ['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'r1'];
    return [
      overview('admin', 'admin', root.id),
      overview('assessor', 'assessor', root.id),
      { key: 'overview admin (period omitted)', who: 'admin', kind: 'overview', scope: root.id, path: '/analytics/overview' },
      overview('reviewerA', 'reviewerA', districtA.id),
      overview('reviewerB', 'reviewerB', districtB.id),
      overview('admin/districtA', 'admin', districtA.id, `&departmentId=${districtA.id}`),
      overview('reviewerA/bureauA1', 'reviewerA', bureauA1.id, `&departmentId=${bureauA1.id}`),
      departmentsOf('admin', 'admin', root.id),
      departmentsOf('reviewerA', 'reviewerA', districtA.id),
      departmentsOf('reviewerB', 'reviewerB', districtB.id),
      departmentsOf('assessor/districtB', 'assessor', districtB.id, `&departmentId=${districtB.id}`),
      ...cadres.map((key) => ({ key: `portrait ${key}`, who: 'admin', kind: 'portrait', cadreId: users[key].id, path: `/analytics/cadres/${users[key].id}/portrait?period=${YEAR}` }) as Probe),
      candidates('admin', 'admin', root.id, null, 20, ''),
      candidates('assessor division', 'assessor', root.id, 'division', 20, '&rankLevel=division'),
      candidates('admin districtB', 'admin', districtB.id, null, 20, `&departmentId=${districtB.id}`),
      candidates('admin districtA section', 'admin', districtA.id, 'section', 20, `&departmentId=${districtA.id}&rankLevel=section`),
      candidates('admin top 2', 'admin', root.id, null, 2, '&limit=2'),
    ];
  }

  /** Every probe's answer (JSON, status 200). */
  async function snapshot(list: Probe[]): Promise<Map<string, any>> {
    const answers = new Map<string, any>();
    await pool(list, 6, async (probe) => answers.set(probe.key, expectStatus(await as(probe.who).get(probe.path), 200)));
    return answers;
  }

  /** The normal form of the expected answer of a probe (the actual answer decides only what the contract leaves open). */
  function expected(model: Model, probe: Probe, actual: any, now: Date): unknown {
    switch (probe.kind) {
      case 'overview':
        return normalOverview(model.overview(probe.scope!, actual?.points?.binWidth ?? 10, now));
      case 'departments':
        return normalDepartments(model.departments(probe.scope!, now));
      case 'portrait':
        return normalPortrait(model.portrait(probe.cadreId!));
      case 'candidates': {
        const full = model.candidates(probe.scope!, probe.rankLevel ?? null);
        // Whether cadres without points are listed is the service's choice; if any is, all are (up to the limit).
        const listsZeros = (actual?.items ?? []).some((i: { points: number }) => i.points === 0);
        return normalCandidates({ ...full, items: (listsZeros ? full.items : full.items.filter((i) => i.points > 0)).slice(0, probe.limit) });
      }
    }
  }

  function normal(probe: Probe, actual: any): unknown {
    switch (probe.kind) {
      case 'overview':
        return normalOverview(actual);
      case 'departments':
        return normalDepartments(actual);
      case 'portrait':
        return normalPortrait(actual);
      case 'candidates':
        return normalCandidates(actual);
    }
  }

  /** What the contract orders or bounds, checked on the answer as given. */
  function shapeProblems(model: Model, probe: Probe, actual: any): string[] {
    const problems: string[] = [];
    const need = (ok: boolean, what: string) => ok || problems.push(`${probe.key}: ${what}`);
    if (probe.kind === 'overview') {
      const view = actual as OverviewView;
      const { binWidth, histogram } = view.points;
      need(binWidth > 0, 'binWidth > 0');
      need(histogram.every((b) => b.from % binWidth === 0 && b.to === b.from + binWidth), 'every bin is [k·binWidth, (k+1)·binWidth)');
      need(nonIncreasing(histogram.map((b) => -b.from)) && new Set(histogram.map((b) => b.from)).size === histogram.length, 'bins ascending, each once');
      need(histogram.reduce((n, b) => n + b.cadres, 0) === view.points.cadres, 'the histogram counts every cadre of the scope');
      need(typeof view.asOf === 'object' && view.asOf !== null, 'asOf is reported');
    }
    if (probe.kind === 'portrait') {
      const view = actual as PortraitView;
      need(new Set(view.radar.map((r) => r.item)).size === view.radar.length, 'radar items are unique');
      for (const r of view.radar) {
        const name = model.itemName(r.item);
        need(name ? r.name === name : r.item === 'TASK' && typeof r.name === 'string' && r.name.length > 0, `radar ${r.item} is named by the taxonomy (${r.name})`);
      }
      need(view.strengths.length <= 3 && view.strengths.every((s) => s.points > 0), 'at most 3 strengths, each with points');
      need(nonIncreasing(view.strengths.map((s) => s.points)), 'strengths best first');
      need(view.strengths.every((s) => view.radar.some((r) => r.item === s.item && r.points === s.points)), 'strengths are radar points');
      need(nonIncreasing(view.timeline.map((t) => Date.parse(t.at))), 'timeline newest first');
      need(nonIncreasing(view.collaborators.map((c) => c.together)), 'collaborators most shared first');
      const months = view.trend.map((t) => t.month);
      need(months.every((m, i) => m.startsWith(`${YEAR}-`) && (i === 0 || months[i - 1] < m)), 'trend months of the period, ascending');
    }
    if (probe.kind === 'candidates') {
      const view = actual as CandidatesView;
      need(view.items.length <= probe.limit!, `at most ${probe.limit} names`);
      need(nonIncreasing(view.items.map((i) => i.points)), 'ordered by points');
      for (const item of view.items) {
        need(item.evidence.records.length <= 5 && nonIncreasing(item.evidence.records.map((r) => r.points ?? 0)), `${item.name}: at most 5 records, most points first`);
        need(item.evidence.tasks.length <= 5 && nonIncreasing(item.evidence.tasks.map((t) => t.points ?? 0)), `${item.name}: at most 5 tasks, most points first`);
      }
    }
    return problems;
  }

  /**
   * Polls every probe until each answer equals the independent computation from `truth` (analytics lags the
   * owning services by the events in flight); on timeout, fails with the differences.
   */
  async function expectFiguresMatch(truth: Truth, timeoutMs: number): Promise<Map<string, any>> {
    const model = new Model(truth);
    const list = probes();
    let last = new Map<string, any>();
    let mismatched: string[] = [];
    let problems: string[] = [];
    const matches = async () => {
      last = await snapshot(list).catch((error) => {
        mismatched = [`(a read failed: ${(error as Error).message})`];
        return new Map();
      });
      if (last.size < list.length) return false;
      const now = new Date();
      mismatched = list.filter((p) => canonical(normal(p, last.get(p.key))) !== canonical(plain(expected(model, p, last.get(p.key), now)))).map((p) => p.key);
      problems = list.flatMap((p) => shapeProblems(model, p, last.get(p.key)));
      return mismatched.length === 0 && problems.length === 0;
    };
    try {
      await waitUntil(matches, { timeoutMs, intervalMs: 1_000, what: 'every analytics figure to equal the independent computation' });
    } catch (error) {
      if (last.size < list.length) throw new Error(`${(error as Error).message}: ${mismatched.join('; ')}`);
      const now = new Date();
      // The differences, probe by probe, as jest diffs (every one, not only the first).
      const diffs: string[] = [];
      for (const key of mismatched) {
        const probe = list.find((p) => p.key === key)!;
        try {
          expect({ probe: key, answer: plain(normal(probe, last.get(key))) }).toEqual({ probe: key, answer: plain(expected(model, probe, last.get(key), now)) });
        } catch (difference) {
          diffs.push((difference as Error).message);
        }
      }
      throw new Error(
        [`${(error as Error).message}: ${mismatched.length} answers differ (${mismatched.join(', ')})`, ...problems.map((p) => `order/shape: ${p}`), ...diffs].join('\n\n'),
      );
    }
    return last;
  }

  /** Every probe's answer without `asOf`, for comparisons of "the same answers". */
  async function answers(): Promise<Map<string, string>> {
    const found = await snapshot(probes());
    return new Map([...found].map(([key, body]) => [key, canonical(withoutAsOf(body))]));
  }

  function expectSameAnswers(after: Map<string, string>, before: Map<string, string>): void {
    const differing = [...before.keys()].filter((key) => after.get(key) !== before.get(key));
    for (const key of differing) expect({ probe: key, answer: JSON.parse(after.get(key)!) }).toEqual({ probe: key, answer: JSON.parse(before.get(key)!) });
    expect(differing).toEqual([]);
  }

  // ── set-up ───────────────────────────────────────────────────────────────────────────────────────

  async function createUser(key: UserKey, department: DepartmentView, roles: string[], name: string, rankLevel = 'section', title = '科员'): Promise<void> {
    ({ user: users[key], token: tokens[key] } = await platform.createUser(key, { departmentId: department.id, roles, name, rankLevel, title }));
  }

  const replicaKnowsEveryone = (service: 'records' | 'scoring' | 'tasks') => platform.replicasKnow(Object.values(users).map((user) => user.id), [service]);

  beforeAll(async () => {
    // A clean stop at the end, or a kill when it takes too long (the failure of a test must not hang the file).
    platform = await startPlatform({ name: 'analytics-e2e', killAfterMs: 20_000 });
    suffix = platform.suffix;
    nc = await connect({ servers: platform.nats.url });

    tokens.admin = platform.adminToken;
    root = await platform.rootDepartment();
    expect(root).toBeDefined();
    districtA = await platform.createDepartment('甲区', 'DISTA', root.id);
    bureauA1 = await platform.createDepartment('甲区商务局', 'BUREAUA1', districtA.id);
    districtB = await platform.createDepartment('乙区', 'DISTB', root.id);

    await Promise.all([
      createUser('a1', districtA, ['cadre'], '干部甲一', 'division', '副区长'),
      createUser('a2', districtA, ['cadre'], '干部甲二', 'section', '科长'),
      createUser('a3', bureauA1, ['cadre'], '干部甲三', 'section', '副局长'),
      createUser('a4', bureauA1, ['cadre'], '干部甲四', 'staff'),
      createUser('b1', districtB, ['cadre'], '干部乙一', 'division', '区长助理'),
      createUser('b2', districtB, ['cadre'], '干部乙二', 'section', '科长'),
      createUser('b3', districtB, ['cadre'], '干部乙三', 'staff'),
      createUser('r1', root, ['cadre'], '干部市一', 'division', '处长'),
      createUser('gone', districtB, ['cadre'], '干部乙四', 'staff'),
      createUser('reviewerA', districtA, ['reviewer'], '审核员甲'),
      createUser('reviewerB', districtB, ['reviewer'], '审核员乙'),
      createUser('assessor', root, ['assessor'], '研判员'),
      createUser('pubA', districtA, ['publisher'], '甲区发榜员'),
      createUser('pubB', districtB, ['publisher'], '乙区发榜员'),
      createUser('eval1', bureauA1, ['evaluator'], '评审专家一'),
      createUser('eval2', bureauA1, ['evaluator'], '评审专家二'),
    ]);
    await Promise.all([replicaKnowsEveryone('records'), replicaKnowsEveryone('scoring')]);
    // Softly, as tasks.e2e.test.ts does: a tasks service that looks users up another way passes straight on.
    await replicaKnowsEveryone('tasks').catch(() => undefined);

    batchA = expectStatus(await as('pubA').post<TaskBatchView>('/task-batches', { name: `第一批 ${suffix}`, description: '甲区揭榜挂帅' }), 201);
    batchB = expectStatus(await as('pubB').post<TaskBatchView>('/task-batches', { name: `第二批 ${suffix}`, description: '乙区揭榜挂帅' }), 201);
  });

  afterAll(async () => {
    await nc?.drain().catch(() => undefined);
    await platform?.stop();
  });

  // ── 1. the scenario, first half: every figure equals the independent computation ─────────────────────

  it('after records in every state and tasks in every state, every figure equals an independent computation from the owning services', async () => {
    await firstHalf();
    const truth = await readTruth();

    // The scenario is what it claims to be: every record state, tasks concluded, in progress, open, unclaimed.
    expect(new Set(truth.records.map((r) => r.status))).toEqual(new Set(['draft', 'submitted', 'reviewed', 'verified', 'rejected', 'revoked']));
    expect(truth.tasks.filter((t) => t.publishedAt).map((t) => t.status).sort()).toEqual(['concluded', 'in_progress', 'open', 'unclaimed']);
    expect(truth.tasks.find((t) => t.id === task.withdrawn.id) ?? { publishedAt: null }).toMatchObject({ publishedAt: null });
    const model = new Model(truth);
    expect(model.overview(root.id, 10, new Date()).review).toMatchObject({ returned: 2, rejected: 1, verified: 7 });

    const found = await expectFiguresMatch(truth, 150_000);

    // A few figures spelled out, besides the computation: the worked example of docs/DOMAIN.md §3 for the team task.
    const a1 = found.get('portrait a1') as PortraitView;
    expect(a1.timeline.find((t) => t.id === task.first.id)).toMatchObject({ kind: 'task', role: 'lead', share: 60, rating: 'pass', points: 102, category: 'legacy' });
    expect(a1.timeline.find((t) => t.id === rec.excellent.id)).toMatchObject({ kind: 'record', rating: 'excellent', impactLevel: 'province', points: 36, category: 'INVEST-03' });
    expect(a1.total).toBe(138);
    const overview = found.get('overview admin') as OverviewView;
    expect(overview.records.byStatus).toMatchObject({ draft: 2, submitted: 2, reviewed: 1, verified: 6, rejected: 1, revoked: 1 });
    expect(overview.tasks).toMatchObject({ published: 4, claimed: 2, concluded: 1, shareClaimed: 0.5, shareConcluded: 0.25 });
    expect(overview.review.backlog.count).toBe(3);
  });

  // ── 2. stopped halfway, restarted: it catches up ────────────────────────────────────────────────────

  it('stopped during the scenario and restarted, analytics catches up: every figure equals the independent computation again', async () => {
    expect(await platform.services.analytics.stop()).toBe(0);
    expectProblem(await as('admin').get(`/analytics/overview?period=${YEAR}`), 503);

    await secondHalf();

    await platform.startAgain('analytics');
    const truth = await readTruth();
    expect(truth.tasks.filter((t) => t.publishedAt).map((t) => t.status).sort()).toEqual(['concluded', 'concluded', 'in_progress', 'open', 'unclaimed']);
    expect(truth.users.find((u) => u.id === users.gone.id)).toMatchObject({ active: false });
    const found = await expectFiguresMatch(truth, 180_000);

    // docs/DOMAIN.md §3 for the second team: 80 × excellent 1.2 = 96; the lead with 50% gets 9.6 + 38.4 + 9.6 (bonus).
    expect((found.get('portrait b3') as PortraitView).timeline.find((t) => t.id === task.second.id)).toMatchObject({ kind: 'task', role: 'lead', share: 50, points: 57.6, rating: 'excellent' });
    // The revoked record left the timeline of its filer; the deactivated cadre is no longer counted.
    expect((found.get('portrait b2') as PortraitView).timeline.map((t) => t.id)).not.toContain(rec.resubmitted.id);
    expect((found.get('overview reviewerB') as OverviewView).points.cadres).toBe(3);
  });

  // ── 3. every event delivered twice ──────────────────────────────────────────────────────────────────

  /** Every message a stream holds now, in order. */
  async function streamMessages(stream: string): Promise<{ subject: string; data: Uint8Array; envelope: EventEnvelope }[]> {
    const jsm = await nc.jetstreamManager();
    const { state } = await jsm.streams.info(stream);
    const messages: { subject: string; data: Uint8Array; envelope: EventEnvelope }[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const message = await jsm.streams.getMessage(stream, { seq });
      messages.push({ subject: message.subject, data: message.data, envelope: JSONCodec<EventEnvelope>().decode(message.data) });
    }
    return messages;
  }

  /** The newest event of `type` matching `pick` on `stream` (by `order`). */
  async function lastEvent<T>(stream: string, type: string, pick: (data: T) => boolean, order: (data: T) => number): Promise<EventEnvelope<T>> {
    const found = (await streamMessages(stream))
      .map((m) => m.envelope as EventEnvelope<T>)
      .filter((e) => e.type === type && pick(e.data))
      .sort((a, b) => order(a.data) - order(b.data));
    if (!found.length) throw new Error(`no ${type} on ${stream}`);
    return found[found.length - 1];
  }

  /**
   * Proves that analytics has applied everything each stream holds now. Analytics reads each stream in order, so a
   * change made after the last message, once visible, proves every message before it was applied. Each change is
   * undone at once (and waited for too), so the answers end as they were:
   * - DIRECTORY: district B renamed and named back (through the API);
   * - RECORDS: a draft moved to another first-level item and back (through the API);
   * - TASKS: a team's `tasks.team.formed` published again under a newer version with another name, then with its own;
   * - SCORING: a cadre's last `scoring.score.updated` again with a newer revision and one point more, then as it was.
   */
  async function provenCaughtUp(): Promise<void> {
    const js = nc.jetstream();
    const until = (what: string, probe: () => Promise<boolean>) => waitUntil(probe, { timeoutMs: 180_000, intervalMs: 500, what: `${what} (analytics applying everything before it)` });
    const departmentsOf = async () => matchesSchema(departmentsViewSchema, expectStatus(await as('admin').get<DepartmentsView>(`/analytics/departments?period=${YEAR}`), 200));
    const overviewOf = async () => matchesSchema(overviewViewSchema, expectStatus(await as('admin').get<OverviewView>(`/analytics/overview?period=${YEAR}`), 200));
    const portraitOf = async (id: string) => matchesSchema(portraitViewSchema, expectStatus(await as('admin').get<PortraitView>(`/analytics/cadres/${id}/portrait?period=${YEAR}`), 200));
    const publish = async (envelope: EventEnvelope) => expect((await js.publish(envelope.type, JSONCodec().encode(envelope), { msgID: envelope.eventId })).duplicate).toBe(false);
    const copy = <T>(of: EventEnvelope<T>, data: T): EventEnvelope<T> => ({ ...of, eventId: randomUUID(), occurredAt: new Date().toISOString(), data });

    // DIRECTORY.
    const named = (name: string) => async () => (await departmentsOf()).items.find((d) => d.departmentId === districtB.id)?.departmentName === name;
    expectStatus(await as('admin').patch(`/departments/${districtB.id}`, { name: '乙区（复核）' }), 200);
    await until('the renamed district B', named('乙区（复核）'));
    expectStatus(await as('admin').patch(`/departments/${districtB.id}`, { name: '乙区' }), 200);
    await until('district B named back', named('乙区'));

    // RECORDS.
    const items = (await overviewOf()).records.byItem;
    const current = expectStatus(await as('a3').get<Detail>(`/records/${rec.edited.id}`), 200);
    expect(current).toMatchObject({ status: 'draft', firstLevelCode: 'INVEST' });
    const moved = await edit('a3', current, { itemCode: 'HONOR-02' });
    await until('the draft counted under HONOR', async () => {
      const now = (await overviewOf()).records.byItem;
      return (now.HONOR ?? 0) === (items.HONOR ?? 0) + 1 && (now.INVEST ?? 0) === (items.INVEST ?? 0) - 1;
    });
    await edit('a3', moved, { itemCode: current.itemCode });
    await until('the draft counted under INVEST again', async () => isDeepStrictEqual((await overviewOf()).records.byItem, items));

    // TASKS: the first task's team, in its lead's portrait.
    const teamId = task.first.reward!.teams[0].teamId;
    const lead = users.a1.id;
    const formed = await lastEvent<TeamFormedV1>(STREAMS.TASKS.name, 'tasks.team.formed', (d) => d.teamId === teamId, (d) => d.version);
    const teamName = async () => (await portraitOf(lead)).teams.find((t) => t.teamId === teamId)?.teamName;
    const name = await teamName();
    expect(name).toBe(formed.data.teamName);
    await publish(copy(formed, { ...formed.data, teamName: `${formed.data.teamName}（核对）`, version: formed.data.version + 1 }));
    await until('the renamed team', async () => (await teamName()) === `${formed.data.teamName}（核对）`);
    await publish(copy(formed, { ...formed.data, version: formed.data.version + 2 }));
    await until('the team named back', async () => (await teamName()) === name);

    // SCORING: the second task's lead.
    const cadreId = users.b3.id;
    const report = await lastEvent<ScoreUpdatedV1>(STREAMS.SCORING.name, 'scoring.score.updated', (d) => d.cadreId === cadreId && d.period === YEAR, (d) => d.revision);
    await until('the last reported score', async () => (await portraitOf(cadreId)).total === report.data.total);
    const total = report.data.total;
    // Newer than anything scoring emits for a while (its revisions are its clock): nothing overtakes the two copies.
    const revision = Date.now() + 600_000;
    const { byItem, totalHundredths } = report.data;
    await publish(copy(report, { ...report.data, total: (totalHundredths + 100) / 100, totalHundredths: totalHundredths + 100, byItem: { ...byItem, TASK: (byItem.TASK ?? 0) + 100 }, revision }));
    await until('the raised score', async () => (await portraitOf(cadreId)).total === (totalHundredths + 100) / 100);
    await publish(copy(report, { ...report.data, revision: revision + 1 }));
    await until('the score as it was', async () => (await portraitOf(cadreId)).total === total);
  }

  it('every event of the RECORDS, TASKS, SCORING and DIRECTORY streams delivered a second time changes nothing', async () => {
    await provenCaughtUp();
    const before = await answers();

    // Every message of each stream again: the same envelope, to the same subject, under a new Nats-Msg-Id, so
    // JetStream stores it and every consumer gets it a second time.
    const js = nc.jetstream();
    const again: Record<string, number> = {};
    for (const stream of [STREAMS.DIRECTORY.name, STREAMS.RECORDS.name, STREAMS.TASKS.name, STREAMS.SCORING.name]) {
      const messages = await streamMessages(stream);
      expect(messages.length).toBeGreaterThan(0);
      for (const { subject, data, envelope } of messages) {
        const ack = await js.publish(subject, data, { msgID: `${envelope.eventId}:again:${randomUUID()}` });
        expect(ack.duplicate).toBe(false);
      }
      again[stream] = messages.length;
    }
    expect(Object.values(again).every((n) => n > 0)).toBe(true);

    await provenCaughtUp();
    expectSameAnswers(await answers(), before);
    // And the service is still up.
    expect((await fetch(`http://127.0.0.1:${platform.services.analytics.opsPort}/healthz`)).ok).toBe(true);
  });

  // ── 4. a rebuild ─────────────────────────────────────────────────────────────────────────────────────

  it('a rebuild from the streams (admin only) swaps in a generation that gives the same answers', async () => {
    for (const who of ['assessor', 'reviewerA', 'a1'] as const) {
      expectProblem(await as(who).post('/analytics/rebuild'), 403);
      expectProblem(await as(who).get('/analytics/rebuild'), 403);
    }
    expectProblem(await call('POST', '/analytics/rebuild'), 401);
    expectInvalid(await as('admin').post('/analytics/rebuild', { force: true }), ['force'], true);

    const before = await answers();
    const status = matchesSchema(rebuildViewSchema, expectStatus(await as('admin').get<RebuildView>('/analytics/rebuild'), 200));
    const accepted = matchesSchema(rebuildViewSchema, expectStatus(await as('admin').post<RebuildView>('/analytics/rebuild'), 202));
    expect(accepted.generation).toBeGreaterThan(status.liveGeneration);
    expect(['replaying', 'writing', 'catching-up', 'swapped']).toContain(accepted.state);
    expect(accepted.liveGeneration).toBe(status.liveGeneration);

    let seen: RebuildView | undefined;
    const done = await waitUntil(
      async () => {
        const now = (seen = expectStatus(await as('admin').get<RebuildView>('/analytics/rebuild'), 200));
        if (now.state === 'failed') throw new Error(`the rebuild failed: ${now.error}`);
        return now.generation === accepted.generation && now.state === 'swapped' ? now : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 500, what: 'the rebuild to swap' },
    ).catch((error) => {
      if (/the rebuild failed/.test((error as Error).message)) throw error;
      throw new Error(`${(error as Error).message}; last seen: ${JSON.stringify(seen)}\n--- analytics output ---\n${platform.services.analytics.output().slice(-4_000)}`);
    });
    expect(done).toMatchObject({ generation: accepted.generation, liveGeneration: accepted.generation, error: null, startedAt: expect.any(String), finishedAt: expect.any(String) });
    expect(Date.parse(done.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(done.startedAt!));
    for (const stream of [STREAMS.RECORDS.name, STREAMS.TASKS.name, STREAMS.SCORING.name]) expect(done.events[stream]).toBeGreaterThan(0);

    expectSameAnswers(await answers(), before);
  });

  // ── 5. who may read what; bad queries; CSV ─────────────────────────────────────────────────────────

  it('dashboards are for reviewers (their subtree), assessors and admins; the shortlist for assessors and admins', async () => {
    for (const who of ['a1', 'r1', 'pubA', 'eval1'] as const) {
      expectProblem(await as(who).get('/analytics/overview'), 403);
      expectProblem(await as(who).get('/analytics/departments'), 403);
      expectProblem(await as(who).get('/analytics/candidates'), 403);
    }
    for (const who of ['reviewerA', 'reviewerB'] as const) expectProblem(await as(who).get('/analytics/candidates'), 403);
    for (const path of ['/analytics/overview', '/analytics/departments', '/analytics/candidates', `/analytics/cadres/${users.a1.id}/portrait`]) expectProblem(await call('GET', path), 401);

    // A reviewer sees their own subtree, nothing above or beside it.
    const truth = await readTruth();
    const model = new Model(truth);
    const mine = expectStatus(await as('reviewerA').get<OverviewView>(`/analytics/overview?period=${YEAR}`), 200);
    expect(mine.scope).toEqual({ departmentId: districtA.id, departmentName: '甲区' });
    expect(mine.records.total).toBe(truth.records.filter((r) => r.departmentPath.includes(districtA.id) && yearOf(r.createdAt) === YEAR).length);
    expect(mine.records.total).toBeLessThan(truth.records.length);
    expect(mine.points.cadres).toBe(model.cadres(districtA.id).length);
    expect(mine.records.byDepartment.every((d) => [districtA.id, bureauA1.id].includes(d.departmentId))).toBe(true);
    const rows = expectStatus(await as('reviewerA').get<DepartmentsView>(`/analytics/departments?period=${YEAR}`), 200);
    expect(rows.items.map((d) => d.departmentId).sort()).toEqual([districtA.id, bureauA1.id].sort());
    expect(rows.total).toBe(2);
    for (const path of ['overview', 'departments']) {
      expectProblem(await as('reviewerA').get(`/analytics/${path}?departmentId=${districtB.id}`), 403);
      expectProblem(await as('reviewerA').get(`/analytics/${path}?departmentId=${root.id}`), 403);
      expectProblem(await as('reviewerB').get(`/analytics/${path}?departmentId=${bureauA1.id}`), 403);
      expect(expectStatus(await as('reviewerA').get(`/analytics/${path}?departmentId=${bureauA1.id}`), 200).scope).toEqual({ departmentId: bureauA1.id, departmentName: '甲区商务局' });
      expectProblem(await as('admin').get(`/analytics/${path}?departmentId=no-such-department`), 404);
    }
    // Assessors and admins read the whole city, and any subtree.
    for (const who of ['assessor', 'admin'] as const) {
      expect(expectStatus(await as(who).get<OverviewView>(`/analytics/overview?period=${YEAR}`), 200).scope.departmentId).toBe(root.id);
      expect(expectStatus(await as(who).get<OverviewView>(`/analytics/overview?period=${YEAR}&departmentId=${districtB.id}`), 200).scope.departmentId).toBe(districtB.id);
      expect(expectStatus(await as(who).get<CandidatesView>(`/analytics/candidates?period=${YEAR}`), 200).total).toBe(model.cadres().length);
    }
  });

  it('a portrait is for the cadre, reviewers of the cadre’s subtree, assessors and admins; an unknown cadre is 404', async () => {
    const own = (who: Who, id: string) => as(who).get<PortraitView>(`/analytics/cadres/${id}/portrait?period=${YEAR}`);
    const a3 = users.a3.id; // bureau A1, under district A
    const reference = expectStatus(await own('admin', a3), 200);
    for (const who of ['a3', 'reviewerA', 'assessor'] as const) expect(expectStatus(await own(who, a3), 200)).toEqual(reference);
    for (const who of ['a1', 'a4', 'b1', 'reviewerB', 'pubA', 'eval1'] as const) expectProblem(await own(who, a3), 403);
    // The other way round: district A's reviewer may not read a district B cadre; the root cadre only city-wide roles.
    expectProblem(await own('reviewerA', users.b1.id), 403);
    expectStatus(await own('reviewerB', users.b1.id), 200);
    expectProblem(await own('reviewerA', users.r1.id), 403);
    expectStatus(await own('r1', users.r1.id), 200);
    expectProblem(await own('admin', 'no-such-cadre'), 404);
  });

  it('bad queries are refused with 400 naming the field', async () => {
    const bad: [string, string[]][] = [
      ['/analytics/overview?period=abc', ['period']],
      ['/analytics/overview?period=1999', ['period']],
      ['/analytics/overview?colour=red', ['colour']],
      ['/analytics/overview?format=docx', ['format']],
      ['/analytics/departments?period=2026-01', ['period']],
      ['/analytics/departments?colour=red', ['colour']],
      [`/analytics/cadres/${users.a1.id}/portrait?period=abc`, ['period']],
      [`/analytics/cadres/${users.a1.id}/portrait?departmentId=${districtA.id}`, ['departmentId']],
      ['/analytics/candidates?limit=0', ['limit']],
      ['/analytics/candidates?limit=101', ['limit']],
      ['/analytics/candidates?limit=ten', ['limit']],
      ['/analytics/candidates?rankLevel=general', ['rankLevel']],
      ['/analytics/candidates?period=abc&limit=0', ['limit', 'period']],
      ['/analytics/candidates?colour=red', ['colour']],
    ];
    for (const [path, fields] of bad) {
      const problem = expectInvalid(await as('admin').get(path), fields, true);
      expect({ path, fields: problem.errors!.map((e) => e.path).sort() }).toEqual({ path, fields: [...fields].sort() });
    }
    // Operator-looking keys never reach a filter.
    expectProblem(await call('GET', '/analytics/overview?departmentId[$ne]=x', { token: tokens.admin }), 400);
  });

  it('every table answers ?format=csv: text/csv, UTF-8 with a BOM, a header row, one line per row', async () => {
    const csv = async (who: Who, path: string) => {
      const response = await fetch(`${platform.apiUrl}${path}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
      const bytes = new Uint8Array(await response.arrayBuffer());
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${text.slice(0, 500)}`);
      expect({ path, contentType: response.headers.get('content-type'), bom: [...bytes.subarray(0, 3)] }).toEqual({ path, contentType: expect.stringMatching(/^text\/csv/), bom: [0xef, 0xbb, 0xbf] });
      const rows = parseCsv(text.slice(1));
      expect(rows.length).toBeGreaterThan(0);
      // Every line has the header's columns.
      expect({ path, widths: [...new Set(rows.map((r) => r.length))] }).toEqual({ path, widths: [rows[0].length] });
      return { header: rows[0], lines: rows.slice(1) };
    };

    const departments = expectStatus(await as('admin').get<DepartmentsView>(`/analytics/departments?period=${YEAR}`), 200);
    const table = await csv('admin', `/analytics/departments?period=${YEAR}&format=csv`);
    expect(table.header.join(',')).toMatch(/单位/);
    expect(table.header.join(',')).toMatch(/干部/);
    expect(table.header.join(',')).toMatch(/积分/);
    expect(table.header.some((cell) => departments.items.some((d) => cell === d.departmentId || cell === d.departmentName))).toBe(false);
    expect(table.lines).toHaveLength(departments.items.length);
    for (const row of departments.items) {
      const line = table.lines.find((l) => l.includes(row.departmentName));
      expect({ department: row.departmentName, cells: line && [String(row.cadres), String(row.records), String(row.points)].every((v) => line.includes(v)) }).toEqual({ department: row.departmentName, cells: true });
    }

    const candidates = matchesSchema(candidatesViewSchema, expectStatus(await as('assessor').get<CandidatesView>(`/analytics/candidates?period=${YEAR}`), 200));
    const shortlist = await csv('assessor', `/analytics/candidates?period=${YEAR}&format=csv`);
    expect(shortlist.header.join(',')).toMatch(/姓名/);
    expect(shortlist.header.join(',')).toMatch(/积分/);
    expect(shortlist.lines).toHaveLength(candidates.items.length);
    candidates.items.forEach((item, i) => expect(shortlist.lines[i]).toEqual(expect.arrayContaining([item.name, String(item.points)])));

    const overview = expectStatus(await as('reviewerB').get<OverviewView>(`/analytics/overview?period=${YEAR}`), 200);
    const figures = await csv('reviewerB', `/analytics/overview?period=${YEAR}&format=csv`);
    expect(figures.header.length).toBeGreaterThanOrEqual(2);
    expect(figures.lines.length).toBeGreaterThanOrEqual(Object.keys(overview.records.byItem).length + Object.keys(overview.records.byStatus).length);
    for (const code of Object.keys(overview.records.byItem)) expect(figures.lines.some((l) => l.includes(code))).toBe(true);

    const portrait = expectStatus(await as('a1').get<PortraitView>(`/analytics/cadres/${users.a1.id}/portrait?period=${YEAR}`), 200);
    const sheet = await csv('a1', `/analytics/cadres/${users.a1.id}/portrait?period=${YEAR}&format=csv`);
    expect(sheet.header.length).toBeGreaterThanOrEqual(2);
    expect(sheet.lines.length).toBeGreaterThanOrEqual(portrait.timeline.length + portrait.teams.length + portrait.collaborators.length);
    for (const entry of portrait.timeline) expect(sheet.lines.some((l) => l.includes(entry.id) || l.includes(entry.title))).toBe(true);

    // The CSV follows the same rules as the JSON.
    const refused = await fetch(`${platform.apiUrl}/analytics/candidates?format=csv`, { headers: { authorization: `Bearer ${tokens.reviewerA}` } });
    expect(refused.status).toBe(403);
  });
});
