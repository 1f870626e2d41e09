/**
 * 评审 in process (see fixtures.ts): a verdict per awarded team in a race (赛马), the 容错 process, and reviews
 * sealed until the conclusion.
 */
import { RPC, TASK_EVENTS, type TaskConcludedV1, type TaskView } from '@cadre/contracts';
import { errorPaths, type Component } from '@cadre/testing';
import { as, people, scores, startTasks, type Person, type Steps } from './fixtures';

jest.setTimeout(120_000);

describe('tasks in process: 评审 per team, 容错 and sealed verdicts', () => {
  let tasks: Component;
  let s: Steps;
  beforeAll(async () => ({ tasks, steps: s } = await startTasks()));
  afterAll(async () => {
    await tasks?.stop();
  });

  const review = (who: Person, id: string, body: Record<string, unknown>): Promise<TaskView> => tasks.request(RPC.tasks.review, { id, comment: '', ...body }, as(who));
  const tolerance = (who: Person, id: string, justification = '已尽职履责，因上级政策调整未能按期达成。'): Promise<TaskView> =>
    tasks.request(RPC.tasks.tolerance, { id, justification }, as(who));

  /** A race of team A (cadreA1) and team B (cadreB1 + cadreB2), both awarded, in progress. */
  async function race() {
    const task = await s.open(['evalC1', 'evalC2'], { allowRace: true });
    const teamA = await s.team('cadreA1');
    const teamB = await s.team('cadreB1', [['cadreB2', 40]]);
    const bidA = await s.bid('cadreA1', task.id, teamA.id);
    const bidB = await s.bid('cadreB1', task.id, teamB.id);
    await s.closeBidding(task.id);
    for (const who of ['evalC1', 'evalC2'] as const) for (const bid of [bidA, bidB]) await s.evaluate(who, bid.id, scores(25, 15, 25, 15));
    await s.award(task.id, [bidA.id, bidB.id]);
    return { task, teamA, teamB };
  }

  it('judges each team of a race on its own, with 容错 for the team that applied, sealed until the conclusion', async () => {
    const { task, teamA, teamB } = await race();

    // 容错: the lead only, with a justification, once.
    for (const who of ['cadreB2', 'evalC1', 'pubA', 'viewer'] as const) expect((await tasks.refusal(RPC.tasks.tolerance, { id: task.id, justification: '理由' }, as(who))).status).toBe(403);
    expect(errorPaths(await tasks.refusal(RPC.tasks.tolerance, { id: task.id, justification: '  ' }, as('cadreB1')))).toEqual(['justification']);
    const applied = await tolerance('cadreB1', task.id);
    expect(applied.teamVerdicts!.find((t) => t.teamId === teamB.id)!.tolerance).toMatchObject({ appliedBy: people.cadreB1.id, decision: null });
    expect(applied.history.at(-1)).toMatchObject({ action: 'applyTolerance', actorId: people.cadreB1.id, from: 'in_progress', to: 'in_progress' });
    expect((await tasks.refusal(RPC.tasks.tolerance, { id: task.id, justification: '再申请' }, as('cadreB1'))).status).toBe(409);

    await s.results('cadreA1', task.id);
    await s.results('cadreB1', task.id);

    // The team is named in a race; tolerated only for the team that applied; its reviewers decide on the application.
    expect(errorPaths(await tasks.refusal(RPC.tasks.review, { id: task.id, verdict: 'pass' }, as('evalC1')))).toEqual(['teamId']);
    expect(errorPaths(await tasks.refusal(RPC.tasks.review, { id: task.id, teamId: 'no-such-team', verdict: 'pass' }, as('evalC1')))).toEqual(['teamId']);
    expect(errorPaths(await tasks.refusal(RPC.tasks.review, { id: task.id, teamId: teamA.id, verdict: 'tolerated' }, as('evalC1')))).toEqual(['verdict']);
    expect(errorPaths(await tasks.refusal(RPC.tasks.review, { id: task.id, teamId: teamB.id, verdict: 'fail' }, as('evalC1')))).toEqual(['tolerance']);
    expect((await tasks.refusal(RPC.tasks.review, { id: task.id, teamId: teamA.id, verdict: 'pass' }, as('evalB'))).status).toBe(403);
    await review('evalC1', task.id, { teamId: teamA.id, verdict: 'excellent', comment: '成效突出' });
    const own = await review('evalC1', task.id, { teamId: teamB.id, verdict: 'tolerated', tolerance: 'accepted', comment: '尽职免责' });
    expect(own.reviews.map((r) => [r.teamId, r.verdict])).toEqual([
      [teamA.id, 'excellent'],
      [teamB.id, 'tolerated'],
    ]);
    // Applied once reviewed: too late.
    expect((await tasks.refusal(RPC.tasks.tolerance, { id: task.id, justification: '理由' }, as('cadreA1'))).status).toBe(409);

    // Sealed: the publisher, the other evaluator and everyone else see the counts only.
    for (const who of ['pubA', 'evalC2', 'viewer', 'cadreB1'] as const) {
      const seen = await s.get(task.id, who);
      expect(seen.reviews).toEqual([]);
      expect(seen.teamVerdicts!.map((t) => [t.teamId, t.reviewCount, t.verdict, t.verdictTally])).toEqual([
        [teamA.id, 1, null, null],
        [teamB.id, 1, null, null],
      ]);
    }
    expect((await s.get(task.id, 'evalC1')).reviews).toHaveLength(2);

    const pending = await tasks.refusal(RPC.tasks.conclude, { id: task.id }, as('pubA'));
    expect(pending.status).toBe(409);
    expect(pending.detail).toContain(teamA.name);
    expect(pending.detail).toContain(teamB.name);
    await review('evalC2', task.id, { teamId: teamA.id, verdict: 'pass' });
    const stillB = await tasks.refusal(RPC.tasks.conclude, { id: task.id }, as('pubA'));
    expect(stillB.status).toBe(409);
    expect(stillB.detail).not.toContain(teamA.name);
    expect(stillB.detail).toContain(teamB.name);
    await review('evalC2', task.id, { teamId: teamB.id, verdict: 'tolerated', tolerance: 'accepted' });

    const concluded = await s.conclude(task.id);
    expect(concluded).toMatchObject({ status: 'concluded', verdict: 'pass', reward: { verdict: 'pass' } });
    expect(concluded.reward!.teams.map((t) => [t.teamId, t.verdict])).toEqual([
      [teamA.id, 'pass'],
      [teamB.id, 'tolerated'],
    ]);
    expect(concluded.history.at(-1)!.comment).toBe(`${teamA.name}：合格；${teamB.name}：容错（容错申请：同意）`);
    const board = await s.get(task.id, 'viewer');
    expect(board.reviews).toHaveLength(4);
    expect(board.teamVerdicts).toEqual([
      expect.objectContaining({ teamId: teamA.id, verdict: 'pass', reviewCount: 2, verdictTally: { excellent: 1, pass: 1, tolerated: 0, fail: 0 }, tolerance: null }),
      expect.objectContaining({ teamId: teamB.id, verdict: 'tolerated', reviewCount: 2, tolerance: expect.objectContaining({ decision: 'accepted' }) }),
    ]);

    const [event] = await s.events(TASK_EVENTS.concluded, (d) => d.taskId === task.id);
    const data = event.data as TaskConcludedV1;
    expect(data).toMatchObject({ verdict: 'pass', reviewCount: 4, verdictTally: { excellent: 1, pass: 1, tolerated: 2, fail: 0 } });
    expect(data.teams.map(({ teamId, verdict, reviewCount, tolerance: decision }) => ({ teamId, verdict, reviewCount, decision }))).toEqual([
      { teamId: teamA.id, verdict: 'pass', reviewCount: 2, decision: null },
      { teamId: teamB.id, verdict: 'tolerated', reviewCount: 2, decision: 'accepted' },
    ]);
    expect((await tasks.refusal(RPC.tasks.tolerance, { id: task.id, justification: '理由' }, as('cadreB1'))).status).toBe(409);
  });

  it('keeps a single awarded team’s review without teamId, and refuses tolerated without an application', async () => {
    const { task, team, bid } = await s.evaluating('cadreA2');
    await s.evaluate('evalC1', bid.id);
    await s.evaluate('evalC2', bid.id);
    await s.award(task.id, [bid.id]);
    await s.results('cadreA2', task.id);
    expect(errorPaths(await tasks.refusal(RPC.tasks.review, { id: task.id, verdict: 'tolerated', tolerance: 'accepted' }, as('evalC1')))).toEqual(['tolerance', 'verdict']);
    const reviewed = await review('evalC1', task.id, { verdict: 'fail' });
    expect(reviewed.reviews).toEqual([expect.objectContaining({ teamId: team.id, verdict: 'fail', tolerance: null })]);
    expect((await tasks.refusal(RPC.tasks.tolerance, { id: task.id, justification: '理由' }, as('cadreA2'))).status).toBe(409);
    expect((await s.get(task.id, 'pubA')).reviews).toEqual([]);
  });
});
