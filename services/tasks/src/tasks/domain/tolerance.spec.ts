import type { Caller, Role, TaskConcludedV1 } from '@cadre/contracts';
import { ProblemException } from '@cadre/platform';
import type { BidEntry, TaskDocument } from '../task.schema';
import { applyTolerance, toleranceDecisionOf, toleranceProblems } from './tolerance';
import { reviewResults, teamReviews } from './delivery';
import { concludeTask } from './transitions';

const caller = (userId: string, roles: Role[], path: string[]): Caller => ({ userId, name: userId, roles, departmentId: path[path.length - 1], departmentPath: path });
const pub = caller('pub', ['publisher'], ['city', 'a']);
const leadA = caller('lead-a', ['cadre'], ['city', 'a']);
const memberA = caller('member-a', ['cadre'], ['city', 'a']);
const leadB = caller('lead-b', ['cadre'], ['city', 'b']);
const ev1 = caller('ev-1', ['evaluator'], ['city', 'c']);
const ev2 = caller('ev-2', ['evaluator'], ['city', 'c']);
const now = new Date('2026-12-01T02:00:00Z');

const member = (who: Caller, role: 'lead' | 'member', share: number) => ({ userId: who.userId, name: who.name, departmentId: who.departmentId, departmentPath: who.departmentPath, role, share });
const bidOf = (n: number, lead: Caller, others: Caller[]): BidEntry => ({
  id: `t_${n}`,
  version: 1,
  teamId: `team-${n}`,
  teamName: `攻坚队${n}`,
  leadId: lead.userId,
  members: [member(lead, 'lead', 100 - others.length * 40), ...others.map((o) => member(o, 'member', 40))],
  status: 'awarded',
  plan: '',
  expectedResults: '',
  milestones: [],
  commitment: '',
  evaluations: [],
  submittedAt: now,
  updatedAt: now,
});

function task(fields: Partial<TaskDocument> = {}, bids = [bidOf(1, leadA, [memberA]), bidOf(2, leadB, [])]): TaskDocument {
  return {
    _id: 't',
    version: 5,
    status: 'reviewing',
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
    allowRace: bids.length > 1,
    publisherId: pub.userId,
    departmentId: 'a',
    departmentPath: ['city', 'a'],
    evaluators: [ev1, ev2].map((e) => ({ userId: e.userId, name: e.name, departmentPath: e.departmentPath })),
    bidSeq: bids.length,
    bidCount: bids.length,
    bids,
    teamIds: bids.map((b) => b.teamId),
    award: { bidIds: bids.map((b) => b.id), teamIds: bids.map((b) => b.teamId), awardedBy: pub.userId, awardedAt: now },
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
    awardedAt: now,
    resultsSubmittedAt: now,
    concludedAt: null,
    outbox: [],
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
}

/** Applies a change's `set`/`push` to the task, as the store would. */
function after(t: TaskDocument, change: { set?: Record<string, unknown>; push?: Record<string, unknown> }): TaskDocument {
  const next = { ...t, ...change.set, version: t.version + 1 } as TaskDocument;
  for (const [path, value] of Object.entries(change.push ?? {})) (next as any)[path] = [...((t as any)[path] ?? []), value];
  return next;
}

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    const p = (error as ProblemException).problem;
    return { status: p.status, paths: (p.errors ?? []).map((e) => e.path), detail: p.detail };
  }
  throw new Error('not refused');
};

describe('toleranceDecisionOf', () => {
  it('accepts only when more reviewers accepted than rejected', () => {
    expect(toleranceDecisionOf(['accepted', 'accepted', 'rejected'])).toBe('accepted');
    expect(toleranceDecisionOf(['accepted', 'rejected'])).toBe('rejected');
    expect(toleranceDecisionOf(['rejected'])).toBe('rejected');
    expect(toleranceDecisionOf([])).toBe('rejected');
  });
});

