import { bid, task } from './testing';
import { awardableBids, bidEvaluationState, canConclude, conflictReasons, passedOverBids, sharesTotal, taskActionsFor, teamActionsFor, type Viewer } from './rules';

const publisher: Viewer = { id: 'u-pub', roles: ['publisher'], departmentId: 'd-city' };
const otherPublisher: Viewer = { id: 'u-pub2', roles: ['publisher'], departmentId: 'd-other' };
const cadre: Viewer = { id: 'u-lead', roles: ['cadre'], departmentId: 'd-longhua' };
const stranger: Viewer = { id: 'u-x', roles: ['cadre'], departmentId: 'd-x' };
const evaluator: Viewer = { id: 'u-ev1', roles: ['evaluator'], departmentId: 'd-ev' };
const now = new Date('2026-11-24T00:00:00Z');

describe('taskActionsFor', () => {
  it('offers edit, publish and withdraw on a draft to a publisher of its department only', () => {
    expect(taskActionsFor(task(), publisher, now)).toEqual(['edit', 'publish', 'withdraw']);
    expect(taskActionsFor(task(), otherPublisher, now)).toEqual([]);
    expect(taskActionsFor(task(), cadre, now)).toEqual([]);
  });

  it('shows nothing on a final task, whoever looks', () => {
    for (const status of ['concluded', 'withdrawn', 'unclaimed'] as const) {
      for (const viewer of [publisher, cadre, evaluator]) expect(taskActionsFor(task({ status }), viewer, now)).toEqual([]);
    }
    expect(taskActionsFor(task(), null, now)).toEqual([]);
  });

  it('lets the publisher close bidding and cadres bid (or revise their bid) while open and before the deadline', () => {
    // Before any bid the publisher may still correct (edit) or withdraw the task; not once a team has bid.
    expect(taskActionsFor(task({ status: 'open' }), publisher, now)).toEqual(['closeBidding', 'edit', 'withdraw']);
    expect(taskActionsFor(task({ status: 'open', bids: [bid()] }), publisher, now)).toEqual(['closeBidding']);
    expect(taskActionsFor(task({ status: 'open' }), stranger, now)).toEqual(['bid']);
    expect(taskActionsFor(task({ status: 'open', bids: [bid()] }), cadre, now)).toEqual(['updateBid']);
    expect(taskActionsFor(task({ status: 'open', biddingDeadline: '2026-01-01T00:00:00Z' }), stranger, now)).toEqual([]);
  });

  it('offers award only with a scored bid, and scoring only to an assigned unconflicted evaluator', () => {
    const unscored = task({ status: 'evaluating', bids: [bid()] });
    expect(taskActionsFor(unscored, publisher, now)).toEqual([]);
    const scored = task({ status: 'evaluating', bids: [bid({ evaluation: { ...bid().evaluation, count: 1 } })] });
    expect(taskActionsFor(scored, publisher, now)).toEqual(['award']);
    expect(taskActionsFor(unscored, evaluator, now)).toEqual(['evaluate']);
    const conflicted = task({ status: 'evaluating', bids: [bid({ evaluation: { ...bid().evaluation, conflictedEvaluatorIds: ['u-ev1'] } })] });
    expect(taskActionsFor(conflicted, evaluator, now)).toEqual([]);
    expect(taskActionsFor(unscored, { ...evaluator, id: 'u-unassigned' }, now)).toEqual([]);
  });

  it('offers no award until 评标 is complete, even with scored bids', () => {
    const scored = bid({ evaluation: { ...bid().evaluation, count: 1 } });
    const incomplete = task({ status: 'evaluating', bids: [scored], evaluationComplete: false });
    expect(awardableBids(incomplete)).toEqual([]);
    expect(taskActionsFor(incomplete, publisher, now)).toEqual([]);
    const complete = task({ status: 'evaluating', bids: [bid({ evaluation: { ...scored.evaluation, scoresShown: true, score: 80, rank: 1 } })] });
    expect(taskActionsFor(complete, publisher, now)).toEqual(['award']);
  });

  it('lets awarded members report progress and only the lead submit results, once', () => {
    const inProgress = task({ status: 'in_progress', bids: [bid({ status: 'awarded' })], award: { bidIds: ['t1_1'], teamIds: ['team1'], awardedBy: 'u-pub', awardedAt: '', reason: null, passedOverBidIds: [] } });
    expect(taskActionsFor(inProgress, cadre, now)).toEqual(['progress', 'results']);
    expect(taskActionsFor(inProgress, { id: 'u-m', roles: ['cadre'], departmentId: 'd-xiuying' }, now)).toEqual(['progress']);
    expect(taskActionsFor(inProgress, stranger, now)).toEqual([]);
    const submitted = { ...inProgress, results: [{ bidId: 't1_1', teamId: 'team1', summary: 's', deliverables: [], submittedBy: 'u-lead', submittedAt: '' }] };
    expect(taskActionsFor(submitted, cadre, now)).toEqual(['progress']);
  });

  it('concludes only with every expected review in; expected evaluators review', () => {
    const reviewing = task({ status: 'reviewing', reviewersExpected: ['u-ev1'] });
    expect(taskActionsFor(reviewing, publisher, now)).toEqual([]);
    expect(taskActionsFor(reviewing, evaluator, now)).toEqual(['review']);
    expect(taskActionsFor(reviewing, { ...evaluator, id: 'u-ev2' }, now)).toEqual([]);
    const done = { ...reviewing, reviews: [{ evaluatorId: 'u-ev1', evaluatorName: '周明', verdict: 'pass' as const, comment: '', at: '' }] };
    expect(canConclude(done)).toBe(true);
    expect(taskActionsFor(done, publisher, now)).toEqual(['conclude']);
    expect(canConclude(task({ status: 'reviewing', reviewersExpected: [] }))).toBe(false);
  });
});

