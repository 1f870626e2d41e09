import type { Caller, EvaluationScores, Role, TaskTransitionBaseV1, TaskVerdict } from '@cadre/contracts';
import { ProblemException } from '@cadre/platform';
import type { BidEntry, TaskDocument } from '../task.schema';
import { awardTask, closeBidding, concludeTask } from './transitions';
import { reviewResults, submitResults } from './delivery';
import { evaluateBid } from './bids';
import { withdrawBeforeBids } from './drafts';
import { waitingOf } from './waiting';

const caller = (userId: string, roles: Role[], path: string[]): Caller => ({ userId, name: userId, roles, departmentId: path[path.length - 1], departmentPath: path });
const pub = caller('pub', ['publisher'], ['city', 'a']);
const leadA = caller('lead-a', ['cadre'], ['city', 'a']);
const leadB = caller('lead-b', ['cadre'], ['city', 'b']);
const ev1 = caller('ev-1', ['evaluator'], ['city', 'c']);
const ev2 = caller('ev-2', ['evaluator'], ['city', 'd']);
/** In district b: conflicted (回避) with team 2, whose lead is there. */
const evB = caller('ev-b', ['evaluator'], ['city', 'b']);
const now = new Date('2026-12-01T02:00:00Z');
const scores: EvaluationScores = { feasibility: 20, innovation: 15, capability: 20, benefit: 15 };

const member = (who: Caller) => ({ userId: who.userId, name: who.name, departmentId: who.departmentId, departmentPath: who.departmentPath, role: 'lead' as const, share: 100 });
const bid = (n: number, lead: Caller, status: BidEntry['status'] = 'submitted'): BidEntry => ({
  id: `t_${n}`,
  version: 1,
  teamId: `team-${n}`,
  teamName: `攻坚队${n}`,
  leadId: lead.userId,
  members: [member(lead)],
  status,
  plan: '',
  expectedResults: '',
  milestones: [],
  commitment: '',
  evaluations: [],
  submittedAt: now,
  updatedAt: now,
});