describe('toleranceProblems', () => {
  it('requires a decision exactly when the team applied, and tolerated only with an accepted application', () => {
    expect(toleranceProblems(false, { verdict: 'pass' })).toEqual([]);
    expect(toleranceProblems(true, { verdict: 'tolerated', tolerance: 'accepted' })).toEqual([]);
    expect(toleranceProblems(true, { verdict: 'fail', tolerance: 'rejected' })).toEqual([]);
    expect(toleranceProblems(false, { verdict: 'tolerated' }).map((p) => p.path)).toEqual(['verdict']);
    expect(toleranceProblems(false, { verdict: 'tolerated', tolerance: 'accepted' }).map((p) => p.path)).toEqual(['tolerance', 'verdict']);
    expect(toleranceProblems(true, { verdict: 'pass' }).map((p) => p.path)).toEqual(['tolerance']);
    expect(toleranceProblems(true, { verdict: 'tolerated', tolerance: 'rejected' }).map((p) => p.path)).toEqual(['verdict']);
  });
});

describe('applyTolerance', () => {
  const justification = '已尽职履责，因上级政策调整未能达成。';

  it('records the lead’s application with its justification, in the history too', () => {
    const t = task({ status: 'in_progress' });
    const change = applyTolerance(t, leadA, { justification }, now);
    expect(change.push).toMatchObject({
      tolerances: { bidId: 't_1', teamId: 'team-1', justification, appliedBy: leadA.userId, appliedAt: now },
      history: { action: 'applyTolerance', from: 'in_progress', to: 'in_progress', actorId: leadA.userId, version: 6 },
    });
    expect(change.events ?? []).toEqual([]);
  });

  it('refuses anyone but the lead of an awarded team (403)', () => {
    for (const who of [memberA, ev1, pub]) expect(refusal(() => applyTolerance(task(), who, { justification }, now)).status).toBe(403);
  });

  it('refuses before the award, after conclusion, a second application and a team already under review (409)', () => {
    expect(refusal(() => applyTolerance(task({ status: 'concluded' }), leadA, { justification }, now)).status).toBe(409);
    const applied = task({ tolerances: [{ bidId: 't_1', teamId: 'team-1', justification, appliedBy: leadA.userId, appliedByName: '', appliedAt: now }] });
    expect(refusal(() => applyTolerance(applied, leadA, { justification }, now)).status).toBe(409);
    const reviewed = task({ reviews: [{ evaluatorId: ev1.userId, evaluatorName: '', teamId: 'team-1', verdict: 'pass', comment: '', at: now }] });
    expect(refusal(() => applyTolerance(reviewed, leadA, { justification }, now)).status).toBe(409);
    // The other team of the race is not judged yet: its lead may still apply.
    expect(applyTolerance(reviewed, leadB, { justification }, now).push).toMatchObject({ tolerances: { teamId: 'team-2' } });
  });
});

describe('reviewResults per awarded team', () => {
  it('needs the team in a race (400 naming teamId), not with one awarded team', () => {
    expect(refusal(() => reviewResults(task(), ev1, { verdict: 'pass', comment: '' }, now))).toMatchObject({ status: 400, paths: ['teamId'] });
    expect(refusal(() => reviewResults(task(), ev1, { teamId: 'team-9', verdict: 'pass', comment: '' }, now))).toMatchObject({ status: 400, paths: ['teamId'] });
    const single = task({}, [bidOf(1, leadA, [memberA])]);
    expect(reviewResults(single, ev1, { verdict: 'pass', comment: '' }, now).set).toMatchObject({ reviews: [{ evaluatorId: ev1.userId, teamId: 'team-1', verdict: 'pass', tolerance: null }] });
  });

  it('keeps one review per evaluator and team, replacing only that team’s', () => {
    let t = task();
    t = after(t, reviewResults(t, ev1, { teamId: 'team-1', verdict: 'pass', comment: '' }, now));
    t = after(t, reviewResults(t, ev1, { teamId: 'team-2', verdict: 'fail', comment: '' }, now));
    t = after(t, reviewResults(t, ev1, { teamId: 'team-1', verdict: 'excellent', comment: '好' }, now));
    expect(t.reviews.map((r) => [r.teamId, r.verdict])).toEqual([
      ['team-2', 'fail'],
      ['team-1', 'excellent'],
    ]);
  });

  it('allows tolerated only for a team that applied, and asks each reviewer to decide on the application', () => {
    expect(refusal(() => reviewResults(task(), ev1, { teamId: 'team-1', verdict: 'tolerated', comment: '' }, now))).toMatchObject({ status: 400, paths: ['verdict'] });
    const applied = task({ tolerances: [{ bidId: 't_1', teamId: 'team-1', justification: '尽职', appliedBy: leadA.userId, appliedByName: '', appliedAt: now }] });
    expect(refusal(() => reviewResults(applied, ev1, { teamId: 'team-1', verdict: 'tolerated', comment: '' }, now))).toMatchObject({ status: 400, paths: ['tolerance'] });
    expect(reviewResults(applied, ev1, { teamId: 'team-1', verdict: 'tolerated', comment: '', tolerance: 'accepted' }, now).set).toMatchObject({ reviews: [{ tolerance: 'accepted' }] });
  });

  it('refuses outside review (409) and an unassigned evaluator (403)', () => {
    expect(refusal(() => reviewResults(task({ status: 'in_progress' }), ev1, { teamId: 'team-1', verdict: 'pass', comment: '' }, now)).status).toBe(409);
    expect(refusal(() => reviewResults(task(), caller('ev-x', ['evaluator'], ['city', 'c']), { teamId: 'team-1', verdict: 'pass', comment: '' }, now)).status).toBe(403);
  });
});