describe('bid rules', () => {
  it('says why an evaluator is conflicted', () => {
    const b = bid({ evaluation: { ...bid().evaluation, conflictedEvaluatorIds: ['u-ev1'] } });
    const viewer: Viewer = { id: 'u-ev1', roles: ['evaluator'], departmentId: 'd-xiuying' };
    expect(bidEvaluationState(task({ status: 'evaluating' }), b, viewer)).toBe('conflicted');
    expect(conflictReasons(b, viewer)).toEqual({ self: false, members: ['李娜'] });
    expect(conflictReasons(b, { ...viewer, id: 'u-m' }).self).toBe(true);
    expect(bidEvaluationState(task({ status: 'evaluating' }), bid(), evaluator)).toBe('can');
    expect(bidEvaluationState(task({ status: 'reviewing' }), bid(), evaluator)).toBe('closed');
    expect(bidEvaluationState(task({ status: 'evaluating' }), bid(), cadre)).toBe('notAssigned');
  });

  it('awards only scored bids', () => {
    expect(awardableBids(task({ bids: [bid(), bid({ id: 't1_2', evaluation: { ...bid().evaluation, count: 2 } })] })).map((b) => b.id)).toEqual(['t1_2']);
  });
});

describe('teamActionsFor', () => {
  const team = {
    leadId: 'u-lead',
    formed: false,
    members: [
      { ...bid().members[0], invitation: 'accepted' as const },
      { ...bid().members[1], invitation: 'invited' as const },
    ],
  };
  it('lets an invited member answer, once', () => {
    expect(teamActionsFor(team, { id: 'u-m', roles: ['cadre'], departmentId: 'd' })).toEqual(['accept', 'decline']);
    expect(teamActionsFor({ ...team, members: [team.members[0], { ...team.members[1], invitation: 'accepted' }] }, { id: 'u-m', roles: ['cadre'], departmentId: 'd' })).toEqual([]);
    expect(teamActionsFor(team, stranger)).toEqual([]);
  });
  it('lets the lead bid once the team is formed', () => {
    expect(teamActionsFor(team, cadre)).toEqual([]);
    expect(teamActionsFor({ ...team, formed: true }, cadre)).toEqual(['bid']);
  });
  it('sums shares', () => {
    expect(sharesTotal([{ share: 60 }, { share: 40 }, { share: null }])).toBe(100);
  });
});

describe('passedOverBids', () => {
  const ranked = (id: string, rank: number | null) => bid({ id, teamName: `队${id}`, evaluation: { ...bid().evaluation, scoresShown: rank !== null, score: rank === null ? null : 100 - rank, rank } });
  const evaluating = task({ status: 'evaluating', allowRace: true, bids: [ranked('a', 1), ranked('b', 2), ranked('c', 3), ranked('u', null)] });

  it('is empty when the top bids are chosen, or none', () => {
    expect(passedOverBids(evaluating, [])).toEqual([]);
    expect(passedOverBids(evaluating, ['a'])).toEqual([]);
    expect(passedOverBids(evaluating, ['a', 'b'])).toEqual([]);
  });

  it('names the higher-ranked bids not chosen (a reason is then required)', () => {
    expect(passedOverBids(evaluating, ['c']).map((b) => b.id)).toEqual(['a', 'b']);
    expect(passedOverBids(evaluating, ['a', 'c']).map((b) => b.id)).toEqual(['b']);
  });
});
