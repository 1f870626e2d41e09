import type { Caller, Role, TaskStatus } from '@cadre/contracts';
import { bidContentVisible, biddingSealed, managesTask, scoresVisible, visibleEvaluations } from './visibility';

const caller = (userId: string, roles: Role[], path: string[]): Caller => ({ userId, name: userId, roles, departmentId: path[path.length - 1]!, departmentPath: path });
const pubA = caller('pub-a', ['publisher'], ['city', 'district-a']);
const pubCity = caller('pub-city', ['publisher'], ['city']);
const pubB = caller('pub-b', ['publisher'], ['city', 'district-b']);
const admin = caller('admin', ['admin'], ['city']);
const assessor = caller('assessor', ['assessor'], ['city']);
const lead = caller('lead', ['cadre'], ['city', 'district-a']);
const member = caller('member', ['cadre'], ['city', 'district-b']);
const rival = caller('rival', ['cadre'], ['city', 'district-b']);
const evalC = caller('eval-c', ['evaluator'], ['city', 'district-c']);
const evalC2 = caller('eval-c2', ['evaluator'], ['city', 'district-c']);
const evalB = caller('eval-b', ['evaluator'], ['city', 'district-b']);

const person = (c: Caller) => ({ userId: c.userId, name: `专家${c.userId}`, departmentPath: c.departmentPath });
const bid = (id: string, evaluatorIds: string[]) => ({
  id,
  teamName: `攻坚队${id}`,
  leadId: lead.userId,
  members: [{ ...person(lead) }, { ...person(member) }],
  evaluations: evaluatorIds.map((evaluatorId) => ({ evaluatorId })),
});
const task = (status: TaskStatus, evaluatorIds: string[][], award: unknown = null) => ({
  status,
  departmentPath: ['city', 'district-a'],
  award,
  // eval-b is conflicted with the team (member in district B): the evaluation is complete without them.
  evaluators: [evalC, evalC2, evalB].map(person),
  bids: evaluatorIds.map((ids, i) => bid(`t_${i + 1}`, ids)),
});

describe('sealed bids', () => {
  it('are sealed while the task is a draft or open, and no longer once bidding closes', () => {
    const sealed: TaskStatus[] = ['draft', 'open'];
    for (const status of ['draft', 'open', 'evaluating', 'in_progress', 'reviewing', 'concluded', 'withdrawn', 'unclaimed'] as TaskStatus[]) {
      expect(biddingSealed({ status })).toBe(sealed.includes(status));
    }
  });

  it('show their content only to their own team while open: not to rivals, viewers, the publisher or evaluators', () => {
    const theBid = bid('t_1', []);
    expect(bidContentVisible({ status: 'open' }, theBid, lead)).toBe(true);
    expect(bidContentVisible({ status: 'open' }, theBid, member)).toBe(true);
    for (const other of [rival, pubA, pubCity, admin, assessor, evalC]) expect(bidContentVisible({ status: 'open' }, theBid, other)).toBe(false);
  });

  it('show their content to everyone once bidding has closed', () => {
    for (const who of [rival, pubA, evalC, lead]) expect(bidContentVisible({ status: 'evaluating' }, bid('t_1', []), who)).toBe(true);
  });
});

describe('managesTask', () => {
  it('is a publisher of the task’s department subtree, an admin or an assessor', () => {
    const t = { departmentPath: ['city', 'district-a'] };
    expect([pubA, pubCity, admin, assessor].map((w) => managesTask(w, t))).toEqual([true, true, true, true]);
    expect([pubB, lead, evalC].map((w) => managesTask(w, t))).toEqual([false, false, false]);
  });
});

describe('scoresVisible', () => {
  const complete = ['eval-c', 'eval-c2'];

  it('shows nobody the scores while an evaluation is missing, not even the publisher', () => {
    const t = task('evaluating', [complete, ['eval-c']]);
    for (const who of [pubA, admin, assessor, evalC, lead, rival]) expect(scoresVisible(t, who)).toBe(false);
  });

  it('shows those who manage the task the scores once every unconflicted evaluator has scored every bid', () => {
    const t = task('evaluating', [complete, complete]);
    expect([pubA, pubCity, admin, assessor].map((w) => scoresVisible(t, w))).toEqual([true, true, true, true]);
  });

  it('keeps them from everyone else, evaluators included, until the award', () => {
    const t = task('evaluating', [complete, complete]);
    for (const who of [pubB, evalC, evalC2, lead, rival]) expect(scoresVisible(t, who)).toBe(false);
  });

  it('shows everyone the scores with the award', () => {
    const t = task('in_progress', [complete, complete], { bidIds: ['t_1'] });
    for (const who of [pubB, evalC, lead, rival]) expect(scoresVisible(t, who)).toBe(true);
  });
});

describe('visibleEvaluations', () => {
  const evaluations = [
    { evaluatorId: 'eval-c', total: 80 },
    { evaluatorId: 'eval-c2', total: 60 },
  ];

  it('gives an evaluator only their own before the award, and others none', () => {
    expect(visibleEvaluations({ award: null }, evaluations, evalC)).toEqual([evaluations[0]]);
    expect(visibleEvaluations({ award: null }, evaluations, pubA)).toEqual([]);
    expect(visibleEvaluations({ award: null }, evaluations, evalB)).toEqual([]);
  });

  it('gives everyone every evaluation with the award', () => {
    expect(visibleEvaluations({ award: {} }, evaluations, rival)).toEqual(evaluations);
  });
});