describe('concludeTask with a verdict per team', () => {
  const review = (t: TaskDocument, who: Caller, teamId: string, verdict: 'excellent' | 'pass' | 'tolerated' | 'fail', tolerance?: 'accepted' | 'rejected') =>
    after(t, reviewResults(t, who, { teamId, verdict, comment: '', ...(tolerance ? { tolerance } : {}) }, now));

  it('waits for every expected reviewer on every team, naming the teams still missing reviews (409)', () => {
    let t = task();
    t = review(t, ev1, 'team-1', 'pass');
    t = review(t, ev2, 'team-1', 'pass');
    t = review(t, ev1, 'team-2', 'fail');
    const refused = refusal(() => concludeTask(t, pub, now));
    expect(refused.status).toBe(409);
    expect(refused.detail).toContain('攻坚队2');
    expect(refused.detail).not.toContain('攻坚队1');
    expect(teamReviews(t).map((s) => s.pending)).toEqual([[], [ev2.userId]]);
  });

  it('judges each team by its own reviews; the task’s verdict is the best team’s', () => {
    let t = task({ tolerances: [{ bidId: 't_2', teamId: 'team-2', justification: '尽职', appliedBy: leadB.userId, appliedByName: '', appliedAt: now }] });
    t = review(t, ev1, 'team-1', 'excellent');
    t = review(t, ev2, 'team-1', 'pass');
    t = review(t, ev1, 'team-2', 'tolerated', 'accepted');
    t = review(t, ev2, 'team-2', 'tolerated', 'accepted');
    const change = concludeTask(t, pub, now);
    const event = change.events![0].data as TaskConcludedV1;
    expect(event.verdict).toBe('pass');
    expect(event.reviewCount).toBe(4);
    expect(event.verdictTally).toEqual({ excellent: 1, pass: 1, tolerated: 2, fail: 0 });
    expect(event.teams.map(({ teamId, verdict, reviewCount, tolerance }) => ({ teamId, verdict, reviewCount, tolerance }))).toEqual([
      { teamId: 'team-1', verdict: 'pass', reviewCount: 2, tolerance: null },
      { teamId: 'team-2', verdict: 'tolerated', reviewCount: 2, tolerance: 'accepted' },
    ]);
    expect(change.set).toMatchObject({ verdict: 'pass', teamVerdicts: [{ teamId: 'team-1', verdict: 'pass' }, { teamId: 'team-2', verdict: 'tolerated', tolerance: 'accepted' }] });
    expect((change.push!.history as { comment: string }).comment).toBe('攻坚队1：合格；攻坚队2：容错（容错申请：同意）');
  });

  it('counts a review given before reviews named a team for every awarded team', () => {
    const t = task({}, [bidOf(1, leadA, [memberA])]);
    t.reviews = [ev1, ev2].map((e) => ({ evaluatorId: e.userId, evaluatorName: '', verdict: 'pass' as const, comment: '', at: now }));
    expect((concludeTask(t, pub, now).events![0].data as TaskConcludedV1).teams[0]).toMatchObject({ verdict: 'pass', reviewCount: 2 });
  });
});
