import { TASK_EVENTS, type Caller, type ProgressInput, type ResultsInput, type TaskReviewInput, type TaskReviewRecordedV1 } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import type { AggregateChange } from '@cadre/messaging';
import type { AttachedFile } from '@cadre/files';
import type { StoredDeliverable, TaskDocument } from '../task.schema';
import { requireAwardedLead, requireAwardedMember, requireResultsReviewer } from './access';
import { moved, taskAfter, taskEventBase } from './moves';
import { iso } from './history';
import { toleranceOf, toleranceProblems } from './tolerance';
import { awardedBids } from './waiting';

/** The awarded bids and their 评审 live with the rules of what a task waits for (waiting.ts). */
export { awardedBids, teamReviews } from './waiting';

type Review = TaskDocument['reviews'][number];

/** 攻坚 and 评审 of docs/DOMAIN.md §2: progress, results and reviews of an awarded task. */

/** A member of an awarded team reports progress on a milestone of the task or of the team's bid. */
export function reportProgress(task: TaskDocument, who: Caller, input: ProgressInput, now: Date, attachments: AttachedFile[] = []): AggregateChange {
  const bid = requireAwardedMember(who, task);
  if (task.status !== 'in_progress') throw problems.conflict(`Progress is reported while the task is in progress; it is "${task.status}".`);
  const known = new Set([...task.milestones, ...bid.milestones].map((m) => m.name));
  if (!known.has(input.milestone)) throw problems.invalid([{ path: 'milestone', message: 'is not a milestone of the task or of the awarded bid' }]);
  return { push: { progress: { milestone: input.milestone, note: input.note, teamId: bid.teamId, authorId: who.userId, authorName: who.name, attachments, at: now } } };
}

/**
 * The lead of an awarded team submits its results once (`deliverables`: the stored files, with their notes); the
 * last awarded team's results move the task to 评审.
 */
export function submitResults(task: TaskDocument, who: Caller, input: Pick<ResultsInput, 'summary'>, now: Date, deliverables: StoredDeliverable[] = []): AggregateChange {
  const bid = requireAwardedLead(who, task);
  if (task.status !== 'in_progress') throw problems.conflict(`Results are submitted while the task is in progress; it is "${task.status}".`);
  if (task.results.some((r) => r.teamId === bid.teamId)) throw problems.conflict('This team has submitted its results already.');
  const entry = { bidId: bid.id, teamId: bid.teamId, summary: input.summary, deliverables, submittedBy: who.userId, submittedAt: now };
  const allIn = task.award!.bidIds.every((bidId) => bidId === bid.id || task.results.some((r) => r.bidId === bidId));
  if (!allIn) return { push: { results: entry } };
  return moved(task, 'submitResults', who, now, {
    set: { resultsSubmittedAt: now },
    push: { results: entry },
    data: { bidId: bid.id, teamId: bid.teamId, deliverableCount: deliverables.length, awardedAt: iso(task.awardedAt), resultsSubmittedAt: now.toISOString() },
  });
}

/**
 * 评审: an unconflicted assigned evaluator judges one awarded team's results while the task is in review (the team
 * may go unnamed when only one is awarded); again replaces their earlier review of that team. Announced
 * (`tasks.task.review_recorded`, without the verdict, which stays sealed until the conclusion) with who the task
 * still waits for.
 */
export function reviewResults(task: TaskDocument, who: Caller, input: TaskReviewInput, now: Date): AggregateChange {
  requireResultsReviewer(who, task);
  if (task.status !== 'reviewing') throw problems.conflict(`Results are reviewed while the task is in review; it is "${task.status}".`);
  const awarded = awardedBids(task);
  const bid = input.teamId === undefined ? (awarded.length === 1 ? awarded[0] : undefined) : awarded.find((b) => b.teamId === input.teamId);
  if (!bid) throw problems.invalid([{ path: 'teamId', message: input.teamId === undefined ? 'is required: the task has several awarded teams' : 'is not an awarded team of this task' }]);
  const found = toleranceProblems(toleranceOf(task, bid.teamId) !== null, input);
  if (found.length > 0) throw problems.invalid(found);
  const sole = awarded.length === 1 ? bid.teamId : undefined;
  const review: Review = { evaluatorId: who.userId, evaluatorName: who.name, teamId: bid.teamId, verdict: input.verdict, comment: input.comment, tolerance: input.tolerance ?? null, at: now };
  const reviews = [...task.reviews.filter((r) => r.evaluatorId !== who.userId || (r.teamId ?? sole) !== bid.teamId), review];
  const base = taskEventBase(taskAfter(task, { reviews }), task.status, 'review', who, now);
  const data: TaskReviewRecordedV1 = { ...base, status: 'reviewing', evaluatorId: who.userId, teamId: bid.teamId };
  return { set: { reviews }, events: [{ subject: TASK_EVENTS.reviewRecorded, data }] };
}
