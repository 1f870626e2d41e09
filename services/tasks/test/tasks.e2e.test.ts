/**
 * Key-task marketplace (揭榜挂帅) end to end, through the gateway's HTTP API only: the whole lifecycle of a task
 * for one team formed across departments (publish → team → bid → close bidding → 评标 → award → progress →
 * results → 评审 → conclude), everything on the public board (全程公开); a race (赛马) of two teams; 回避 of
 * conflicted evaluators for 评标 and 评审, and a conclusion that waits only for the unconflicted; teams and
 * their invitations; transitions from the wrong state (409); publisher-only actions (403, also for a publisher
 * of another department); input hardening (400 naming the field, nothing stored); the bidding-deadline job;
 * the concluded event on JetStream.
 *
 * Real processes only: a private NATS+JetStream server, the five services from their build (the gateway is
 * ready only when every service answers), FerretDB and Redis. FerretDB is read directly only to wait for the
 * directory replica and to prove that refused team input stored nothing.
 *
 * Department tree: root (CITY) → district A → bureau A1; root → district B; root → district C (the home of
 * the unconflicted evaluators: no team member is ever in district C). An evaluator at the root is conflicted
 * with every team.
 */
import { randomBytes } from 'node:crypto';
import { connect, JSONCodec, type NatsConnection } from 'nats';
import {
  STREAMS,
  bidViewSchema,
  myBidPageViewSchema,
  teamPageViewSchema,
  taskBatchPageViewSchema,
  taskBatchViewSchema,
  taskSummaryPageViewSchema,
  taskViewSchema,
  teamViewSchema,
  type BidView,
  type DepartmentView,
  type EventEnvelope,
  type Page,
  type Problem,
  type TaskBatchView,
  type TaskConcludedV1,
  type TaskSummaryView,
  type TaskView,
  type TeamView,
  type UserView,
} from '@cadre/contracts';
import {
  PROBLEM_CONTENT_TYPE as PROBLEM,
  errorPaths,
  expectInvalid,
  expectProblem,
  expectStatus,
  matchesSchema,
  startPlatform,
  waitUntil,
  type Platform,
  type Reply,
} from '@cadre/testing';

jest.setTimeout(240_000);

const DAY = 86_400_000;

/**
 * A refusal of an action on a draft by someone who may not act on it: 403 (not allowed) or 404 (a draft is not
 * visible to anyone but the publishers of its department, and docs/API.md answers 404 for "not visible").
 */
function expectDeniedOnDraft(reply: Reply): Problem {
  if (![403, 404].includes(reply.status)) throw new Error(`expected 403 or 404, got ${reply.status}: ${JSON.stringify(reply.body)?.slice(0, 600)}`);
  expect({ status: [403, 404].includes(reply.status) ? 'refused' : reply.status, contentType: reply.headers.get('content-type'), body: reply.body }).toMatchObject({
    status: 'refused',
    contentType: expect.stringMatching(PROBLEM),
  });
  return reply.body as Problem;
}

const inDays = (days: number) => new Date(Date.now() + days * DAY);
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const MILESTONES = [
  { name: '调研摸底', dueDate: isoDay(inDays(30)) },
  { name: '方案落地', dueDate: isoDay(inDays(60)) },
];
const scores = (feasibility: number, innovation: number, capability: number, benefit: number) => ({ feasibility, innovation, capability, benefit });

type CadreKey = 'cadreA1' | 'cadreA2' | 'cadreB1' | 'cadreB2' | 'viewer';
type EvaluatorKey = 'evalC1' | 'evalC2' | 'evalDistA' | 'evalB' | 'evalRoot';
type PublisherKey = 'pubA' | 'pubB' | 'pubRoot';
type UserKey = CadreKey | EvaluatorKey | PublisherKey;

