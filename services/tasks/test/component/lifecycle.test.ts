/**
 * The tasks service in process (see fixtures.ts): batches and tasks, the lifecycle with its events, drafts,
 * the order of refusals (409 before 400), who may act (role and department), and the bidding deadline job.
 */
import { RPC, TASK_EVENTS, type Page, type TaskSummaryView } from '@cadre/contracts';
import { errorPaths, waitUntil, type Component } from '@cadre/testing';
import { as, inDays, people, scores, startTasks, type Steps } from './fixtures';
import { exportCsv } from '@cadre/platform';
import type { ExportPage } from '@cadre/contracts';

jest.setTimeout(120_000);

describe('tasks in process: batches, tasks and their lifecycle', () => {
  let tasks: Component;
  let s: Steps;
  beforeAll(async () => ({ tasks, steps: s } = await startTasks()));
  afterAll(async () => {
    await tasks?.stop();
  });

  it('creates a batch (a publisher only) and lists it for anyone signed in', async () => {
    const batch = await tasks.request(RPC.tasks.batchCreate, { name: '第二批', description: '说明' }, as('pubB'));
    expect(batch).toMatchObject({ name: '第二批', description: '说明', createdBy: people.pubB.id });
    const listed = await tasks.request(RPC.tasks.batchList, { pageSize: 100 }, as('viewer'));
    expect(listed.items.map((b: { id: string }) => b.id)).toContain(batch.id);
    expect((await tasks.refusal(RPC.tasks.batchCreate, { name: '干部的批次' }, as('cadreA1'))).status).toBe(403);
    expect(errorPaths(await tasks.refusal(RPC.tasks.batchCreate, { name: ' ', extra: 1 }, as('pubA')))).toEqual(['extra', 'name']);
    expect((await tasks.refusal(RPC.tasks.batchList, {})).status).toBe(401);
  });

  it('refuses a bad task with 400 naming every field (shape, batch, evaluators, deadline) and stores nothing', async () => {
    const body = s.taskBody(['evalC1'], {
      batchId: 'no-such-batch',
      evaluatorIds: [people.evalC1.id, people.cadreA1.id, 'nobody'],
      biddingDeadline: new Date(Date.now() - 60_000).toISOString(),
      domain: 'space',
      status: 'open',
    });
    const problem = await tasks.refusal(RPC.tasks.create, body, as('pubA'));
    expect(problem.status).toBe(400);
    expect(errorPaths(problem)).toEqual(['batchId', 'biddingDeadline', 'domain', 'evaluatorIds.1', 'evaluatorIds.2', 'status']);
    expect(problem.errors).toContainEqual({ path: 'evaluatorIds.1', message: 'does not hold the evaluator role' });
    expect(await tasks.db.collection('tasks').countDocuments({})).toBe(0);
    expect((await tasks.refusal(RPC.tasks.create, s.taskBody(['evalC1']), as('cadreA1'))).status).toBe(403);
  });

  it('creates a draft in the publisher’s department, with its card and history', async () => {
    const task = await s.draft(['evalC1', 'evalC2'], { title: '破解产权难题' });
    expect(task).toMatchObject({ status: 'draft', version: 1, title: '破解产权难题', publisherId: people.pubA.id, departmentId: people.pubA.department.id, bids: [] });
    expect(task.departmentPath).toEqual(people.pubA.department.path);
    expect(task.evaluators).toEqual([
      { userId: people.evalC1.id, name: '评审专家丙一' },
      { userId: people.evalC2.id, name: '评审专家丙二' },
    ]);
    expect(task.history).toEqual([expect.objectContaining({ action: 'create', from: null, to: 'draft', actorId: people.pubA.id, version: 1 })]);
    expect(await tasks.db.collection('task_cards').findOne({ _id: task.id as never })).toMatchObject({ version: 1, status: 'draft' });
  });

  it('a draft is invisible (404) to all but the publishers of its department subtree, on the board too', async () => {
    const task = await s.draft();
    for (const who of ['viewer', 'cadreA1', 'evalC1', 'pubB'] as const) {
      expect((await tasks.refusal(RPC.tasks.get, { id: task.id }, as(who))).status).toBe(404);
      const board: Page<TaskSummaryView> = await tasks.request(RPC.tasks.list, { pageSize: 100 }, as(who));
      expect(board.items.map((t) => t.id)).not.toContain(task.id);
      expect((await tasks.refusal(RPC.tasks.publish, { id: task.id }, as(who))).status).toBe(404);
    }
    expect((await s.get(task.id, 'pubCity')).status).toBe('draft');
    const drafts: Page<TaskSummaryView> = await tasks.request(RPC.tasks.list, { status: 'draft', pageSize: 100 }, as('pubA'));
    expect(drafts.items.map((t) => t.id)).toContain(task.id);
  });

  it('exports the board as CSV for people: labels, the department and batch names, Beijing time, the id last', async () => {
    const task = await s.draft(['evalC1'], { title: '导出检查', domain: 'livelihood', flags: ['urgent'] });
    const { csv, filename } = await tasks.request<ExportPage>(RPC.tasks.list, { status: 'draft', format: 'csv' }, as('pubA')).then((page) => ({ csv: exportCsv(page), filename: page.filename }));
    expect(filename).toMatch(/^tasks-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.replace(/^\uFEFF/, '').split(/\r\n/).filter(Boolean);
    expect(lines[0]).toBe('任务,批次,发榜单位,领域,急难险重,状态,奖励积分,赛马,揭榜截止,交付期限,揭榜团队数,评审结论,创建时间,编号');
    const line = lines.find((l) => l.endsWith(`,${task.id}`))!;
    expect(line).toMatch(new RegExp(`^导出检查,第一批重点专项,${people.pubA.department.name},民生保障,急,草稿,`));
    expect(line).toMatch(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2},\d{4}-\d{2}-\d{2} \d{2}:\d{2},0,,\d{4}-\d{2}-\d{2} \d{2}:\d{2},/);
    expect(csv).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  });

  it('exports page by page (keyset: the sort key, then the id) the same rows in the same order as one page, in any sort', async () => {
    await s.draft(['evalC1'], { title: '分页导出一', rewardPoints: 50 });
    await s.draft(['evalC1'], { title: '分页导出二', rewardPoints: 50 });
    await s.draft(['evalC1'], { title: '分页导出三', rewardPoints: 80 });
    const idsOf = (page: ExportPage) => page.rows.map((row) => row.at(-1));
    for (const sort of ['createdAt', '-rewardPoints', 'rewardPoints', '-biddingDeadline']) {
      const whole = await tasks.request<ExportPage>(RPC.tasks.list, { status: 'draft', format: 'xlsx', sort }, as('pubA'));
      expect(whole.next).toBeNull();
      process.env.EXPORT_PAGE_SIZE = '2';
      try {
        const paged: unknown[] = [];
        let page = await tasks.request<ExportPage>(RPC.tasks.list, { status: 'draft', format: 'xlsx', sort }, as('pubA'));
        paged.push(...idsOf(page));
        for (let pages = 1; page.next !== null; pages += 1) {
          expect(page.rows).toHaveLength(2);
          page = await tasks.request<ExportPage>(RPC.tasks.list, { status: 'draft', format: 'xlsx', sort, cursor: page.next }, as('pubA'));
          paged.push(...idsOf(page));
          expect(pages).toBeLessThan(whole.rows.length);
        }
        expect({ sort, ids: paged }).toEqual({ sort, ids: idsOf(whole) });
      } finally {
        delete process.env.EXPORT_PAGE_SIZE;
      }
    }
    expect((await tasks.refusal(RPC.tasks.list, { format: 'csv', cursor: 'nonsense' }, as('pubA'))).errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
  });

  it('edits a draft from its current version only; a stale version is 409, a wrong department 404', async () => {
    const task = await s.draft();
    const edited = await tasks.request(RPC.tasks.update, { id: task.id, version: 1, rewardPoints: 120 }, as('pubA'));
    expect(edited).toMatchObject({ version: 2, rewardPoints: 120 });
    expect(edited.history.at(-1)).toMatchObject({ action: 'update', version: 2 });
    const stale = await tasks.refusal(RPC.tasks.update, { id: task.id, version: 1, title: '过期' }, as('pubA'));
    expect(stale).toMatchObject({ status: 409, detail: 'Stale version: the task is at version 2.' });
    expect((await tasks.refusal(RPC.tasks.update, { id: task.id, version: 2, title: '别的单位' }, as('pubB'))).status).toBe(404);
    expect((await tasks.refusal(RPC.tasks.update, { id: task.id, version: 2, title: '干部' }, as('cadreA1'))).status).toBe(403);
    expect((await s.get(task.id, 'pubA')).version).toBe(2);
  });

  it('checks the state before the request’s content: 409 on a wrong state, 400 on the right one', async () => {
    const task = await s.draft();
    // Only the task's deadline makes this delivery date too early: a question of content, asked of drafts only.
    const early = { id: task.id, deliveryDeadline: inDays(3).toISOString() };
    expect(errorPaths(await tasks.refusal(RPC.tasks.update, { ...early, version: 1 }, as('pubA')))).toEqual(['deliveryDeadline']);
    const opened = await s.publish(task.id);
    // Open without bids, the task is still corrected (更正), so the content is asked again.
    expect(errorPaths(await tasks.refusal(RPC.tasks.update, { ...early, version: opened.version }, as('pubA')))).toEqual(['deliveryDeadline']);
    // An award of an unknown bid: 409 while bidding is open, 400 naming the bid once 评标 is complete.
    expect((await tasks.refusal(RPC.tasks.award, { id: task.id, bidIds: ['no-such-bid'] }, as('pubA'))).status).toBe(409);
    await s.closeBidding(task.id); // no bids: unclaimed
    expect((await tasks.refusal(RPC.tasks.update, { ...early, version: (await s.get(task.id, 'pubA')).version }, as('pubA'))).status).toBe(409);
    const { task: evaluating, bid } = await s.evaluating();
    await Promise.all([s.evaluate('evalC1', bid.id), s.evaluate('evalC2', bid.id)]);
    expect(errorPaths(await tasks.refusal(RPC.tasks.award, { id: evaluating.id, bidIds: ['no-such-bid'] }, as('pubA')))).toEqual(['bidIds.0']);
    expect((await s.get(evaluating.id)).status).toBe('evaluating');
  });

  it('publishes: open on the board, tasks.task.published with the evaluators and milestones', async () => {
    const task = await s.draft(['evalC1', 'evalC2']);
    const opened = await s.publish(task.id);
    expect(opened).toMatchObject({ status: 'open', version: 2, publishedAt: expect.any(String) });
    expect((await s.get(task.id, 'viewer')).status).toBe('open');
    const [event] = await s.events(TASK_EVENTS.published, (d) => d.taskId === task.id);
    expect(event).toMatchObject({ type: TASK_EVENTS.published, producer: 'tasks' });
    expect(event.data).toMatchObject({
      taskId: task.id,
      version: 2,
      status: 'open',
      fromStatus: 'draft',
      action: 'publish',
      actorId: people.pubA.id,
      evaluatorIds: [people.evalC1.id, people.evalC2.id],
      milestones: task.milestones,
      departmentPath: task.departmentPath,
      publishedAt: opened.publishedAt,
    });
    expect((await tasks.refusal(RPC.tasks.publish, { id: task.id }, as('pubA'))).status).toBe(409);
  });

  it('withdraws a draft (final), with the comment in its event; an open task with a bid is not withdrawn', async () => {
    const task = await s.draft();
    const withdrawn = await tasks.request(RPC.tasks.withdraw, { id: task.id, comment: '重复立项' }, as('pubA'));
    expect(withdrawn).toMatchObject({ status: 'withdrawn' });
    expect(withdrawn.history.at(-1)).toMatchObject({ action: 'withdraw', comment: '重复立项' });
    const [event] = await s.events(TASK_EVENTS.withdrawn, (d) => d.taskId === task.id);
    expect(event.data).toMatchObject({ status: 'withdrawn', fromStatus: 'draft', comment: '重复立项' });
    expect((await tasks.refusal(RPC.tasks.publish, { id: task.id }, as('pubA'))).status).toBe(409);
    const open = await s.open();
    await s.bid('cadreA1', open.id, (await s.team('cadreA1')).id);
    expect((await tasks.refusal(RPC.tasks.withdraw, { id: open.id }, as('pubA'))).status).toBe(409);
  });

  it('lifecycle moves belong to publishers of the task’s department subtree: a cadre, an evaluator, another department are 403', async () => {
    const task = await s.open(['evalC1']);
    for (const who of ['cadreA1', 'evalC1', 'pubB'] as const) expect((await tasks.refusal(RPC.tasks.closeBidding, { id: task.id }, as(who))).status).toBe(403);
    const team = await s.team('cadreB1');
    const bid = await s.bid('cadreB1', task.id, team.id);
    expect((await s.closeBidding(task.id, 'pubCity')).status).toBe('evaluating');
    await s.evaluate('evalC1', bid.id);
    for (const who of ['cadreB1', 'pubB'] as const) expect((await tasks.refusal(RPC.tasks.award, { id: task.id, bidIds: [bid.id] }, as(who))).status).toBe(403);
    await s.award(task.id, [bid.id]);
    await s.results('cadreB1', task.id);
    await s.review('evalC1', task.id);
    for (const who of ['evalC1', 'pubB'] as const) expect((await tasks.refusal(RPC.tasks.conclude, { id: task.id }, as(who))).status).toBe(403);
    const board = await s.get(task.id);
    expect(board.status).toBe('reviewing');
    expect(board.history.map((h) => h.actorId)).not.toContain(people.pubB.id);
  });

  it('runs close → award → results → review → conclude, each with its event and the card kept up', async () => {
    const { task, team, bid } = await s.evaluating('cadreA2', [['cadreB2', 30]]);
    const [closed] = await s.events(TASK_EVENTS.biddingClosed, (d) => d.taskId === task.id);
    expect(closed.data).toMatchObject({ status: 'evaluating', fromStatus: 'open', bidIds: [bid.id], teamIds: [team.id] });

    await s.evaluate('evalC1', bid.id, scores(28, 18, 28, 18));
    await s.evaluate('evalC2', bid.id, scores(28, 18, 28, 18));
    const awarded = await s.award(task.id, [bid.id]);
    expect(awarded).toMatchObject({ status: 'in_progress', award: { bidIds: [bid.id], teamIds: [team.id], awardedBy: people.pubA.id } });
    expect(awarded.bids[0]).toMatchObject({ status: 'awarded', evaluation: { score: 92, rank: 1 } });
    const [award] = await s.events(TASK_EVENTS.awarded, (d) => d.taskId === task.id);
    expect(award.data).toMatchObject({ bidIds: [bid.id], awarded: [{ bidId: bid.id, score: 92, rank: 1, evaluationCount: 2 }], ranking: [{ bidId: bid.id }] });

    const progressed = await tasks.request(RPC.tasks.progress, { id: task.id, milestone: '调研摸底', note: '已摸底。' }, as('cadreB2'));
    expect(progressed.progress).toEqual([expect.objectContaining({ milestone: '调研摸底', teamId: team.id, authorId: people.cadreB2.id })]);
    expect(errorPaths(await tasks.refusal(RPC.tasks.progress, { id: task.id, milestone: '不存在', note: '笔记' }, as('cadreB2')))).toEqual(['milestone']);
    expect((await tasks.refusal(RPC.tasks.results, { id: task.id, summary: '队员代交' }, as('cadreB2'))).status).toBe(403);
    const reviewing = await s.results('cadreA2', task.id);
    expect(reviewing).toMatchObject({ status: 'reviewing', reviewersExpected: [people.evalC1.id, people.evalC2.id] });
    const [submitted] = await s.events(TASK_EVENTS.resultsSubmitted, (d) => d.taskId === task.id);
    expect(submitted.data).toMatchObject({ actorId: people.cadreA2.id, bidId: bid.id, deliverableCount: 1 });

    await s.review('evalC1', task.id, 'excellent');
    expect((await tasks.refusal(RPC.tasks.conclude, { id: task.id }, as('pubA'))).status).toBe(409);
    await s.review('evalC2', task.id, 'pass');
    const concluded = await s.conclude(task.id);
    expect(concluded).toMatchObject({ status: 'concluded', verdict: 'pass', reward: { rewardPoints: 100, verdict: 'pass', flagged: true } });
    const [event] = await s.events(TASK_EVENTS.concluded, (d) => d.taskId === task.id);
    expect(event.data).toMatchObject({ version: concluded.version, verdict: 'pass', verdictTally: { excellent: 1, pass: 1, tolerated: 0, fail: 0 }, reviewCount: 2 });
    expect(event.data.teams).toEqual([
      expect.objectContaining({
        bidId: bid.id,
        teamId: team.id,
        leadId: people.cadreA2.id,
        members: [
          { userId: people.cadreA2.id, role: 'lead', share: 70, departmentId: people.cadreA2.department.id, departmentPath: people.cadreA2.department.path },
          { userId: people.cadreB2.id, role: 'member', share: 30, departmentId: people.cadreB2.department.id, departmentPath: people.cadreB2.department.path },
        ],
      }),
    ]);
    expect(await tasks.db.collection('task_cards').findOne({ _id: task.id as never })).toMatchObject({ version: concluded.version, status: 'concluded', verdict: 'pass', bidCount: 1 });
    expect(await tasks.db.collection('tasks').findOne({ _id: task.id as never })).toMatchObject({ updatedAt: new Date(concluded.updatedAt) });
  });

  it('the deadline job closes bidding by itself: unclaimed without bids, announced by the system', async () => {
    const task = await s.open(['evalC1'], { biddingDeadline: new Date(Date.now() + 2_000).toISOString() });
    const closed = await waitUntil(async () => ((await s.get(task.id)).status !== 'open' ? s.get(task.id) : undefined), { timeoutMs: 20_000, intervalMs: 250, what: 'bidding to close by itself' });
    expect(closed).toMatchObject({ status: 'unclaimed', bids: [] });
    expect(closed.history.at(-1)).toMatchObject({ from: 'open', to: 'unclaimed', actorId: 'system' });
    const [event] = await s.events(TASK_EVENTS.unclaimed, (d) => d.taskId === task.id);
    expect(event.data).toMatchObject({ status: 'unclaimed', actorId: 'system' });
  });
});
