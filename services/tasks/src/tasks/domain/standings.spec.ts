import { describePending, evaluationComplete, pendingEvaluations, scoredBids } from './standings';

const person = (userId: string, name: string, departmentPath: string[]) => ({ userId, name, departmentPath });
const evalC = person('eval-c', '评审专家丙一', ['city', 'district-c']);
const evalC2 = person('eval-c2', '评审专家丙二', ['city', 'district-c']);
const evalB = person('eval-b', '评审专家乙区', ['city', 'district-b']);
const cadreA = { userId: 'cadre-a', departmentPath: ['city', 'district-a'] };
const cadreB = { userId: 'cadre-b', departmentPath: ['city', 'district-b'] };
const scores = { feasibility: 20, innovation: 10, capability: 20, benefit: 10 };

const bid = (id: string, teamName: string, members: { userId: string; departmentPath: string[] }[], evaluatorIds: string[]) => ({
  id,
  teamName,
  submittedAt: new Date(0),
  members,
  evaluations: evaluatorIds.map((evaluatorId) => ({ evaluatorId, scores })),
});

describe('pendingEvaluations and evaluationComplete', () => {
  const evaluators = [evalC, evalC2, evalB];

  it('lists, by evaluator in assignment order, the bids each unconflicted evaluator has not scored', () => {
    const task = {
      evaluators,
      bids: [bid('t_1', '甲队', [cadreA], ['eval-c']), bid('t_2', '乙队', [cadreB], [])],
    };
    expect(pendingEvaluations(task)).toEqual([
      { evaluatorId: 'eval-c', evaluatorName: '评审专家丙一', bids: [{ bidId: 't_2', teamName: '乙队' }] },
      {
        evaluatorId: 'eval-c2',
        evaluatorName: '评审专家丙二',
        bids: [
          { bidId: 't_1', teamName: '甲队' },
          { bidId: 't_2', teamName: '乙队' },
        ],
      },
      // eval-b is conflicted with 乙队 (a member in district B) and owes only 甲队
      { evaluatorId: 'eval-b', evaluatorName: '评审专家乙区', bids: [{ bidId: 't_1', teamName: '甲队' }] },
    ]);
    expect(evaluationComplete(task)).toBe(false);
    expect(describePending(pendingEvaluations(task))).toBe('评审专家丙一 尚未评：乙队；评审专家丙二 尚未评：甲队、乙队；评审专家乙区 尚未评：甲队');
  });

  it('is complete when every unconflicted evaluator has scored every bid, the conflicted ones not awaited', () => {
    const task = {
      evaluators,
      bids: [bid('t_1', '甲队', [cadreA], ['eval-b', 'eval-c2', 'eval-c']), bid('t_2', '乙队', [cadreB], ['eval-c', 'eval-c2'])],
    };
    expect(pendingEvaluations(task)).toEqual([]);
    expect(evaluationComplete(task)).toBe(true);
  });

  it('is complete for a bid every evaluator is conflicted with (it cannot be scored, nor awarded)', () => {
    const task = { evaluators: [evalB], bids: [bid('t_1', '乙队', [cadreB], [])] };
    expect(evaluationComplete(task)).toBe(true);
    expect(scoredBids(task).get('t_1')).toMatchObject({ score: null, rank: null });
  });
});