function task(fields: Partial<TaskDocument> = {}, evaluators: Caller[] = [ev1, ev2], bids = [bid(1, leadA), bid(2, leadB)]): TaskDocument {
  return {
    _id: 't',
    version: 5,
    status: 'evaluating',
    batchId: 'b',
    batchName: '',
    title: '任务',
    description: '',
    domain: 'legacy',
    flags: [],
    goals: '',
    expectedResults: '',
    milestones: [],
    biddingDeadline: now,
    deliveryDeadline: now,
    rewardPoints: 100,
    allowRace: true,
    publisherId: pub.userId,
    departmentId: 'a',
    departmentPath: ['city', 'a'],
    evaluators: evaluators.map((e) => ({ userId: e.userId, name: e.name, departmentPath: e.departmentPath })),
    bidSeq: bids.length,
    bidCount: bids.length,
    bids,
    teamIds: bids.map((b) => b.teamId),
    award: null,
    progress: [],
    results: [],
    reviews: [],
    tolerances: [],
    teamVerdicts: [],
    verdict: null,
    reward: null,
    history: [],
    publishedAt: now,
    biddingClosedAt: now,
    awardedAt: null,
    resultsSubmittedAt: null,
    concludedAt: null,
    outbox: [],
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
}

/** `t` with `who`'s scores on the bids named. */
function scored(t: TaskDocument, who: Caller, ...bidIds: string[]): TaskDocument {
  return {
    ...t,
    bids: t.bids.map((b) => (bidIds.includes(b.id) ? { ...b, evaluations: [...b.evaluations, { evaluatorId: who.userId, evaluatorName: who.name, scores, total: 70, comment: '', at: now }] } : b)),
  };
}

/** `t` awarded (both teams, a race) and in `status`, with results from `withResults`. */
function awarded(t: TaskDocument, status: TaskDocument['status'], withResults: string[]): TaskDocument {
  return {
    ...t,
    status,
    bids: t.bids.map((b) => ({ ...b, status: 'awarded' })),
    award: { bidIds: t.bids.map((b) => b.id), teamIds: t.bids.map((b) => b.teamId), awardedBy: pub.userId, awardedAt: now, reason: null, passedOverBidIds: [] },
    awardedAt: now,
    results: t.bids.filter((b) => withResults.includes(b.teamId)).map((b) => ({ bidId: b.id, teamId: b.teamId, summary: '成果', deliverables: [], submittedBy: b.leadId, submittedAt: now })),
  };
}

const reviewed = (t: TaskDocument, who: Caller, teamId: string, verdict: TaskVerdict = 'pass'): TaskDocument => ({
  ...t,
  reviews: [...t.reviews, { evaluatorId: who.userId, evaluatorName: who.name, teamId, verdict, comment: '', tolerance: null, at: now }],
});

/** Whether the decision refuses with a 409 (the award or the conclusion not possible yet). */
function conflicts(decide: () => unknown): boolean {
  try {
    decide();
    return false;
  } catch (error) {
    if (error instanceof ProblemException && error.problem.status === 409) return true;
    throw error;
  }
}

const empty = { pendingEvaluations: [], pendingReviews: [], readyToAward: false, readyToConclude: false };

describe('who a task waits for', () => {
  it('evaluating: each evaluator with the bids they have not scored; ready to award exactly when the award would go ahead', () => {
    let t = scored(scored(task(), ev1, 't_1', 't_2'), ev2, 't_1');
    expect(waitingOf(t)).toEqual({ pendingEvaluations: [{ evaluatorId: 'ev-2', bidIds: ['t_2'] }], pendingReviews: [], readyToAward: false, readyToConclude: false });
    expect(conflicts(() => awardTask(t, pub, now, ['t_1']))).toBe(true);

    t = scored(t, ev2, 't_2');
    expect(waitingOf(t)).toEqual({ ...empty, readyToAward: true });
    expect(conflicts(() => awardTask(t, pub, now, ['t_1']))).toBe(false);
  });

  it('leaves a conflicted (回避) evaluator out of the bids they may not score', () => {
    const t = task({}, [ev1, evB]);
    expect(waitingOf(t).pendingEvaluations).toEqual([
      { evaluatorId: 'ev-1', bidIds: ['t_1', 't_2'] },
      { evaluatorId: 'ev-b', bidIds: ['t_1'] },
    ]);
    const done = scored(scored(t, ev1, 't_1', 't_2'), evB, 't_1');
    expect(waitingOf(done)).toEqual({ ...empty, readyToAward: true });
    expect(conflicts(() => awardTask(done, pub, now, ['t_1']))).toBe(false);
  });

  it('a race: nothing to review while one awarded team has results and the other not; then every expected reviewer owes every team', () => {
    const evaluated = scored(scored(task(), ev1, 't_1', 't_2'), ev2, 't_1', 't_2');
    const oneIn = awarded(evaluated, 'in_progress', ['team-1']);
    expect(waitingOf(oneIn)).toEqual(empty);
    expect(conflicts(() => concludeTask(oneIn, pub, now))).toBe(true);

    // The second team's results move the task to 评审: its event says who owes which team.
    const change = submitResults(oneIn, leadB, { summary: '成果' }, now);
    expect((change.events?.[0].data as TaskTransitionBaseV1).waiting).toEqual({
      pendingEvaluations: [],
      pendingReviews: [
        { evaluatorId: 'ev-1', teamIds: ['team-1', 'team-2'] },
        { evaluatorId: 'ev-2', teamIds: ['team-1', 'team-2'] },
      ],
      readyToAward: false,
      readyToConclude: false,
    });

    let t = reviewed(awarded(evaluated, 'reviewing', ['team-1', 'team-2']), ev1, 'team-1');
    expect(waitingOf(t).pendingReviews).toEqual([
      { evaluatorId: 'ev-1', teamIds: ['team-2'] },
      { evaluatorId: 'ev-2', teamIds: ['team-1', 'team-2'] },
    ]);
    t = reviewed(reviewed(reviewed(t, ev1, 'team-2'), ev2, 'team-1'), ev2, 'team-2', 'excellent');
    expect(waitingOf(t)).toEqual({ ...empty, readyToConclude: true });
    expect(conflicts(() => concludeTask(t, pub, now))).toBe(false);
  });

  it('a reviewer conflicted with an awarded team owes no review (as the review and the conclusion decide)', () => {
    const t = awarded(task({}, [ev1, evB]), 'reviewing', ['team-1', 'team-2']);
    expect(waitingOf(t).pendingReviews).toEqual([{ evaluatorId: 'ev-1', teamIds: ['team-1', 'team-2'] }]);
    const done = reviewed(reviewed(t, ev1, 'team-1'), ev1, 'team-2');
    expect(waitingOf(done).readyToConclude).toBe(true);
    expect(conflicts(() => concludeTask(done, pub, now))).toBe(false);
  });

  it('not ready to conclude while a team has no review at all, even when nobody is expected (every reviewer conflicted)', () => {
    const t = awarded(task({}, [evB], [bid(2, leadB)]), 'reviewing', ['team-2']);
    expect(waitingOf(t)).toEqual(empty);
    expect(conflicts(() => concludeTask(t, pub, now))).toBe(true);
  });

  it('waits for nobody once concluded, withdrawn or unclaimed, nor while open', () => {
    const evaluated = scored(scored(task(), ev1, 't_1', 't_2'), ev2, 't_1', 't_2');
    for (const status of ['concluded', 'withdrawn', 'unclaimed', 'open', 'in_progress'] as const) {
      expect(waitingOf({ ...awarded(evaluated, status, ['team-1']), status })).toEqual(empty);
    }
    expect((withdrawBeforeBids(task({ status: 'open', bids: [], bidCount: 0, teamIds: [] }), pub, now, '撤榜').events?.[0].data as TaskTransitionBaseV1).waiting).toEqual(empty);
  });

  it('bidding_closed carries every evaluator with every bid they may score, at the version written', () => {
    const change = closeBidding(task({ status: 'open', biddingClosedAt: null }, [ev1, evB]), pub, now);
    expect(change.events?.[0]).toMatchObject({
      subject: 'tasks.task.bidding_closed',
      data: {
        version: 6,
        status: 'evaluating',
        waiting: {
          pendingEvaluations: [
            { evaluatorId: 'ev-1', bidIds: ['t_1', 't_2'] },
            { evaluatorId: 'ev-b', bidIds: ['t_1'] },
          ],
          readyToAward: false,
        },
      },
    });
  });
});

describe('evaluations and reviews recorded', () => {
  it('tasks.task.evaluation_recorded names the evaluator and the bid, and what the task waits for after it', () => {
    const t = scored(task({}, [ev1]), ev1, 't_1');
    const first = evaluateBid(task({}, [ev1]), 't_1', ev1, { scores, comment: '' }, now);
    expect(first.events).toEqual([
      {
        subject: 'tasks.task.evaluation_recorded',
        data: expect.objectContaining({
          taskId: 't',
          version: 6,
          status: 'evaluating',
          fromStatus: 'evaluating',
          action: 'evaluate',
          actorId: 'ev-1',
          evaluatorId: 'ev-1',
          bidId: 't_1',
          waiting: { pendingEvaluations: [{ evaluatorId: 'ev-1', bidIds: ['t_2'] }], pendingReviews: [], readyToAward: false, readyToConclude: false },
        }),
      },
    ]);
    expect(JSON.stringify(first.events)).not.toContain('feasibility');
    const last = evaluateBid(t, 't_2', ev1, { scores, comment: '' }, now);
    expect(last.events?.[0].data).toMatchObject({ bidId: 't_2', waiting: { pendingEvaluations: [], readyToAward: true } });
  });

  it('tasks.task.review_recorded names the evaluator and the team, and what the task waits for after it', () => {
    const t = awarded(task(), 'reviewing', ['team-1', 'team-2']);
    const change = reviewResults(t, ev2, { teamId: 'team-2', verdict: 'pass', comment: '' }, now);
    expect(change.events).toEqual([
      {
        subject: 'tasks.task.review_recorded',
        data: expect.objectContaining({
          version: 6,
          status: 'reviewing',
          action: 'review',
          actorId: 'ev-2',
          evaluatorId: 'ev-2',
          teamId: 'team-2',
          waiting: {
            pendingEvaluations: [],
            pendingReviews: [
              { evaluatorId: 'ev-1', teamIds: ['team-1', 'team-2'] },
              { evaluatorId: 'ev-2', teamIds: ['team-1'] },
            ],
            readyToAward: false,
            readyToConclude: false,
          },
        }),
      },
    ]);
    expect(JSON.stringify(change.events)).not.toContain('pass');
  });
});
