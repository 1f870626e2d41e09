import type { Caller, ProblemFieldError, TaskVerdict, ToleranceDecision, ToleranceInput } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import type { AggregateChange } from '@cadre/messaging';
import type { TaskDocument, ToleranceApplication } from '../task.schema';
import { awardedBidOf } from './access';
import { historyEntry } from './history';
import { reviewsOfTeam } from './verdict';

/**
 * 容错 (docs/DOMAIN.md §2): before its results are judged, the lead of an awarded team may apply for tolerance
 * with a written justification; each reviewer accepts or rejects the application with their verdict, and only a
 * team that applied may be judged `tolerated`.
 */

/** The team's 容错 application, if it applied. */
export function toleranceOf(task: Pick<TaskDocument, 'tolerances'>, teamId: string): ToleranceApplication | null {
  return (task.tolerances ?? []).find((t) => t.teamId === teamId) ?? null;
}

/** The reviewers' decision on an application: accepted when more of them accepted than rejected it. */
export function toleranceDecisionOf(decisions: readonly (ToleranceDecision | null | undefined)[]): ToleranceDecision {
  const accepted = decisions.filter((d) => d === 'accepted').length;
  const rejected = decisions.filter((d) => d === 'rejected').length;
  return accepted > rejected ? 'accepted' : 'rejected';
}

/**
 * What a review must say about 容错: a decision exactly when the team applied, and `tolerated` only for a team
 * that applied and whose application this reviewer accepts. Every offending field, none when the review is sound.
 */
export function toleranceProblems(applied: boolean, review: { verdict: TaskVerdict; tolerance?: ToleranceDecision }): ProblemFieldError[] {
  const found: ProblemFieldError[] = [];
  if (applied && review.tolerance === undefined) found.push({ path: 'tolerance', message: 'is required: the team applied for 容错 (accepted or rejected)' });
  if (!applied && review.tolerance !== undefined) found.push({ path: 'tolerance', message: 'is only given for a team that applied for 容错' });
  if (review.verdict === 'tolerated' && !applied) found.push({ path: 'verdict', message: 'tolerated (容错) is only given to a team that applied for 容错' });
  if (review.verdict === 'tolerated' && applied && review.tolerance === 'rejected') found.push({ path: 'verdict', message: 'tolerated (容错) contradicts rejecting the application' });
  return found;
}

/** The lead of an awarded team applies for 容错 while the task is in progress or in review, before any review of the team. */
export function applyTolerance(task: TaskDocument, who: Caller, input: ToleranceInput, now: Date): AggregateChange {
  const bid = awardedBidOf(task, who.userId);
  if (!bid || bid.leadId !== who.userId) throw problems.forbidden('Only the lead of an awarded team applies for 容错.');
  if (task.status !== 'in_progress' && task.status !== 'reviewing') {
    throw problems.conflict(`容错 is applied for while the task is in progress or in review; it is "${task.status}".`);
  }
  if (toleranceOf(task, bid.teamId)) throw problems.conflict('This team has applied for 容错 already.');
  if (reviewsOfTeam(task.reviews, bid.teamId).length > 0) throw problems.conflict('This team’s results are being judged already: 容错 is applied for before the first review.');
  const application: ToleranceApplication = { bidId: bid.id, teamId: bid.teamId, justification: input.justification, appliedBy: who.userId, appliedByName: who.name, appliedAt: now };
  return {
    push: { tolerances: application, history: historyEntry('applyTolerance', task.status, task.status, who, `${bid.teamName}：${input.justification}`, task.version + 1, now) },
  };
}