describe('tasks (揭榜挂帅, end to end through the gateway)', () => {
  let platform: Platform;
  let suffix: string;
  let nc: NatsConnection;

  let root: DepartmentView;
  let districtA: DepartmentView;
  let bureauA1: DepartmentView;
  let districtB: DepartmentView;
  let districtC: DepartmentView;

  const users: Record<UserKey, UserView> = {} as never;
  const tokens: Record<UserKey | 'admin', string> = {} as never;
  /** The batch every test's tasks go into, unless a test needs its own. */
  let batch: TaskBatchView;

  const tasksDb = () => platform.database('tasks');
  const storedTeams = () => tasksDb().collection('teams').countDocuments({});

  const call: Platform['call'] = (method, path, options) => platform.call(method, path, options);
  const as = (who: keyof typeof tokens) => platform.as(tokens[who]);

  // ── the steps (each expects success) ──────────────────────────────────────────────────────────────
  let counter = 0;
  const next = () => `${suffix}-${++counter}`;

  const taskBody = (evaluators: EvaluatorKey[], fields: Record<string, unknown> = {}) => ({
    batchId: batch.id,
    title: `化解老城区历史遗留产权问题 ${next()}`,
    description: '老城区 1990 年代遗留的产权登记问题，涉及多个部门。',
    domain: 'legacy',
    flags: ['hard'],
    goals: '一年内完成 80% 存量问题的化解。',
    expectedResults: '形成可复制的化解机制。',
    milestones: MILESTONES,
    biddingDeadline: inDays(7).toISOString(),
    deliveryDeadline: inDays(120).toISOString(),
    rewardPoints: 100,
    evaluatorIds: evaluators.map((key) => users[key].id),
    allowRace: false,
    ...fields,
  });
  const bidBody = (teamId: string, fields: Record<string, unknown> = {}) => ({
    teamId,
    plan: '分三步推进：摸底、分类施策、总结推广。',
    expectedResults: '化解存量问题 80% 以上。',
    milestones: MILESTONES,
    commitment: '不获全胜，决不收兵。',
    ...fields,
  });

  const createTask = async (evaluators: EvaluatorKey[], fields: Record<string, unknown> = {}, who: PublisherKey = 'pubA') =>
    matchesSchema(taskViewSchema, expectStatus(await as(who).post<TaskView>('/tasks', taskBody(evaluators, fields)), 201));
  const publish = async (id: string, who: PublisherKey = 'pubA') => matchesSchema(taskViewSchema, expectStatus(await as(who).post<TaskView>(`/tasks/${id}/publish`), 200));
  const openTask = async (evaluators: EvaluatorKey[], fields: Record<string, unknown> = {}) => publish((await createTask(evaluators, fields)).id);
  const closeBidding = async (id: string, who: PublisherKey = 'pubA') => matchesSchema(taskViewSchema, expectStatus(await as(who).post<TaskView>(`/tasks/${id}/close-bidding`), 200));
  const getTask = async (id: string, who: keyof typeof tokens = 'viewer') => matchesSchema(taskViewSchema, expectStatus(await as(who).get<TaskView>(`/tasks/${id}`), 200));
  const listTasks = async (who: keyof typeof tokens, query: string) => matchesSchema(taskSummaryPageViewSchema, expectStatus(await as(who).get<Page<TaskSummaryView>>(`/tasks?${query}`), 200));

  /** A team led by `lead` whose other members have all accepted (formed). */
  async function formTeam(lead: CadreKey, others: [CadreKey, number][] = []): Promise<TeamView> {
    const leadShare = 100 - others.reduce((sum, [, share]) => sum + share, 0);
    const created = matchesSchema(teamViewSchema, expectStatus(
      await as(lead).post<TeamView>('/teams', {
        name: `攻坚队 ${next()}`,
        members: [{ userId: users[lead].id, role: 'lead', share: leadShare }, ...others.map(([key, share]) => ({ userId: users[key].id, role: 'member', share }))],
      }),
      201,
    ));
    let team = created;
    for (const [key] of others) team = expectStatus(await as(key).post<TeamView>(`/teams/${created.id}/accept`), 200);
    expect(team.formed).toBe(true);
    return team;
  }
  const bid = async (lead: CadreKey, taskId: string, teamId: string, fields: Record<string, unknown> = {}) =>
    matchesSchema(bidViewSchema, expectStatus(await as(lead).post<BidView>(`/tasks/${taskId}/bids`, bidBody(teamId, fields)), 201));
  const evaluate = async (who: EvaluatorKey, bidId: string, given: ReturnType<typeof scores>, comment = '') =>
    matchesSchema(bidViewSchema, expectStatus(await as(who).post<BidView>(`/bids/${bidId}/evaluations`, { scores: given, comment }), 201));
  const award = async (taskId: string, bidIds: string[], who: PublisherKey = 'pubA') => matchesSchema(taskViewSchema, expectStatus(await as(who).post<TaskView>(`/tasks/${taskId}/award`, { bidIds }), 200));
  /** Uploads a small PDF through `POST /files` (multipart) as `who`; answers its fileId. */
  const uploadPdf = async (who: keyof typeof tokens, purpose: 'bid' | 'progress' | 'result', name = '化解工作总结.pdf') => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2_000)])]), name);
    const response = await fetch(`${platform.apiUrl}/files?purpose=${purpose}`, { method: 'POST', headers: { authorization: `Bearer ${tokens[who]}` }, body: form });
    expect(response.status).toBe(201);
    return ((await response.json()) as { fileId: string }).fileId;
  };
  const submitResults = async (lead: CadreKey, taskId: string) =>
    matchesSchema(taskViewSchema, expectStatus(await as(lead).post<TaskView>(`/tasks/${taskId}/results`, { summary: '已完成全部目标。', deliverables: [{ fileId: await uploadPdf(lead, 'result') }] }), 200));
  const review = async (who: EvaluatorKey, taskId: string, verdict: string, comment = '', fields: Record<string, unknown> = {}) =>
    matchesSchema(taskViewSchema, expectStatus(await as(who).post<TaskView>(`/tasks/${taskId}/reviews`, { verdict, comment, ...fields }), 201));
  const conclude = async (taskId: string, who: PublisherKey = 'pubA') => matchesSchema(taskViewSchema, expectStatus(await as(who).post<TaskView>(`/tasks/${taskId}/conclude`), 200));

  /** A task taken to `evaluating` with one bid of a formed team, scored by `scorers` (default: evalC1, evalC2). */
  async function toEvaluated(lead: CadreKey, others: [CadreKey, number][], evaluators: EvaluatorKey[] = ['evalC1', 'evalC2'], fields: Record<string, unknown> = {}) {
    const task = await openTask(evaluators, fields);
    const team = await formTeam(lead, others);
    const theBid = await bid(lead, task.id, team.id);
    expect((await closeBidding(task.id)).status).toBe('evaluating');
    return { task, team, bid: theBid };
  }

  /** The last event of `subject` on the TASKS stream, decoded (undefined while there is none). */
  async function lastTasksEvent<T>(subject: string): Promise<EventEnvelope<T> | undefined> {
    const jsm = await nc.jetstreamManager();
    const message = await jsm.streams.getMessage(STREAMS.TASKS.name, { last_by_subj: subject }).catch(() => undefined);
    return message ? JSONCodec<EventEnvelope<T>>().decode(message.data) : undefined;
  }

  async function createUser(key: UserKey, department: DepartmentView, roles: string[], name: string): Promise<void> {
    ({ user: users[key], token: tokens[key] } = await platform.createUser(key, { departmentId: department.id, roles, name }));
  }

  beforeAll(async () => {
    // The gateway is ready only when every service answers, so all five run.
    platform = await startPlatform({ name: 'tasks-e2e' });
    suffix = platform.suffix;
    nc = await connect({ servers: platform.nats.url });

    tokens.admin = platform.adminToken;
    root = await platform.rootDepartment();
    expect(root).toBeDefined();
    districtA = await platform.createDepartment('甲区', 'DISTA', root.id);
    bureauA1 = await platform.createDepartment('甲区商务局', 'BUREAUA1', districtA.id);
    districtB = await platform.createDepartment('乙区', 'DISTB', root.id);
    districtC = await platform.createDepartment('丙区', 'DISTC', root.id);

    await createUser('pubA', districtA, ['publisher'], '甲区发榜员');
    await createUser('pubB', districtB, ['publisher'], '乙区发榜员');
    await createUser('pubRoot', root, ['publisher'], '市级发榜员');
    await createUser('cadreA1', bureauA1, ['cadre'], '干部甲一');
    await createUser('cadreA2', bureauA1, ['cadre'], '干部甲二');
    await createUser('cadreB1', districtB, ['cadre'], '干部乙一');
    await createUser('cadreB2', districtB, ['cadre'], '干部乙二');
    await createUser('viewer', districtC, ['cadre'], '围观干部');
    await createUser('evalC1', districtC, ['evaluator'], '评审专家丙一');
    await createUser('evalC2', districtC, ['evaluator'], '评审专家丙二');
    await createUser('evalDistA', districtA, ['evaluator'], '评审专家甲区');
    await createUser('evalB', districtB, ['evaluator'], '评审专家乙区');
    await createUser('evalRoot', root, ['evaluator'], '评审专家市级');

    // Users reach the tasks service through `directory.user.upserted`: wait until its replica knows all of them
    // (softly: a service that looks users up another way passes straight on after the timeout).
    await platform.replicasKnow(Object.values(users).map((user) => user.id), ['tasks'], { timeoutMs: 30_000 }).catch(() => undefined);

    batch = matchesSchema(taskBatchViewSchema, expectStatus(await as('pubA').post<TaskBatchView>('/task-batches', { name: `第一批重点专项 ${suffix}`, description: '2026 年第一批揭榜挂帅任务' }), 201));
  });

  afterAll(async () => {
    await nc?.drain().catch(() => undefined);
    await platform?.stop();
  });

  // ── 1. the whole lifecycle ────────────────────────────────────────────────────────────────────────

  it('runs the full lifecycle for one team across two departments, everything shown on the board', async () => {
    // The batch: created by the publisher, listed for everyone.
    expect(batch).toMatchObject({ id: expect.any(String), name: `第一批重点专项 ${suffix}`, description: '2026 年第一批揭榜挂帅任务', createdBy: users.pubA.id });
    const batches = matchesSchema(taskBatchPageViewSchema, expectStatus(await as('viewer').get<Page<TaskBatchView>>('/task-batches?pageSize=100'), 200));
    expect(batches.items.map((b) => b.id)).toContain(batch.id);

    // 发榜: a draft in the publisher's department.
    const created = await createTask(['evalC1', 'evalC2'], { title: '破解老城区产权遗留难题' });
    expect(created).toMatchObject({
      status: 'draft',
      version: 1,
      batchId: batch.id,
      batchName: batch.name,
      title: '破解老城区产权遗留难题',
      domain: 'legacy',
      flags: ['hard'],
      rewardPoints: 100,
      allowRace: false,
      publisherId: users.pubA.id,
      departmentId: districtA.id,
      milestones: MILESTONES,
      bids: [],
      award: null,
      results: [],
      reviews: [],
      verdict: null,
      reward: null,
      publishedAt: null,
    });
    expect(created.departmentPath).toEqual(expect.arrayContaining([root.id, districtA.id]));
    expect(created.evaluators).toEqual([
      { userId: users.evalC1.id, name: '评审专家丙一' },
      { userId: users.evalC2.id, name: '评审专家丙二' },
    ]);

    const edited = expectStatus(await as('pubA').patch<TaskView>(`/tasks/${created.id}`, { version: 1, rewardPoints: 120 }), 200);
    expect(edited).toMatchObject({ status: 'draft', version: 2, rewardPoints: 120, title: created.title });

    const opened = await publish(created.id);
    expect(opened).toMatchObject({ status: 'open', rewardPoints: 120 });
    expect(opened.version).toBeGreaterThan(2);
    expect(Date.parse(opened.publishedAt!)).not.toBeNaN();
    const taskId = created.id;

    // A team across two departments (bureau A1 and district B); the member joins by accepting.
    const invited = expectStatus(
      await as('cadreA1').post<TeamView>('/teams', {
        name: '产权攻坚队',
        members: [
          { userId: users.cadreA1.id, role: 'lead', share: 60 },
          { userId: users.cadreB1.id, role: 'member', share: 40 },
        ],
      }),
      201,
    );
    expect(invited).toMatchObject({ name: '产权攻坚队', leadId: users.cadreA1.id, createdBy: users.cadreA1.id, formed: false, formedAt: null });
    expect(invited.members.map(({ userId, role, share, invitation, departmentId }) => ({ userId, role, share, invitation, departmentId }))).toEqual([
      { userId: users.cadreA1.id, role: 'lead', share: 60, invitation: 'accepted', departmentId: bureauA1.id },
      { userId: users.cadreB1.id, role: 'member', share: 40, invitation: 'invited', departmentId: districtB.id },
    ]);
    const team = expectStatus(await as('cadreB1').post<TeamView>(`/teams/${invited.id}/accept`), 200);
    expect(team).toMatchObject({ id: invited.id, formed: true });
    expect(team.members.find((m) => m.userId === users.cadreB1.id)).toMatchObject({ invitation: 'accepted', respondedAt: expect.any(String) });
    expect(expectStatus(await as('cadreA1').get<TeamView>(`/teams/${team.id}`), 200)).toMatchObject({ id: team.id, formed: true, version: expect.any(Number) });

    // 揭榜: the lead bids, and revises the bid while bidding is open.
    const submitted = await bid('cadreA1', taskId, team.id);
    expect(submitted).toMatchObject({ taskId, teamId: team.id, teamName: '产权攻坚队', leadId: users.cadreA1.id, status: 'submitted', version: 1 });
    expect(submitted.members.map((m) => m.userId)).toEqual([users.cadreA1.id, users.cadreB1.id]);
    const revised = expectStatus(await as('cadreA1').patch<BidView>(`/bids/${submitted.id}`, { version: 1, plan: '分四步推进：摸底、试点、铺开、总结。' }), 200);
    expect(revised).toMatchObject({ id: submitted.id, version: 2, plan: '分四步推进：摸底、试点、铺开、总结。', commitment: submitted.commitment });
    expectProblem(await as('cadreA1').patch(`/bids/${submitted.id}`, { version: 1, plan: '旧版本上的修改' }), 409);

    // Close bidding → 评标.
    const evaluating = await closeBidding(taskId);
    expect(evaluating).toMatchObject({ status: 'evaluating' });
    expect(Date.parse(evaluating.biddingClosedAt!)).not.toBeNaN();
    expect(evaluating.bids.map((b) => b.id)).toEqual([submitted.id]);

    // Each assigned evaluator scores; scoring again replaces one's earlier evaluation.
    expect((await evaluate('evalC1', submitted.id, scores(20, 10, 20, 10), '初评')).evaluation.count).toBe(1);
    expect((await evaluate('evalC1', submitted.id, scores(25, 15, 25, 15), '复评')).evaluation.count).toBe(1);
    expect((await evaluate('evalC2', submitted.id, scores(27, 18, 26, 17), '方案可行')).evaluation).toMatchObject({ count: 2, expected: 2, conflictedEvaluatorIds: [] });
    // Somebody not assigned does not score.
    expectProblem(await as('evalB').post(`/bids/${submitted.id}/evaluations`, { scores: scores(1, 1, 1, 1) }), 403);
    expectProblem(await as('viewer').post(`/bids/${submitted.id}/evaluations`, { scores: scores(1, 1, 1, 1) }), 403);

    // Award → in_progress, published with the scores.
    const awarded = await award(taskId, [submitted.id]);
    expect(awarded).toMatchObject({ status: 'in_progress', award: { bidIds: [submitted.id], teamIds: [team.id], awardedBy: users.pubA.id } });
    expect(Date.parse(awarded.awardedAt!)).not.toBeNaN();

    // Progress: members of the awarded team only.
    const progressed = expectStatus(await as('cadreB1').post<TaskView>(`/tasks/${taskId}/progress`, { milestone: '调研摸底', note: '已完成 3 个街道的摸底。' }), 201);
    expect(progressed.progress).toEqual([
      expect.objectContaining({ milestone: '调研摸底', note: '已完成 3 个街道的摸底。', teamId: team.id, authorId: users.cadreB1.id, authorName: '干部乙一' }),
    ]);
    expectProblem(await as('viewer').post(`/tasks/${taskId}/progress`, { milestone: '调研摸底', note: '不是队员' }), 403);
    expectProblem(await as('cadreA2').post(`/tasks/${taskId}/progress`, { milestone: '调研摸底', note: '不是队员' }), 403);

    // Results: the lead only; with one awarded team the task is in 评审 at once.
    expectProblem(await as('cadreB1').post(`/tasks/${taskId}/results`, { summary: '队员代交', deliverables: [] }), 403);
    const reviewing = await submitResults('cadreA1', taskId);
    expect(reviewing).toMatchObject({ status: 'reviewing' });
    expect(reviewing.results).toEqual([expect.objectContaining({ bidId: submitted.id, teamId: team.id, summary: '已完成全部目标。', submittedBy: users.cadreA1.id })]);
    expect([...reviewing.reviewersExpected].sort()).toEqual([users.evalC1.id, users.evalC2.id].sort());

    // 评审: conclusion waits for every review; a tie goes to the lower verdict.
    expectProblem(await as('evalB').post(`/tasks/${taskId}/reviews`, { verdict: 'pass', comment: '' }), 403);
    await review('evalC1', taskId, 'excellent', '成效突出');
    expectProblem(await as('pubA').post(`/tasks/${taskId}/conclude`), 409);
    await review('evalC2', taskId, 'pass', '达到预期');
    const concluded = await conclude(taskId);
    expect(concluded).toMatchObject({ status: 'concluded', verdict: 'pass' });
    expect(Date.parse(concluded.concludedAt!)).not.toBeNaN();
    expect(concluded.reward).toMatchObject({ rewardPoints: 120, verdict: 'pass', flagged: true });
    expect(concluded.reward!.teams).toEqual([
      {
        teamId: team.id,
        teamName: '产权攻坚队',
        verdict: 'pass',
        members: [
          { userId: users.cadreA1.id, name: '干部甲一', role: 'lead', share: 60 },
          { userId: users.cadreB1.id, name: '干部乙一', role: 'member', share: 40 },
        ],
      },
    ]);

    // The board, as any signed-in cadre sees it: bids, scores, award, results, verdict, reward, history.
    const board = await getTask(taskId, 'viewer');
    expect(board).toMatchObject({ status: 'concluded', verdict: 'pass', award: { bidIds: [submitted.id] }, reward: { rewardPoints: 120, verdict: 'pass' } });
    expect(board.bids).toHaveLength(1);
    const shown = board.bids[0];
    expect(shown).toMatchObject({ id: submitted.id, status: 'awarded', plan: '分四步推进：摸底、试点、铺开、总结。', teamName: '产权攻坚队' });
    expect(shown.evaluation).toMatchObject({
      count: 2,
      expected: 2,
      conflictedEvaluatorIds: [],
      score: 84,
      criteria: { feasibility: 26, innovation: 16.5, capability: 25.5, benefit: 16 },
      divergent: false,
      spread: 8,
      rank: 1,
    });
    const byEvaluator = Object.fromEntries(shown.evaluations.map((e) => [e.evaluatorId, e]));
    expect(shown.evaluations).toHaveLength(2);
    expect(byEvaluator[users.evalC1.id]).toMatchObject({ evaluatorName: '评审专家丙一', scores: scores(25, 15, 25, 15), total: 80, comment: '复评' });
    expect(byEvaluator[users.evalC2.id]).toMatchObject({ evaluatorName: '评审专家丙二', scores: scores(27, 18, 26, 17), total: 88, comment: '方案可行' });
    expect(board.progress).toHaveLength(1);
    expect(board.results).toHaveLength(1);
    expect(board.reviews.map(({ evaluatorId, verdict, comment }) => ({ evaluatorId, verdict, comment })).sort((a, b) => a.evaluatorId.localeCompare(b.evaluatorId))).toEqual(
      [
        { evaluatorId: users.evalC1.id, verdict: 'excellent', comment: '成效突出' },
        { evaluatorId: users.evalC2.id, verdict: 'pass', comment: '达到预期' },
      ].sort((a, b) => a.evaluatorId.localeCompare(b.evaluatorId)),
    );
    // Every status change, in order, by whom.
    const transitions = board.history.filter((h) => h.from !== h.to).map(({ from, to, actorId }) => ({ from, to, actorId }));
    expect(transitions).toEqual([
      { from: null, to: 'draft', actorId: users.pubA.id },
      { from: 'draft', to: 'open', actorId: users.pubA.id },
      { from: 'open', to: 'evaluating', actorId: users.pubA.id },
      { from: 'evaluating', to: 'in_progress', actorId: users.pubA.id },
      { from: 'in_progress', to: 'reviewing', actorId: users.cadreA1.id },
      { from: 'reviewing', to: 'concluded', actorId: users.pubA.id },
    ]);
    expect(board.history.every((h) => typeof h.actorName === 'string' && h.actorName.length > 0)).toBe(true);
    const times = board.history.map((h) => Date.parse(h.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // Concluded is final.
    expectProblem(await as('pubA').post(`/tasks/${taskId}/conclude`), 409);
    expectProblem(await as('evalC1').post(`/tasks/${taskId}/reviews`, { verdict: 'fail', comment: '' }), 409);

    // The list shows it too, with its bid count and verdict.
    const row = (await listTasks('viewer', `batchId=${batch.id}&status=concluded&pageSize=100`)).items.find((item) => item.id === taskId);
    expect(row).toMatchObject({ status: 'concluded', bidCount: 1, verdict: 'pass', departmentId: districtA.id, rewardPoints: 120 });
  });

  it('concluding publishes tasks.task.concluded with the verdict, the reward points and every member', async () => {
    const { task, team, bid: theBid } = await toEvaluated('cadreA2', [['cadreB2', 30]], ['evalC1', 'evalC2'], { rewardPoints: 80, flags: ['urgent', 'risky'] });
    await evaluate('evalC1', theBid.id, scores(28, 18, 28, 18));
    await evaluate('evalC2', theBid.id, scores(28, 18, 28, 18));
    await award(task.id, [theBid.id]);
    await submitResults('cadreA2', task.id);
    await review('evalC1', task.id, 'excellent');
    await review('evalC2', task.id, 'excellent');
    const concluded = await conclude(task.id);

    const envelope = await waitUntil(async () => {
      const last = await lastTasksEvent<TaskConcludedV1>('tasks.task.concluded');
      return last?.data.taskId === task.id ? last : undefined;
    }, {
      timeoutMs: 30_000,
      intervalMs: 300,
      what: 'the concluded event on the TASKS stream',
    });
    expect(envelope).toMatchObject({ type: 'tasks.task.concluded', producer: 'tasks', version: 1, eventId: expect.any(String), occurredAt: expect.any(String) });
    expect(envelope.data).toMatchObject({
      taskId: task.id,
      version: concluded.version,
      status: 'concluded',
      fromStatus: 'reviewing',
      actorId: users.pubA.id,
      batchId: batch.id,
      verdict: 'excellent',
      verdictTally: { excellent: 2, pass: 0, tolerated: 0, fail: 0 },
      reviewCount: 2,
      rewardPoints: 80,
      flags: ['urgent', 'risky'],
      allowRace: false,
      publisherId: users.pubA.id,
      departmentId: districtA.id,
    });
    expect(envelope.data.teams).toHaveLength(1);
    expect(envelope.data.teams[0]).toMatchObject({ teamId: team.id, bidId: theBid.id, leadId: users.cadreA2.id, verdict: 'excellent', reviewCount: 2, tolerance: null });
    expect(envelope.data.teams[0].members.map(({ userId, role, share, departmentId }) => ({ userId, role, share, departmentId }))).toEqual([
      { userId: users.cadreA2.id, role: 'lead', share: 70, departmentId: bureauA1.id },
      { userId: users.cadreB2.id, role: 'member', share: 30, departmentId: districtB.id },
    ]);
    expect(envelope.data.teams[0].members[1].departmentPath).toEqual(expect.arrayContaining([root.id, districtB.id]));
  });

  // ── 2. 赛马 ───────────────────────────────────────────────────────────────────────────────────────

  it('赛马: awards two teams when the task allows a race; it is in 评审 once both have submitted results', async () => {
    const task = await openTask(['evalC1', 'evalC2'], { allowRace: true, title: '自贸港制度集成创新赛马' });
    const solo = await formTeam('cadreA1');
    const pair = await formTeam('cadreB1', [['cadreB2', 30]]);
    const bid1 = await bid('cadreA1', task.id, solo.id);
    const bid2 = await bid('cadreB1', task.id, pair.id);
    await closeBidding(task.id);
    for (const evaluator of ['evalC1', 'evalC2'] as const) {
      await evaluate(evaluator, bid1.id, scores(25, 15, 25, 15));
      await evaluate(evaluator, bid2.id, scores(20, 15, 20, 15));
    }

    const awarded = await award(task.id, [bid1.id, bid2.id]);
    expect(awarded.status).toBe('in_progress');
    expect([...awarded.award!.bidIds].sort()).toEqual([bid1.id, bid2.id].sort());
    expect([...awarded.award!.teamIds].sort()).toEqual([solo.id, pair.id].sort());
    expect(awarded.bids.map((b) => b.status)).toEqual(['awarded', 'awarded']);
    expect(Object.fromEntries(awarded.bids.map((b) => [b.id, b.evaluation.rank]))).toEqual({ [bid1.id]: 1, [bid2.id]: 2 });

    // Both teams report; the first results leave the task in progress.
    expectStatus(await as('cadreB2').post(`/tasks/${task.id}/progress`, { milestone: '方案落地', note: '乙队进展' }), 201);
    const afterFirst = await submitResults('cadreA1', task.id);
    expect(afterFirst.status).toBe('in_progress');
    expect(afterFirst.results.map((r) => r.teamId)).toEqual([solo.id]);
    const afterSecond = await submitResults('cadreB1', task.id);
    expect(afterSecond.status).toBe('reviewing');
    expect(afterSecond.results.map((r) => r.teamId).sort()).toEqual([solo.id, pair.id].sort());

    // 评审 judges each team: the team is named in a race.
    expectInvalid(await as('evalC1').post(`/tasks/${task.id}/reviews`, { verdict: 'pass', comment: '' }), ['teamId']);
    await review('evalC1', task.id, 'pass', '按期完成', { teamId: solo.id });
    await review('evalC2', task.id, 'pass', '', { teamId: solo.id });
    await review('evalC1', task.id, 'fail', '未达预期', { teamId: pair.id });
    expectProblem(await as('pubA').post(`/tasks/${task.id}/conclude`), 409);
    await review('evalC2', task.id, 'fail', '', { teamId: pair.id });
    const concluded = await conclude(task.id);
    expect(concluded).toMatchObject({ status: 'concluded', verdict: 'pass', reward: { verdict: 'pass', rewardPoints: 100 } });
    expect(Object.fromEntries(concluded.reward!.teams.map((t) => [t.teamId, t.verdict]))).toEqual({ [solo.id]: 'pass', [pair.id]: 'fail' });
    const pairReward = concluded.reward!.teams.find((t) => t.teamId === pair.id)!;
    expect(pairReward.members.map(({ userId, role, share }) => ({ userId, role, share }))).toEqual([
      { userId: users.cadreB1.id, role: 'lead', share: 70 },
      { userId: users.cadreB2.id, role: 'member', share: 30 },
    ]);
  });

  it('容错 and sealed 评审 through the gateway: the lead applies (403 for others, 400 blank, 409 twice), tolerated only for a team that applied, reviews hidden until conclusion', async () => {
    const { task, team, bid: theBid } = await toEvaluated('cadreA1', [['cadreB1', 40]]);
    await evaluate('evalC1', theBid.id, scores(25, 15, 25, 15));
    await evaluate('evalC2', theBid.id, scores(25, 15, 25, 15));
    await award(task.id, [theBid.id]);
    const justification = '已尽职履责，因上级政策调整未能按期达成。';
    for (const who of ['cadreB1', 'evalC1', 'pubA', 'viewer'] as const) expectProblem(await as(who).post(`/tasks/${task.id}/tolerance`, { justification }), 403);
    expectInvalid(await as('cadreA1').post(`/tasks/${task.id}/tolerance`, { justification: '   ' }), ['justification']);
    const applied = matchesSchema(taskViewSchema, expectStatus(await as('cadreA1').post<TaskView>(`/tasks/${task.id}/tolerance`, { justification }), 201));
    expect(applied.teamVerdicts).toEqual([expect.objectContaining({ teamId: team.id, tolerance: expect.objectContaining({ justification, appliedBy: users.cadreA1.id, decision: null }) })]);
    expectProblem(await as('cadreA1').post(`/tasks/${task.id}/tolerance`, { justification }), 409);
    await submitResults('cadreA1', task.id);

    expectInvalid(await as('evalC1').post(`/tasks/${task.id}/reviews`, { verdict: 'tolerated', comment: '' }), ['tolerance']);
    expectInvalid(await as('evalC1').post(`/tasks/${task.id}/reviews`, { verdict: 'tolerated', comment: '', tolerance: 'rejected' }), ['verdict']);
    await review('evalC1', task.id, 'tolerated', '尽职免责', { tolerance: 'accepted' });
    for (const who of ['pubA', 'evalC2', 'viewer', 'cadreA1'] as const) {
      const seen = await getTask(task.id, who);
      expect(seen.reviews).toEqual([]);
      expect(seen.teamVerdicts).toEqual([expect.objectContaining({ reviewCount: 1, verdict: null, verdictTally: null })]);
    }
    expect((await getTask(task.id, 'evalC1')).reviews).toEqual([expect.objectContaining({ evaluatorId: users.evalC1.id, verdict: 'tolerated', tolerance: 'accepted' })]);
    await review('evalC2', task.id, 'fail', '', { tolerance: 'rejected' });
    const concluded = await conclude(task.id);
    // A tie of tolerated and fail goes to fail; one acceptance against one rejection does not accept the application.
    expect(concluded.teamVerdicts).toEqual([expect.objectContaining({ verdict: 'fail', reviewCount: 2, tolerance: expect.objectContaining({ decision: 'rejected' }) })]);
    expect((await getTask(task.id, 'viewer')).reviews).toHaveLength(2);
  });

  it('a race without a review of every team is not concluded; a team that did not apply is never tolerated', async () => {
    const task = await openTask(['evalC1'], { allowRace: true });
    const solo = await formTeam('cadreA1');
    const other = await formTeam('cadreB1');
    const bids = [await bid('cadreA1', task.id, solo.id), await bid('cadreB1', task.id, other.id)];
    await closeBidding(task.id);
    for (const b of bids) await evaluate('evalC1', b.id, scores(25, 15, 25, 15));
    await award(task.id, bids.map((b) => b.id));
    await submitResults('cadreA1', task.id);
    await submitResults('cadreB1', task.id);
    expectInvalid(await as('evalC1').post(`/tasks/${task.id}/reviews`, { teamId: 'no-such-team', verdict: 'pass', comment: '' }), ['teamId']);
    expectInvalid(await as('evalC1').post(`/tasks/${task.id}/reviews`, { teamId: solo.id, verdict: 'tolerated', comment: '' }), ['verdict']);
    await review('evalC1', task.id, 'excellent', '', { teamId: solo.id });
    const pending = expectProblem(await as('pubA').post(`/tasks/${task.id}/conclude`), 409);
    expect(pending.detail).toContain(other.name);
    expect((await getTask(task.id)).status).toBe('reviewing');
  });

  // ── 3. 回避 ───────────────────────────────────────────────────────────────────────────────────────

  it('refuses conflicted evaluators (回避) for 评标 and 评审; conclusion needs only the unconflicted reviews', async () => {
    // Team: bureau A1 + district B. Conflicted: district A (contains bureau A1), district B (same), the root (all).
    const { task, bid: theBid } = await toEvaluated('cadreA1', [['cadreB1', 50]], ['evalC1', 'evalDistA', 'evalB', 'evalRoot']);
    for (const evaluator of ['evalDistA', 'evalB', 'evalRoot'] as const) {
      expectProblem(await as(evaluator).post(`/bids/${theBid.id}/evaluations`, { scores: scores(30, 20, 30, 20), comment: '' }), 403);
    }
    const scored = await evaluate('evalC1', theBid.id, scores(24, 16, 24, 16));
    expect(scored.evaluation).toMatchObject({ count: 1, expected: 1 });
    expect([...scored.evaluation.conflictedEvaluatorIds].sort()).toEqual([users.evalDistA.id, users.evalB.id, users.evalRoot.id].sort());

    await award(task.id, [theBid.id]);
    const reviewing = await submitResults('cadreA1', task.id);
    expect(reviewing.reviewersExpected).toEqual([users.evalC1.id]);
    for (const evaluator of ['evalDistA', 'evalB', 'evalRoot'] as const) {
      expectProblem(await as(evaluator).post(`/tasks/${task.id}/reviews`, { verdict: 'fail', comment: '' }), 403);
    }
    expectProblem(await as('pubA').post(`/tasks/${task.id}/conclude`), 409);
    await review('evalC1', task.id, 'excellent');
    const concluded = await conclude(task.id);
    expect(concluded).toMatchObject({ status: 'concluded', verdict: 'excellent' });
    expect(concluded.reviews.map((r) => r.evaluatorId)).toEqual([users.evalC1.id]);
    const board = await getTask(task.id);
    expect(board.bids[0].evaluations.map((e) => e.evaluatorId)).toEqual([users.evalC1.id]);
  });

  it('an evaluator in a department beside the members’ is not conflicted; one above them is', async () => {
    // Team only in bureau A1 (a single member): district B and district C are beside it, so both may score.
    const { task, bid: theBid } = await toEvaluated('cadreA1', [], ['evalB', 'evalC1', 'evalDistA']);
    expect((await evaluate('evalB', theBid.id, scores(20, 10, 20, 10))).evaluation.conflictedEvaluatorIds).toEqual([users.evalDistA.id]);
    await evaluate('evalC1', theBid.id, scores(22, 12, 22, 12));
    expectProblem(await as('evalDistA').post(`/bids/${theBid.id}/evaluations`, { scores: scores(30, 20, 30, 20) }), 403);
    const awarded = await award(task.id, [theBid.id]);
    expect(awarded.bids[0].evaluation).toMatchObject({ count: 2, expected: 2, score: 64 });
  });

  // ── 3b. sealed bids, independent 评标, the award after it ────────────────────────────────────────

  it('sealed bids: while open only the bidding team reads a bid’s content (bid endpoints and the board); public once bidding closes', async () => {
    const task = await openTask(['evalC1', 'evalC2']);
    const team = await formTeam('cadreA1', [['cadreB1', 40]]);
    const rival = await formTeam('cadreB2');
    const theBid = await bid('cadreA1', task.id, team.id, { plan: '密封方案' });
    expect(theBid).toMatchObject({ sealed: false, plan: '密封方案' });
    const rivalBid = await bid('cadreB2', task.id, rival.id);
    expect(rivalBid.sealed).toBe(false);
    const revised = matchesSchema(bidViewSchema, expectStatus(await as('cadreA1').patch<BidView>(`/bids/${theBid.id}`, { version: 1, commitment: '限期完成' }), 200));
    expect(revised).toMatchObject({ sealed: false, commitment: '限期完成' });
    for (const who of ['viewer', 'cadreB2', 'pubA', 'pubRoot', 'evalC1', 'admin'] as const) {
      const shown = (await getTask(task.id, who)).bids.find((b) => b.id === theBid.id)!;
      expect(shown).toMatchObject({ sealed: true, plan: null, expectedResults: null, milestones: null, commitment: null, teamName: team.name });
    }
    expect((await getTask(task.id, 'cadreB1')).bids.find((b) => b.id === theBid.id)).toMatchObject({ sealed: false, commitment: '限期完成' });
    await closeBidding(task.id);
    expect((await getTask(task.id, 'cadreB2')).bids.find((b) => b.id === theBid.id)).toMatchObject({ sealed: false, plan: '密封方案', commitment: '限期完成' });
  });

  it('bid attachments through POST /files: sealed with the content (404 to another team while open), readable after close, the download logged for admins', async () => {
    const task = await openTask(['evalC1', 'evalC2']);
    const team = await formTeam('cadreA1');
    const rival = await formTeam('cadreB2');
    const fileId = await uploadPdf('cadreA1', 'bid', '实施方案.pdf');
    const download = (who: keyof typeof tokens) => fetch(`${platform.apiUrl}/files/${fileId}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
    // Another user's file, and a file of another purpose, are named in the 400; nothing is stored.
    const progressFile = await (async () => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(500)])]), '佐证.pdf');
      const response = await fetch(`${platform.apiUrl}/files?purpose=progress`, { method: 'POST', headers: { authorization: `Bearer ${tokens.cadreA1}` }, body: form });
      return ((await response.json()) as { fileId: string }).fileId;
    })();
    expectInvalid(await as('cadreB2').post(`/tasks/${task.id}/bids`, bidBody(rival.id, { attachments: [{ fileId }] })), ['attachments.0.fileId'], true);
    expectInvalid(await as('cadreA1').post(`/tasks/${task.id}/bids`, bidBody(team.id, { attachments: [{ fileId: progressFile }] })), ['attachments.0.fileId'], true);
    const theBid = await bid('cadreA1', task.id, team.id, { attachments: [{ fileId }] });
    expect(theBid.attachments).toEqual([expect.objectContaining({ fileId, name: '实施方案.pdf', mediaType: 'application/pdf', size: 2_009 })]);
    expect((await getTask(task.id, 'cadreB2')).bids.find((b) => b.id === theBid.id)).toMatchObject({ sealed: true, attachments: null });
    expect((await download('cadreB2')).status).toBe(404);
    expect((await download('admin')).status).toBe(404);
    await closeBidding(task.id);
    const opened = await download('cadreB2');
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toMatch(/^application\/pdf/);
    const log = expectStatus(await as('admin').get<{ items: { fileId: string; userName: string; title: string; attachedTo: { kind: string } }[] }>('/audit/file-access?pageSize=100'), 200);
    expect(log.items.find((e) => e.fileId === fileId)).toMatchObject({ userName: users.cadreB2.name, attachedTo: { kind: 'bid' }, title: expect.stringContaining(task.title) });
    expectProblem(await as('cadreB2').get('/audit/file-access'), 403);
  });

  it('independent 评标 and the award: 409 until complete, scores to the publisher only once complete, a reason to pass over the top bid', async () => {
    const task = await openTask(['evalC1', 'evalC2']);
    const [teamA, teamB] = [await formTeam('cadreA1'), await formTeam('cadreB1')];
    const bidA = await bid('cadreA1', task.id, teamA.id);
    const bidB = await bid('cadreB1', task.id, teamB.id);
    await closeBidding(task.id);
    const own = await evaluate('evalC1', bidA.id, scores(25, 15, 25, 15), '甲队可行');
    expect(own.evaluations.map((e) => [e.evaluatorId, e.comment])).toEqual([[users.evalC1.id, '甲队可行']]);
    await evaluate('evalC2', bidA.id, scores(20, 10, 20, 10), '乙评');
    await evaluate('evalC2', bidB.id, scores(28, 18, 28, 18));

    const early = expectProblem(await as('pubA').post(`/tasks/${task.id}/award`, { bidIds: [bidB.id] }), 409);
    expect(JSON.stringify(early)).toContain('评审专家丙一');
    const forEvaluator = await getTask(task.id, 'evalC2');
    expect(forEvaluator.bids.find((b) => b.id === bidA.id)!.evaluations.map((e) => e.evaluatorId)).toEqual([users.evalC2.id]);
    expect(forEvaluator.pendingEvaluations).toEqual([]);
    expect((await getTask(task.id, 'pubA')).pendingEvaluations.map((p) => p.evaluatorName)).toEqual(['评审专家丙一']);

    await evaluate('evalC1', bidB.id, scores(27, 18, 28, 18));
    const forPublisher = await getTask(task.id, 'pubA');
    expect(forPublisher.evaluationComplete).toBe(true);
    expect(forPublisher.bids.map((b) => [b.id, b.evaluation.rank, b.evaluation.scoresShown])).toEqual([
      [bidB.id, 1, true],
      [bidA.id, 2, true],
    ]);
    for (const who of ['pubB', 'evalC1', 'cadreA1', 'viewer'] as const) {
      for (const shown of (await getTask(task.id, who)).bids) expect(shown.evaluation).toMatchObject({ score: null, rank: null, criteria: null, scoresShown: false });
    }

    expectInvalid(await as('pubA').post(`/tasks/${task.id}/award`, { bidIds: [bidA.id] }), ['reason']);
    expectInvalid(await as('pubA').post(`/tasks/${task.id}/award`, { bidIds: [bidA.id], reason: '  ' }), ['reason']);
    expectProblem(await as('pubB').post(`/tasks/${task.id}/award`, { bidIds: [bidA.id], reason: '别的单位' }), 403);
    expectProblem(await as('evalC1').post(`/tasks/${task.id}/award`, { bidIds: [bidA.id], reason: '专家' }), 403);
    expect((await getTask(task.id, 'pubA')).status).toBe('evaluating');
    const awarded = matchesSchema(taskViewSchema, expectStatus(await as('pubA').post<TaskView>(`/tasks/${task.id}/award`, { bidIds: [bidA.id], reason: '甲队熟悉片区情况' }), 200));
    expect(awarded.award).toMatchObject({ reason: '甲队熟悉片区情况', passedOverBidIds: [bidB.id] });
    const board = await getTask(task.id, 'viewer');
    expect(board.award).toMatchObject({ reason: '甲队熟悉片区情况', passedOverBidIds: [bidB.id] });
    expect(board.history.at(-1)).toMatchObject({ action: 'award', comment: '甲队熟悉片区情况' });
    expect(board.bids.map((b) => [b.id, b.evaluation.rank, b.evaluations.length])).toEqual([
      [bidB.id, 1, 2],
      [bidA.id, 2, 2],
    ]);
  });

  // ── 4. teams and bids ─────────────────────────────────────────────────────────────────────────────

  it('a team bids only once every member has accepted (409 before), only by its lead, and once per task', async () => {
    const task = await openTask(['evalC1']);
    const created = expectStatus(
      await as('cadreA1').post<TeamView>('/teams', {
        name: `未成形队 ${next()}`,
        members: [
          { userId: users.cadreA1.id, role: 'lead', share: 50 },
          { userId: users.cadreA2.id, role: 'member', share: 25 },
          { userId: users.cadreB1.id, role: 'member', share: 25 },
        ],
      }),
      201,
    );
    expect(created.formed).toBe(false);
    expectProblem(await as('cadreA1').post(`/tasks/${task.id}/bids`, bidBody(created.id)), 409);

    // Only an invited member answers an invitation.
    expectProblem(await as('viewer').post(`/teams/${created.id}/accept`), 403);
    expectProblem(await as('cadreA1').post(`/teams/${created.id}/accept`), 403);
    const half = expectStatus(await as('cadreA2').post<TeamView>(`/teams/${created.id}/accept`), 200);
    expect(half.formed).toBe(false);
    expectProblem(await as('cadreA1').post(`/tasks/${task.id}/bids`, bidBody(created.id)), 409);
    const formed = expectStatus(await as('cadreB1').post<TeamView>(`/teams/${created.id}/accept`), 200);
    expect(formed).toMatchObject({ formed: true, formedAt: expect.any(String) });

    // A member who is not the lead does not bid for the team.
    expectProblem(await as('cadreA2').post(`/tasks/${task.id}/bids`, bidBody(created.id)), 403);
    const first = await bid('cadreA1', task.id, created.id);
    expect(first.status).toBe('submitted');
    expectProblem(await as('cadreA1').post(`/tasks/${task.id}/bids`, bidBody(created.id, { plan: '第二份方案' })), 409);
    expectProblem(await as('cadreA2').patch(`/bids/${first.id}`, { version: 1, plan: '队员改方案' }), 403);
    expect((await getTask(task.id)).bids.map((b) => b.id)).toEqual([first.id]);

    // A declined invitation: the team never forms and cannot bid.
    const declinedTeam = expectStatus(
      await as('cadreB1').post<TeamView>('/teams', {
        name: `被拒队 ${next()}`,
        members: [
          { userId: users.cadreB1.id, role: 'lead', share: 50 },
          { userId: users.cadreB2.id, role: 'member', share: 50 },
        ],
      }),
      201,
    );
    const declined = expectStatus(await as('cadreB2').post<TeamView>(`/teams/${declinedTeam.id}/decline`), 200);
    expect(declined.formed).toBe(false);
    expect(declined.members.find((m) => m.userId === users.cadreB2.id)).toMatchObject({ invitation: 'declined' });
    expectProblem(await as('viewer').post(`/teams/${declinedTeam.id}/decline`), 403);
    expectProblem(await as('cadreB1').post(`/tasks/${task.id}/bids`, bidBody(declinedTeam.id)), 409);
    expect((await getTask(task.id)).bids).toHaveLength(1);

    // Only a cadre forms a team.
    expectProblem(
      await as('evalC1').post('/teams', { name: `专家队 ${next()}`, members: [{ userId: users.evalC1.id, role: 'lead', share: 100 }] }),
      403,
    );
  });

  it('a bid after bidding closed is 409, and so is revising one', async () => {
    const { task, bid: theBid } = await toEvaluated('cadreA1', []);
    const late = await formTeam('cadreB1');
    expectProblem(await as('cadreB1').post(`/tasks/${task.id}/bids`, bidBody(late.id)), 409);
    expectProblem(await as('cadreA1').patch(`/bids/${theBid.id}`, { version: 1, plan: '截止后修改' }), 409);
    const board = await getTask(task.id);
    expect(board.bids.map((b) => b.id)).toEqual([theBid.id]);
    expect(board.bids[0]).toMatchObject({ version: 1, plan: theBid.plan });

    // A task still in draft takes no bids either.
    const draftTask = await createTask(['evalC1']);
    const refused = await as('cadreB1').post(`/tasks/${draftTask.id}/bids`, bidBody(late.id));
    expect([404, 409]).toContain(refused.status);
  });

  // ── 5. transitions from the wrong state ───────────────────────────────────────────────────────────

  it('transitions from the wrong state are 409: award before evaluation or twice, publish twice, close a draft, withdraw an open task with bids', async () => {
    const draftTask = await createTask(['evalC1', 'evalC2']);
    expectProblem(await as('pubA').post(`/tasks/${draftTask.id}/close-bidding`), 409);
    expectProblem(await as('pubA').post(`/tasks/${draftTask.id}/conclude`), 409);

    const task = await publish(draftTask.id);
    expectProblem(await as('pubA').post(`/tasks/${task.id}/publish`), 409);
    expectProblem(await as('pubA').patch(`/tasks/${task.id}`, { version: task.version, title: '发布后改标题' }), 409);
    const teamA = await formTeam('cadreA1');
    const teamB = await formTeam('cadreB1');
    const bidA = await bid('cadreA1', task.id, teamA.id);
    const bidB = await bid('cadreB1', task.id, teamB.id);
    // Once a team has bid, the open task is neither withdrawn nor corrected.
    expectProblem(await as('pubA').post(`/tasks/${task.id}/withdraw`), 409);
    expectProblem(await as('pubA').patch(`/tasks/${task.id}`, { version: (await getTask(task.id, 'pubA')).version, description: '投标后更正' }), 409);

    await closeBidding(task.id);
    expectProblem(await as('pubA').post(`/tasks/${task.id}/close-bidding`), 409);
    await evaluate('evalC1', bidA.id, scores(25, 15, 25, 15));
    await evaluate('evalC1', bidB.id, scores(20, 10, 20, 10));
    // Until every evaluation is in the award is 409, whatever it names.
    expectProblem(await as('pubA').post(`/tasks/${task.id}/award`, { bidIds: [bidA.id] }), 409);
    await evaluate('evalC2', bidA.id, scores(25, 15, 25, 15));
    await evaluate('evalC2', bidB.id, scores(20, 10, 20, 10));
    // Two bids without a race, an unknown bid: 400 naming them, nothing awarded.
    expectInvalid(await as('pubA').post(`/tasks/${task.id}/award`, { bidIds: [bidA.id, bidB.id] }), ['bidIds']);
    expectInvalid(await as('pubA').post(`/tasks/${task.id}/award`, { bidIds: ['no-such-bid'] }), ['bidIds.0']);
    expect((await getTask(task.id, 'pubA')).status).toBe('evaluating');

    const awarded = await award(task.id, [bidA.id]);
    expect(Object.fromEntries(awarded.bids.map((b) => [b.id, b.status]))).toEqual({ [bidA.id]: 'awarded', [bidB.id]: 'not_awarded' });
    expectProblem(await as('pubA').post(`/tasks/${task.id}/award`, { bidIds: [bidB.id] }), 409);
    expectProblem(await as('evalC1').post(`/bids/${bidB.id}/evaluations`, { scores: scores(1, 1, 1, 1) }), 409);
    expectProblem(await as('evalC1').post(`/tasks/${task.id}/reviews`, { verdict: 'pass' }), 409);
    // Progress from the team that was not awarded is refused.
    expectProblem(await as('cadreB1').post(`/tasks/${task.id}/progress`, { milestone: '调研摸底', note: '未中标' }), 403);
    expect((await getTask(task.id)).award!.bidIds).toEqual([bidA.id]);

    // Withdraw: only from draft, and final.
    const another = await createTask(['evalC1']);
    const withdrawn = expectStatus(await as('pubA').post<TaskView>(`/tasks/${another.id}/withdraw`), 200);
    expect(withdrawn.status).toBe('withdrawn');
    expectProblem(await as('pubA').post(`/tasks/${another.id}/publish`), 409);
    expectProblem(await as('pubA').post(`/tasks/${another.id}/withdraw`), 409);

    // Award while bidding is still open.
    const stillOpen = await openTask(['evalC1']);
    const early = await bid('cadreA1', stillOpen.id, teamA.id);
    expectProblem(await as('pubA').post(`/tasks/${stillOpen.id}/award`, { bidIds: [early.id] }), 409);
    expect((await getTask(stillOpen.id)).status).toBe('open');
  });

  it('a draft is seen only by publishers of its department and edited only with the current version', async () => {
    const draftTask = await createTask(['evalC1'], { title: '仅发榜单位可见的草稿' });
    // Not on the board for others; 404 when asked for.
    for (const who of ['viewer', 'cadreA1', 'evalC1', 'pubB'] as const) {
      // GET of a draft: 404 for whoever is no publisher (a publisher of another department is left open here).
      if (who !== 'pubB') expectProblem(await as(who).get(`/tasks/${draftTask.id}`), 404);
      expect((await listTasks(who, `batchId=${batch.id}&pageSize=100`)).items.map((item) => item.id)).not.toContain(draftTask.id);
      expect((await listTasks(who, `batchId=${batch.id}&status=draft&pageSize=100`)).items.map((item) => item.id)).not.toContain(draftTask.id);
    }
    // The publisher of the department and the one above it see it.
    expect((await getTask(draftTask.id, 'pubA')).status).toBe('draft');
    expect((await getTask(draftTask.id, 'pubRoot')).status).toBe('draft');
    expect((await listTasks('pubA', `batchId=${batch.id}&status=draft&pageSize=100`)).items.map((item) => item.id)).toContain(draftTask.id);

    // PATCH: the current version only; others may not.
    const edited = expectStatus(await as('pubA').patch<TaskView>(`/tasks/${draftTask.id}`, { version: 1, title: '改过的标题', flags: ['urgent'] }), 200);
    expect(edited).toMatchObject({ version: 2, title: '改过的标题', flags: ['urgent'], status: 'draft' });
    expectProblem(await as('pubA').patch(`/tasks/${draftTask.id}`, { version: 1, title: '过期版本' }), 409);
    expectDeniedOnDraft(await as('pubB').patch(`/tasks/${draftTask.id}`, { version: 2, title: '别的单位' }));
    expectDeniedOnDraft(await as('cadreA1').patch(`/tasks/${draftTask.id}`, { version: 2, title: '干部' }));
    expectInvalid(await as('pubA').patch(`/tasks/${draftTask.id}`, { version: 2, status: 'open' }), ['status']);
    expect(await getTask(draftTask.id, 'pubA')).toMatchObject({ version: 2, title: '改过的标题', status: 'draft' });

    // Once published, everyone sees it.
    await publish(draftTask.id);
    expect((await getTask(draftTask.id, 'viewer')).status).toBe('open');
    expect((await listTasks('pubB', `batchId=${batch.id}&status=open&pageSize=100`)).items.map((item) => item.id)).toContain(draftTask.id);
  });

  // ── 6. who may act ────────────────────────────────────────────────────────────────────────────────

  it('publisher-only actions by a cadre (or an evaluator) are 403: create batch, create task, publish, close bidding, award, conclude', async () => {
    for (const who of ['cadreA1', 'evalC1'] as const) {
      expectProblem(await as(who).post('/task-batches', { name: '干部建的批次', description: '' }), 403);
      expectProblem(await as(who).post('/tasks', taskBody(['evalC1'])), 403);
    }
    const draftTask = await createTask(['evalC1']);
    expectDeniedOnDraft(await as('cadreA1').post(`/tasks/${draftTask.id}/publish`));
    expectDeniedOnDraft(await as('cadreA1').post(`/tasks/${draftTask.id}/withdraw`));
    const task = await publish(draftTask.id);
    expectProblem(await as('cadreA1').post(`/tasks/${task.id}/close-bidding`), 403);
    expectProblem(await as('evalC1').post(`/tasks/${task.id}/close-bidding`), 403);
    const team = await formTeam('cadreA1');
    const theBid = await bid('cadreA1', task.id, team.id);
    await closeBidding(task.id);
    await evaluate('evalC1', theBid.id, scores(25, 15, 25, 15));
    expectProblem(await as('cadreA1').post(`/tasks/${task.id}/award`, { bidIds: [theBid.id] }), 403);
    expectProblem(await as('evalC1').post(`/tasks/${task.id}/award`, { bidIds: [theBid.id] }), 403);
    await award(task.id, [theBid.id]);
    await submitResults('cadreA1', task.id);
    await review('evalC1', task.id, 'pass');
    expectProblem(await as('cadreA1').post(`/tasks/${task.id}/conclude`), 403);
    expectProblem(await as('evalC1').post(`/tasks/${task.id}/conclude`), 403);
    expect((await getTask(task.id)).status).toBe('reviewing');
    expect((await conclude(task.id)).status).toBe('concluded');
  });

  it('lifecycle actions by a publisher of another department are 403; a publisher above the department may act', async () => {
    const draftTask = await createTask(['evalC1']);
    expectDeniedOnDraft(await as('pubB').post(`/tasks/${draftTask.id}/publish`));
    expectDeniedOnDraft(await as('pubB').post(`/tasks/${draftTask.id}/withdraw`));
    // The city-level publisher's subtree contains district A.
    const task = await publish(draftTask.id, 'pubRoot');
    expect(task.status).toBe('open');
    expectProblem(await as('pubB').post(`/tasks/${task.id}/close-bidding`), 403);
    const team = await formTeam('cadreB1');
    const theBid = await bid('cadreB1', task.id, team.id);
    expectProblem(await as('pubB').post(`/tasks/${task.id}/close-bidding`), 403);
    expect((await closeBidding(task.id, 'pubRoot')).status).toBe('evaluating');
    await evaluate('evalC1', theBid.id, scores(25, 15, 25, 15));
    expectProblem(await as('pubB').post(`/tasks/${task.id}/award`, { bidIds: [theBid.id] }), 403);
    await award(task.id, [theBid.id]);
    await submitResults('cadreB1', task.id);
    await review('evalC1', task.id, 'pass');
    expectProblem(await as('pubB').post(`/tasks/${task.id}/conclude`), 403);
    const board = await getTask(task.id);
    expect(board.status).toBe('reviewing');
    expect(board.history.filter((h) => h.from !== h.to).map((h) => h.actorId)).not.toContain(users.pubB.id);
    expect((await conclude(task.id, 'pubRoot')).status).toBe('concluded');
  });

  // ── 7. bad input ──────────────────────────────────────────────────────────────────────────────────

  it('refuses bad task input with 400 naming the field, and stores nothing', async () => {
    const own = expectStatus(await as('pubA').post<TaskBatchView>('/task-batches', { name: `校验批次 ${suffix}`, description: '' }), 201);
    const body = (fields: Record<string, unknown> = {}) => taskBody(['evalC1', 'evalC2'], { batchId: own.id, ...fields });
    const post = (fields: Record<string, unknown>) => as('pubA').post('/tasks', body(fields));

    expectInvalid(await post({ evaluatorIds: [users.evalC1.id, 'no-such-user-xyz'] }), ['evaluatorIds.1'], true);
    // A user without the evaluator role is no evaluator.
    expectInvalid(await post({ evaluatorIds: [users.cadreA1.id, users.evalC1.id] }), ['evaluatorIds.0'], true);
    expectInvalid(await post({ biddingDeadline: new Date(Date.now() - DAY).toISOString() }), ['biddingDeadline'], true);
    expectInvalid(await post({ biddingDeadline: inDays(30).toISOString(), deliveryDeadline: inDays(10).toISOString() }), ['deliveryDeadline'], true);
    expectInvalid(await post({ batchId: 'no-such-batch' }), ['batchId'], true);
    expectInvalid(await post({ domain: 'space' }), ['domain'], true);
    expectInvalid(await post({ rewardPoints: 1000.01 }), ['rewardPoints'], true);
    expectInvalid(await post({ milestones: [] }), ['milestones'], true);
    // Unknown fields: a client sets no status, publisher or department.
    expectInvalid(await post({ status: 'open', publisherId: users.pubB.id, departmentId: districtB.id }), ['departmentId', 'publisherId', 'status'], true);
    // Operator objects in a body or a query parameter.
    const operator = expectProblem(await post({ title: { $gt: '' } }), 400);
    expect(errorPaths(operator).some((path) => path.startsWith('title'))).toBe(true);
    expectProblem(await post({ evaluatorIds: [{ $ne: null }] }), 400);
    expectProblem(await call('GET', '/tasks?status[$ne]=draft', { token: tokens.viewer }), 400);
    expectProblem(await call('GET', '/tasks?batchId[$gt]=', { token: tokens.viewer }), 400);
    expectProblem(await call('GET', `/tasks?${encodeURIComponent('$where')}=1`, { token: tokens.viewer }), 400);
    expectInvalid(await as('viewer').get('/tasks?status=finished'), ['status'], true);
    expectInvalid(await as('viewer').get('/tasks?pageSize=101'), ['pageSize'], true);
    // Odd JSON never yields 500.
    for (const rawBody of ['[]', 'null', '"text"', '{"batchId":']) expectProblem(await call('POST', '/tasks', { token: tokens.pubA, rawBody }), 400);
    // Batches too.
    expectInvalid(await as('pubA').post('/task-batches', { name: '  ', description: '' }), ['name'], true);
    expectInvalid(await as('pubA').post('/task-batches', { name: '批次', description: '', id: 'mine' }), ['id'], true);

    expect(await listTasks('pubA', `batchId=${own.id}&pageSize=100`)).toMatchObject({ total: 0, items: [] });
    expect(await listTasks('pubRoot', `batchId=${own.id}&pageSize=100`)).toMatchObject({ total: 0 });

    // The same body, valid, is stored once.
    const stored = expectStatus(await as('pubA').post<TaskView>('/tasks', body()), 201);
    expect((await listTasks('pubA', `batchId=${own.id}&pageSize=100`)).items.map((item) => item.id)).toEqual([stored.id]);
  });

  it('refuses bad team input: shares not summing to 100, an unknown member; nothing stored', async () => {
    const before = await storedTeams();
    const member = (key: CadreKey, role: 'lead' | 'member', share: number) => ({ userId: users[key].id, role, share });

    const badShares = expectInvalid(await as('cadreA1').post('/teams', { name: '份额不对', members: [member('cadreA1', 'lead', 60), member('cadreB1', 'member', 30)] }), ['members']);
    expect(badShares.errors!.find((e) => e.path === 'members')!.message).toMatch(/100/);
    expectInvalid(
      await as('cadreA1').post('/teams', { name: '查无此人', members: [member('cadreA1', 'lead', 60), { userId: 'no-such-user-xyz', role: 'member', share: 40 }] }),
      ['members.1.userId'],
      true,
    );
    expectInvalid(await as('cadreA1').post('/teams', { name: '小数份额', members: [member('cadreA1', 'lead', 60.5), member('cadreB1', 'member', 39.5)] }), [
      'members.0.share',
      'members.1.share',
    ]);
    // The creator must be the one lead.
    expectProblem(await as('cadreA1').post('/teams', { name: '别人牵头', members: [member('cadreA1', 'member', 50), member('cadreB1', 'lead', 50)] }), 400);
    expectProblem(await as('cadreA1').post('/teams', { name: '两个牵头', members: [member('cadreA1', 'lead', 50), member('cadreB1', 'lead', 50)] }), 400);
    expectProblem(await as('cadreA1').post('/teams', { name: '不含自己', members: [member('cadreB1', 'lead', 100)] }), 400);
    // A client sets no invitation state.
    expectInvalid(
      await as('cadreA1').post('/teams', { name: '自己接受', members: [member('cadreA1', 'lead', 60), { ...member('cadreB1', 'member', 40), invitation: 'accepted' }] }),
      ['members.1.invitation'],
      true,
    );
    expectProblem(await as('cadreA1').post('/teams', { name: { $gt: '' }, members: [member('cadreA1', 'lead', 100)] }), 400);
    expect(await storedTeams()).toBe(before);
  });

  it('refuses a rubric score over its maximum (400 naming it) and keeps only valid evaluations', async () => {
    const { task, bid: theBid } = await toEvaluated('cadreA1', [['cadreB1', 50]]);
    expectInvalid(await as('evalC1').post(`/bids/${theBid.id}/evaluations`, { scores: scores(31, 10, 10, 10), comment: '' }), ['scores.feasibility'], true);
    expectInvalid(await as('evalC1').post(`/bids/${theBid.id}/evaluations`, { scores: scores(10, 20.5, 10, 10) }), ['scores.innovation'], true);
    expectInvalid(await as('evalC1').post(`/bids/${theBid.id}/evaluations`, { scores: scores(10, 10, 30.1, 21) }), ['scores.benefit', 'scores.capability'], true);
    expectInvalid(await as('evalC1').post(`/bids/${theBid.id}/evaluations`, { scores: { ...scores(10, 10, 10, 10), total: 40 } }), ['scores.total'], true);
    expectInvalid(await as('evalC1').post(`/bids/${theBid.id}/evaluations`, { scores: { feasibility: 10 } }), ['scores.benefit', 'scores.capability', 'scores.innovation'], true);
    expectProblem(await as('evalC1').post(`/bids/${theBid.id}/evaluations`, { scores: scores(10, 10, 10, 10), comment: { $ne: null } }), 400);

    const valid = await evaluate('evalC2', theBid.id, scores(30, 20, 30, 20), '满分');
    expect(valid.evaluation.count).toBe(1);
    // evalC1 has not scored validly yet: no award.
    expectProblem(await as('pubA').post(`/tasks/${task.id}/award`, { bidIds: [theBid.id] }), 409);
    await evaluate('evalC1', theBid.id, scores(30, 20, 30, 20));
    const awarded = await award(task.id, [theBid.id]);
    expect(awarded.bids[0].evaluation).toMatchObject({ count: 2, score: 100 });
    expect(awarded.bids[0].evaluations.map(({ evaluatorId, scores: given, total }) => ({ evaluatorId, given, total }))).toEqual([
      { evaluatorId: users.evalC2.id, given: scores(30, 20, 30, 20), total: 100 },
      { evaluatorId: users.evalC1.id, given: scores(30, 20, 30, 20), total: 100 },
    ]);

    // Bad progress, results and reviews are named as well.
    expectInvalid(await as('cadreA1').post(`/tasks/${task.id}/progress`, { milestone: '调研摸底', note: '' }), ['note'], true);
    expectInvalid(await as('cadreA1').post(`/tasks/${task.id}/results`, { summary: '总结', deliverables: [{ fileId: 'ABC' }] }), ['deliverables.0.fileId'], true);
    expect((await getTask(task.id)).status).toBe('in_progress');
    await submitResults('cadreA1', task.id);
    expectInvalid(await as('evalC1').post(`/tasks/${task.id}/reviews`, { verdict: 'superb', comment: '' }), ['verdict'], true);
    expect((await getTask(task.id)).reviews).toEqual([]);
  });

  // ── 8. the bidding deadline ───────────────────────────────────────────────────────────────────────

  it('the deadline job closes bidding by itself: evaluating with bids, unclaimed without', async () => {
    const team = await formTeam('cadreA1');
    const deadline = Date.now() + 5_000;
    const fields = { biddingDeadline: new Date(deadline).toISOString(), deliveryDeadline: inDays(60).toISOString() };
    const withBid = await openTask(['evalC1'], { ...fields, title: '限时揭榜（有人揭榜）' });
    const without = await openTask(['evalC1'], { ...fields, title: '限时揭榜（无人揭榜）' });
    expect(Date.now()).toBeLessThan(deadline);
    const theBid = await bid('cadreA1', withBid.id, team.id);

    const settle = (id: string) =>
      waitUntil(
        async () => {
          const task = await getTask(id);
          return task.status !== 'open' ? task : undefined;
        },
        { timeoutMs: deadline - Date.now() + 20_000, intervalMs: 500, what: `task ${id} to leave open by itself` },
      );
    const [closed, unclaimed] = await Promise.all([settle(withBid.id), settle(without.id)]);
    expect(closed).toMatchObject({ status: 'evaluating' });
    expect(closed.bids.map((b) => b.id)).toEqual([theBid.id]);
    expect(Date.parse(closed.biddingClosedAt!)).toBeGreaterThanOrEqual(deadline - 1_000);
    expect(unclaimed).toMatchObject({ status: 'unclaimed', bids: [] });
    expect(unclaimed.history.at(-1)).toMatchObject({ from: 'open', to: 'unclaimed' });

    // After the deadline nobody bids, and an unclaimed task is final.
    const late = await formTeam('cadreB1');
    expectProblem(await as('cadreB1').post(`/tasks/${without.id}/bids`, bidBody(late.id)), 409);
    expectProblem(await as('pubA').post(`/tasks/${without.id}/close-bidding`), 409);
    const row = (await listTasks('viewer', `batchId=${batch.id}&status=unclaimed&pageSize=100`)).items.find((item) => item.id === without.id);
    expect(row).toMatchObject({ status: 'unclaimed', bidCount: 0 });
    expectProblem(await as('pubA').post(`/tasks/${without.id}/publish`), 409);
  });

  it('closing bidding by hand without any bid marks the task unclaimed', async () => {
    const task = await openTask(['evalC1']);
    const closed = await closeBidding(task.id);
    expect(closed).toMatchObject({ status: 'unclaimed', bids: [] });
  });

  it('the board lists from cards kept beside the tasks; a card lost between the two writes is rebuilt at the next start', async () => {
    const task = await openTask(['evalC1']);
    const cards = tasksDb().collection<{ _id: string; version: number; status: string }>('task_cards');
    expect(await cards.findOne({ _id: task.id })).toMatchObject({ version: task.version, status: 'open' });
    const listed = async () => (await listTasks('viewer', `batchId=${task.batchId}&pageSize=100`)).items.map((t) => t.id);
    expect(await listed()).toContain(task.id);

    // As if the service had died after writing the task and before its card.
    await cards.deleteOne({ _id: task.id });
    expect(await listed()).not.toContain(task.id);
    expect(await platform.services.tasks.stop()).toBe(0);
    await platform.startAgain('tasks');
    await waitUntil(async () => (await as('viewer').get<Page<TaskSummaryView>>(`/tasks?batchId=${task.batchId}&pageSize=100`)).status === 200, { what: 'the gateway to reach the restarted tasks service' });
    expect(await listed()).toContain(task.id);
    expect(await cards.findOne({ _id: task.id })).toMatchObject({ version: task.version, status: 'open' });
  });

  // ── 9. the public board ───────────────────────────────────────────────────────────────────────────

  it('the public board: a plain cadre sees published tasks with their bids, evaluation scores and award, never drafts', async () => {
    const own = expectStatus(await as('pubA').post<TaskBatchView>('/task-batches', { name: `公开榜单批次 ${suffix}`, description: '全程公开' }), 201);
    const task = await openTask(['evalC1', 'evalC2'], { batchId: own.id, domain: 'industry', title: '重点产业链补链强链' });
    const hidden = await createTask(['evalC1'], { batchId: own.id, domain: 'industry', title: '尚未发布' });
    const teamX = await formTeam('cadreA1', [['cadreB1', 20]]);
    const teamY = await formTeam('cadreB2', [['cadreA2', 50]]);
    const bidX = await bid('cadreA1', task.id, teamX.id, { plan: '甲队方案' });
    const bidY = await bid('cadreB2', task.id, teamY.id, { plan: '乙队方案' });

    // While open: the bids are listed, their content sealed to all but their own team.
    const openBoard = await getTask(task.id, 'viewer');
    expect(openBoard.bids.map((b) => b.id).sort()).toEqual([bidX.id, bidY.id].sort());
    expect(Object.fromEntries(openBoard.bids.map((b) => [b.id, [b.sealed, b.plan]]))).toEqual({ [bidX.id]: [true, null], [bidY.id]: [true, null] });
    expect(Object.fromEntries((await getTask(task.id, 'cadreB1')).bids.map((b) => [b.id, b.plan]))).toEqual({ [bidX.id]: '甲队方案', [bidY.id]: null });
    const listed = await listTasks('viewer', `batchId=${own.id}&pageSize=100`);
    expect(listed.items.map((item) => item.id)).toEqual([task.id]);
    expect(listed).toMatchObject({ total: 1, page: 1, pageSize: 100 });
    expect(listed.items[0]).toMatchObject({ status: 'open', domain: 'industry', title: '重点产业链补链强链' });
    expect((await listTasks('viewer', `batchId=${own.id}&domain=legacy`)).total).toBe(0);
    expect((await listTasks('viewer', `batchId=${own.id}&domain=industry&status=open`)).total).toBe(1);
    expect((await listTasks('pubA', `batchId=${own.id}&pageSize=100`)).items.map((item) => item.id).sort()).toEqual([task.id, hidden.id].sort());

    await closeBidding(task.id);
    expect(Object.fromEntries((await getTask(task.id, 'viewer')).bids.map((b) => [b.id, b.plan]))).toEqual({ [bidX.id]: '甲队方案', [bidY.id]: '乙队方案' });
    await evaluate('evalC1', bidX.id, scores(28, 18, 27, 17)); // 90
    await evaluate('evalC2', bidX.id, scores(26, 16, 25, 15)); // 82
    await evaluate('evalC1', bidY.id, scores(20, 10, 20, 10)); // 60
    await evaluate('evalC2', bidY.id, scores(22, 12, 22, 14)); // 70
    await award(task.id, [bidX.id]);

    const board = await getTask(task.id, 'viewer');
    expect(board).toMatchObject({ status: 'in_progress', award: { bidIds: [bidX.id], teamIds: [teamX.id] } });
    const shown = Object.fromEntries(board.bids.map((b) => [b.id, b]));
    expect(shown[bidX.id]).toMatchObject({ status: 'awarded', teamName: teamX.name, evaluation: { count: 2, score: 86, rank: 1, spread: 8, divergent: false } });
    expect(shown[bidY.id]).toMatchObject({ status: 'not_awarded', teamName: teamY.name, evaluation: { count: 2, score: 65, rank: 2 } });
    expect(shown[bidX.id].evaluations.map((e) => e.total).sort()).toEqual([82, 90]);
    expect(shown[bidY.id].evaluations.map((e) => e.evaluatorName).sort()).toEqual(['评审专家丙一', '评审专家丙二']);
    expect(shown[bidX.id].members.map(({ userId, role, share }) => ({ userId, role, share }))).toEqual([
      { userId: users.cadreA1.id, role: 'lead', share: 80 },
      { userId: users.cadreB1.id, role: 'member', share: 20 },
    ]);
    // Every signed-in role sees the same board; the draft stays hidden.
    for (const who of ['cadreA2', 'evalRoot', 'pubB'] as const) {
      expect((await getTask(task.id, who)).award!.bidIds).toEqual([bidX.id]);
      expect((await listTasks(who, `batchId=${own.id}&pageSize=100`)).items.map((item) => item.id)).toEqual([task.id]);
    }
    expectProblem(await as('viewer').get(`/tasks/${hidden.id}`), 404);
    expectProblem(await as('viewer').get('/tasks/no-such-task'), 404);
    // Without a token nothing is shown.
    expect((await call('GET', `/tasks/${task.id}`)).status).toBe(401);
    expect((await call('GET', '/tasks')).status).toBe(401);

    // The list counts the bids.
    expect((await listTasks('viewer', `batchId=${own.id}&pageSize=100`)).items[0]).toMatchObject({ id: task.id, status: 'in_progress', bidCount: 2 });
  });

  it('dead ends: a team repaired by its lead (403 others, 409 with a live bid); my teams, invitations and bids; a task corrected and withdrawn before any bid', async () => {
    // A member declines; the lead repairs the team and invites again; others may not.
    const created = matchesSchema(teamViewSchema, expectStatus(
      await as('cadreA2').post<TeamView>('/teams', { name: `修复队 ${next()}`, members: [{ userId: users.cadreA2.id, role: 'lead', share: 60 }, { userId: users.cadreB2.id, role: 'member', share: 40 }] }),
      201,
    ));
    const invitations = matchesSchema(teamPageViewSchema, expectStatus(await as('cadreB2').get<Page<TeamView>>('/invitations/mine'), 200));
    expect(invitations.items.map((t) => t.id)).toContain(created.id);
    const declined = expectStatus(await as('cadreB2').post<TeamView>(`/teams/${created.id}/decline`), 200);
    for (const who of ['cadreB2', 'viewer', 'pubA'] as const) expectProblem(await as(who).patch(`/teams/${created.id}`, { version: declined.version, name: '别人改名' }), 403);
    expectProblem(await as('cadreB2').post(`/teams/${created.id}/invitations`, { userId: users.cadreB2.id }), 403);
    expectInvalid(await as('cadreA2').patch(`/teams/${created.id}`, { version: declined.version, members: [{ userId: users.cadreA2.id, role: 'lead', share: 70 }] }), ['members']);
    const again = matchesSchema(teamViewSchema, expectStatus(await as('cadreA2').post<TeamView>(`/teams/${created.id}/invitations`, { userId: users.cadreB2.id }), 200));
    expect(again.history.at(-1)).toMatchObject({ action: 'reinvite' });
    expectProblem(await as('cadreA2').post(`/teams/${created.id}/invitations`, { userId: users.cadreB2.id }), 409);
    const formed = expectStatus(await as('cadreB2').post<TeamView>(`/teams/${created.id}/accept`), 200);
    expect(formed.formed).toBe(true);

    // A published task is corrected before any bid; an accepted JSON command may have an empty body.
    const task = await openTask(['evalC1']);
    const corrected = matchesSchema(taskViewSchema, expectStatus(await as('pubA').patch<TaskView>(`/tasks/${task.id}`, { version: task.version, description: '更正后的任务描述' }), 200));
    expect(corrected.history.at(-1)).toMatchObject({ action: 'correct', comment: '更正：任务描述' });
    expectProblem(await as('pubB').patch(`/tasks/${task.id}`, { version: corrected.version, description: '别的单位' }), 403);
    expectProblem(await as('cadreA1').patch(`/tasks/${task.id}`, { version: corrected.version, description: '干部' }), 403);
    const theBid = await bid('cadreA2', task.id, formed.id);
    expectProblem(await as('pubA').patch(`/tasks/${task.id}`, { version: (await getTask(task.id, 'pubA')).version, description: '投标后更正' }), 409);
    expectProblem(await as('pubA').post(`/tasks/${task.id}/withdraw`), 409);
    // With a live bid the team is not edited.
    expectProblem(await as('cadreA2').patch(`/teams/${formed.id}`, { version: formed.version, name: '投标后改名' }), 409);

    // My teams and my bids, with the task's title and status; nothing of others'.
    for (const who of ['cadreA2', 'cadreB2'] as const) {
      const teams = matchesSchema(teamPageViewSchema, expectStatus(await as(who).get<Page<TeamView>>('/teams/mine?pageSize=100'), 200));
      expect(teams.items.map((t) => t.id)).toContain(formed.id);
      const bids = matchesSchema(myBidPageViewSchema, expectStatus(await as(who).get<Page<{ bidId: string; taskTitle: string; taskStatus: string }>>('/bids/mine?pageSize=100'), 200));
      expect(bids.items).toEqual(expect.arrayContaining([expect.objectContaining({ bidId: theBid.id, taskTitle: task.title, taskStatus: 'open' })]));
    }
    expect(matchesSchema(myBidPageViewSchema, expectStatus(await as('viewer').get('/bids/mine'), 200)).items.map((b) => b.bidId)).not.toContain(theBid.id);
    expectInvalid(await as('viewer').get('/teams/mine?pageSize=1000'), ['pageSize']);
    expect((await call('GET', '/invitations/mine')).status).toBe(401);

    // Withdrawn while open and without bids, by a command sent as JSON with an empty body.
    const unbid = await openTask(['evalC1']);
    const response = await fetch(`${platform.apiUrl}/tasks/${unbid.id}/withdraw`, { method: 'POST', headers: { authorization: `Bearer ${tokens.pubA}`, 'content-type': 'application/json' }, body: '' });
    expect(response.status).toBe(200);
    expect((await getTask(unbid.id)).status).toBe('withdrawn');
    const closing = await openTask(['evalC1']);
    const emptyClose = await fetch(`${platform.apiUrl}/tasks/${closing.id}/close-bidding`, { method: 'POST', headers: { authorization: `Bearer ${tokens.pubA}`, 'content-type': 'application/json' } });
    expect(emptyClose.status).toBe(200);
  });
});
