/**
 * The tasks service in process (see fixtures.ts): sealed bids while bidding is open, independent 评标 (an
 * evaluator sees only their own evaluation), the publisher's view once every evaluation is in, and the award
 * that waits for a complete 评标 and asks for a reason when it passes over a higher-ranked bid.
 */
import { RPC, TASK_EVENTS, type BidView, type TaskView } from '@cadre/contracts';
import { errorPaths, type Component } from '@cadre/testing';
import { as, people, scores, startTasks, type Person, type Steps } from './fixtures';

jest.setTimeout(120_000);

describe('tasks in process: sealed bids, independent 评标, the award after it', () => {
  let tasks: Component;
  let s: Steps;
  beforeAll(async () => ({ tasks, steps: s } = await startTasks()));
  afterAll(async () => {
    await tasks?.stop();
  });

  const bidOf = (task: TaskView, bidId: string): BidView => task.bids.find((b) => b.id === bidId)!;
  const sum = (c: Record<string, number>) => Math.round(Object.values(c).reduce((a, b) => a + b, 0) * 100) / 100;

  /** Two bids in 评标: team A (cadreA1 lead, cadreB1 member) and team B (cadreB2), evaluators C1 and C2. */
  async function twoBids() {
    const task = await s.open();
    const [teamA, teamB] = await Promise.all([s.team('cadreA1', [['cadreB1', 40]]), s.team('cadreB2')]);
    const bidA = await s.bid('cadreA1', task.id, teamA.id, { plan: '甲队方案：分片包干。' });
    const bidB = await s.bid('cadreB2', task.id, teamB.id, { plan: '乙队方案：以案促改。' });
    return { task, teamA, teamB, bidA, bidB };
  }

  it('seals a bid’s content while bidding is open: only its own team reads it; others see the team and time', async () => {
    const { task, bidA, bidB } = await twoBids();
    expect(bidA).toMatchObject({ sealed: false, plan: '甲队方案：分片包干。' });
    for (const who of ['cadreA1', 'cadreB1'] as Person[]) {
      const board = await s.get(task.id, who);
      expect(bidOf(board, bidA.id)).toMatchObject({ sealed: false, plan: '甲队方案：分片包干。', commitment: expect.any(String), milestones: expect.any(Array) });
      expect(bidOf(board, bidB.id)).toMatchObject({ sealed: true, plan: null, expectedResults: null, milestones: null, commitment: null });
    }
    for (const who of ['viewer', 'cadreB2', 'pubA', 'evalC1'] as Person[]) {
      const sealed = bidOf(await s.get(task.id, who), bidA.id);
      expect(sealed).toMatchObject({ sealed: true, plan: null, expectedResults: null, milestones: null, commitment: null, teamName: bidA.teamName, submittedAt: bidA.submittedAt });
    }
    const revised: BidView = await tasks.request(RPC.tasks.bidUpdate, { id: bidA.id, version: 1, plan: '甲队方案二。' }, as('cadreA1'));
    expect(revised).toMatchObject({ sealed: false, plan: '甲队方案二。' });

    await s.closeBidding(task.id);
    for (const who of ['viewer', 'cadreB2', 'pubA', 'evalC1'] as Person[]) {
      expect(bidOf(await s.get(task.id, who), bidA.id)).toMatchObject({ sealed: false, plan: '甲队方案二。' });
    }
  });

  it('评标 is independent: an evaluator sees only their own evaluation; the award waits for every one (409 naming who and what)', async () => {
    const { task, bidA, bidB } = await twoBids();
    await s.closeBidding(task.id);
    const mine = await tasks.request(RPC.tasks.evaluate, { id: bidA.id, scores: scores(25, 15, 25, 15), comment: '方案扎实' }, as('evalC1'));
    expect(mine.evaluations).toEqual([expect.objectContaining({ evaluatorId: people.evalC1.id, comment: '方案扎实', total: 80 })]);
    await s.evaluate('evalC2', bidA.id, scores(20, 10, 20, 10));
    await s.evaluate('evalC2', bidB.id, scores(27, 18, 28, 18));

    const byC1 = await s.get(task.id, 'evalC1');
    expect(bidOf(byC1, bidA.id).evaluations.map((e) => e.evaluatorId)).toEqual([people.evalC1.id]);
    expect(bidOf(byC1, bidB.id).evaluations).toEqual([]);
    expect(byC1.pendingEvaluations).toEqual([]);
    for (const board of [byC1, await s.get(task.id, 'pubA'), await s.get(task.id, 'viewer')]) {
      for (const bid of board.bids) expect(bid.evaluation).toMatchObject({ score: null, criteria: null, rank: null, spread: null, divergent: false, scoresShown: false });
    }
    const forPublisher = await s.get(task.id, 'pubA');
    expect(forPublisher).toMatchObject({ evaluationComplete: false, pendingEvaluations: [{ evaluatorId: people.evalC1.id, evaluatorName: '评审专家丙一', bids: [{ bidId: bidB.id }] }] });
    expect(bidOf(forPublisher, bidA.id).evaluations).toEqual([]);

    const refused = await tasks.refusal(RPC.tasks.award, { id: task.id, bidIds: [bidB.id] }, as('pubA'));
    expect(refused).toMatchObject({ status: 409, detail: expect.stringContaining(`评审专家丙一 尚未评：${bidB.teamName}`) });
    expect((await s.get(task.id, 'pubA')).status).toBe('evaluating');
  });

  it('once every evaluation is in the publisher sees scores, ranks and criterion means adding up; nobody else before the award', async () => {
    const { task, bidA, bidB } = await twoBids();
    await s.closeBidding(task.id);
    await Promise.all([
      s.evaluate('evalC1', bidA.id, scores(25, 15, 25, 15)),
      s.evaluate('evalC2', bidA.id, scores(20.1, 10, 20, 10.1)),
      s.evaluate('evalC1', bidB.id, scores(28, 18, 28, 18)),
      s.evaluate('evalC2', bidB.id, scores(27, 18, 28, 18)),
    ]);
    const forPublisher = await s.get(task.id, 'pubA');
    expect(forPublisher).toMatchObject({ evaluationComplete: true, pendingEvaluations: [] });
    expect(forPublisher.bids.map((b) => [b.id, b.evaluation.rank, b.evaluation.score, b.evaluation.scoresShown])).toEqual([
      [bidB.id, 1, 91.5, true],
      [bidA.id, 2, 70.1, true],
    ]);
    for (const bid of forPublisher.bids) expect(sum(bid.evaluation.criteria!)).toBe(bid.evaluation.score);
    expect((await s.get(task.id, 'pubCity')).bids[0].evaluation.scoresShown).toBe(true);

    for (const who of ['pubB', 'evalC1', 'evalC2', 'cadreA1', 'viewer'] as Person[]) {
      const board = await s.get(task.id, who);
      expect(board.evaluationComplete).toBe(true);
      expect(board.bids.map((b) => b.id)).toEqual([bidA.id, bidB.id]); // submission order: the order would tell the ranks
      for (const bid of board.bids) expect(bid.evaluation).toMatchObject({ score: null, rank: null, criteria: null, scoresShown: false });
    }
    expect(bidOf(await s.get(task.id, 'evalC2'), bidA.id).evaluations.map((e) => e.evaluatorId)).toEqual([people.evalC2.id]);
  });

  it('passing over the top bid needs a written reason (400 naming reason, nothing written); the reason is public with the award', async () => {
    const { task, bidA, bidB } = await twoBids();
    await s.closeBidding(task.id);
    await Promise.all([
      s.evaluate('evalC1', bidA.id, scores(25, 15, 25, 15)),
      s.evaluate('evalC2', bidA.id, scores(20, 10, 20, 10)),
      s.evaluate('evalC1', bidB.id, scores(28, 18, 28, 18)),
      s.evaluate('evalC2', bidB.id, scores(27, 18, 28, 18)),
    ]);
    const before = await s.get(task.id, 'pubA');
    for (const reason of [undefined, '   ']) {
      const refused = await tasks.refusal(RPC.tasks.award, { id: task.id, bidIds: [bidA.id], ...(reason === undefined ? {} : { reason }) }, as('pubA'));
      expect(errorPaths(refused)).toEqual(['reason']);
    }
    expect((await tasks.refusal(RPC.tasks.award, { id: task.id, bidIds: [bidA.id], reason: '越权' }, as('pubB'))).status).toBe(403);
    expect((await tasks.refusal(RPC.tasks.award, { id: task.id, bidIds: [bidA.id], reason: '越权' }, as('evalC1'))).status).toBe(403);
    expect(await s.get(task.id, 'pubA')).toEqual(before);

    const awarded: TaskView = await tasks.request(RPC.tasks.award, { id: task.id, bidIds: [bidA.id], reason: ' 甲队有同类问题化解经验 ' }, as('pubA'));
    expect(awarded.award).toMatchObject({ bidIds: [bidA.id], reason: '甲队有同类问题化解经验', passedOverBidIds: [bidB.id] });
    expect(awarded.history.at(-1)).toMatchObject({ action: 'award', comment: '甲队有同类问题化解经验' });
    const [event] = await s.events(TASK_EVENTS.awarded, (d) => d.taskId === task.id);
    expect(event.data).toMatchObject({ bidIds: [bidA.id], reason: '甲队有同类问题化解经验', passedOverBidIds: [bidB.id] });

    const public_ = await s.get(task.id, 'viewer');
    expect(public_.award).toMatchObject({ reason: '甲队有同类问题化解经验', passedOverBidIds: [bidB.id] });
    expect(public_.bids.map((b) => [b.id, b.evaluation.rank, b.evaluation.scoresShown, b.evaluations.length])).toEqual([
      [bidB.id, 1, true, 2],
      [bidA.id, 2, true, 2],
    ]);
  });

  it('awarding the top bid needs no reason', async () => {
    const { task, bidA, bidB } = await twoBids();
    await s.closeBidding(task.id);
    for (const who of ['evalC1', 'evalC2'] as Person[]) {
      await s.evaluate(who, bidA.id, scores(10, 10, 10, 10));
      await s.evaluate(who, bidB.id, scores(20, 10, 20, 10));
    }
    const awarded = await s.award(task.id, [bidB.id]);
    expect(awarded.award).toMatchObject({ reason: null, passedOverBidIds: [] });
  });
});
