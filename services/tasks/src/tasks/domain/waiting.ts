import type { TaskWaitingFact } from '@cadre/contracts';
import type { BidEntry, TaskDocument, ToleranceApplication } from '../task.schema';
import { expectedReviewers } from './conflicts';
import { transition, type TransitionContext } from './lifecycle';
import { describePending, pendingEvaluations } from './standings';
import { toleranceOf } from './tolerance';
import { teamReviewState, type TeamReviewState } from './verdict';

/**
 * Who a task waits for (docs/DOMAIN.md §2: 评标, award, 评审, conclusion), decided by the very rules the award, the
 * review and the conclusion apply: one place for each rule, so what the inbox is told is what the use case will do.
 */

type Review = TaskDocument['reviews'][number];

/** The awarded bids, in bid order. */
export function awardedBids(task: Pick<TaskDocument, 'bids' | 'award'>): BidEntry[] {
  return task.bids.filter((b) => task.award?.bidIds.includes(b.id));
}

/** 评审 of each awarded team, with its 容错 application. */
export function teamReviews(task: TaskDocument): (TeamReviewState<Review> & { bid: BidEntry; expected: string[]; tolerance: ToleranceApplication | null })[] {
  const expected = task.award ? expectedReviewers(task) : [];
  return awardedBids(task).map((bid) => ({ ...teamReviewState(bid.teamId, task.reviews, expected), bid, expected, tolerance: toleranceOf(task, bid.teamId) }));
}

/** Why the award must wait (409): the 评标 still awaited, by Chinese names; nothing once every evaluation is in. */
export function awardBlock(task: TaskDocument): string | undefined {
  const pending = pendingEvaluations(task);
  return pending.length > 0 ? `评标尚未完成，不能定榜：${describePending(pending)}。` : undefined;
}

/** What the conclusion depends on (see `TransitionContext`): reviews still awaited over every awarded team, the fewest any team has, the teams waiting. */
export function conclusionContext(task: TaskDocument): TransitionContext {
  const teams = teamReviews(task);
  const waiting = teams.filter((t) => t.pending.length > 0 || t.reviews.length === 0);
  return {
    pendingReviews: teams.reduce((sum, t) => sum + t.pending.length, 0),
    reviewCount: teams.length ? Math.min(...teams.map((t) => t.reviews.length)) : 0,
    pendingTeams: waiting.map((t) => t.bid.teamName),
  };
}

/** The award would go ahead (as far as the task's state goes): the task is in 评标 and every evaluation is in. */
export function readyToAward(task: TaskDocument): boolean {
  return transition(task.status, 'award').ok && awardBlock(task) === undefined;
}

/** The conclusion would go ahead (as far as the task's state goes): in 评审, every expected review in, a verdict for every team. */
export function readyToConclude(task: TaskDocument): boolean {
  return transition(task.status, 'conclude', conclusionContext(task)).ok;
}

/**
 * Who the task waits for, as its events carry it (`waiting`):
 * - 评标: while the task is evaluated, each assigned evaluator with the bids they owe a score (those whose team they
 *   are not conflicted with and have not scored), in assignment order;
 * - 评审: while the task is in review (reviews are taken then only), each expected reviewer (conflicted with no
 *   awarded team) with the awarded teams whose submitted results they have not reviewed, in assignment order;
 * - whether the publisher may award, or conclude, now.
 * A task before 评标, in progress, or final waits for no evaluator.
 */
export function waitingOf(task: TaskDocument): TaskWaitingFact {
  const evaluations = task.status === 'evaluating' ? pendingEvaluations(task).map((p) => ({ evaluatorId: p.evaluatorId, bidIds: p.bids.map((b) => b.bidId) })) : [];
  const teams = task.status === 'reviewing' ? teamReviews(task).filter((t) => task.results.some((r) => r.bidId === t.bid.id || r.teamId === t.bid.teamId)) : [];
  const reviewers = teams.length ? teams[0].expected : [];
  const reviews = reviewers
    .map((evaluatorId) => ({ evaluatorId, teamIds: teams.filter((t) => t.pending.includes(evaluatorId)).map((t) => t.bid.teamId) }))
    .filter((p) => p.teamIds.length > 0);
  return { pendingEvaluations: evaluations, pendingReviews: reviews, readyToAward: readyToAward(task), readyToConclude: readyToConclude(task) };
}
