import { TASK_EVENTS, type BidSubmittedV1, type Caller, type CreateBidInput, type EvaluationInput, type TaskEvaluationRecordedV1, type UpdateBidInput } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import type { AggregateChange } from '@cadre/messaging';
import type { AttachedFile } from '@cadre/files';
import type { BidEntry, TaskDocument, TeamDocument } from '../task.schema';
import { acceptsBids } from './lifecycle';
import { bidTotal } from './bid-scores';
import { requireBidEvaluator, requireBidLead } from './access';
import { taskAfter, taskEventBase } from './moves';

/** 揭榜 and 评标 of docs/DOMAIN.md §2: a bid lives in its task's document; its id is `<taskId>_<n>`. */

/** The task a bid id names (ids are `<taskId>_<n>`), or the 404 of a malformed one. */
export function taskIdOfBid(bidId: string): string {
  const taskId = bidId.split('_')[0];
  if (!taskId || taskId === bidId) throw problems.notFound('No such bid.');
  return taskId;
}

export function bidOf(task: Pick<TaskDocument, 'bids'>, bidId: string): BidEntry {
  const bid = task.bids.find((b) => b.id === bidId);
  if (!bid) throw problems.notFound('No such bid.');
  return bid;
}

function biddingOpen(task: TaskDocument, now: Date): boolean {
  return acceptsBids(task.status) && new Date(task.biddingDeadline) > now;
}

/**
 * A formed team's bid (the lead's; checked before, with the team), once per task, while bidding is open: the
 * next bid id, the team's members as they are now, and `tasks.bid.submitted`.
 */
export function submitBid(task: TaskDocument, team: TeamDocument, input: CreateBidInput, now: Date, attachments: AttachedFile[] = []): { change: AggregateChange; bidId: string } {
  if (!biddingOpen(task, now)) throw problems.conflict(`Bids are taken while bidding is open; this task is "${task.status}".`);
  if (team.formedAt === null) throw problems.conflict('Every member must accept the invitation before the team can bid.');
  if (task.teamIds.includes(team._id)) throw problems.conflict('This team has bid for this task already; revise that bid instead.');
  const bidId = `${task._id}_${task.bidSeq + 1}`;
  const bid: BidEntry = {
    id: bidId,
    version: 1,
    teamId: team._id,
    teamName: team.name,
    leadId: team.leadId,
    members: team.members.map(({ invitation: _i, respondedAt: _r, ...member }) => member),
    status: 'submitted',
    plan: input.plan,
    expectedResults: input.expectedResults,
    milestones: input.milestones,
    commitment: input.commitment,
    attachments,
    evaluations: [],
    submittedAt: now,
    updatedAt: now,
  };
  const event: BidSubmittedV1 = {
    bidId,
    version: 1,
    taskId: task._id,
    batchId: task.batchId,
    taskTitle: task.title,
    domain: task.domain,
    teamId: team._id,
    teamName: team.name,
    leadId: team.leadId,
    members: bid.members.map((m) => ({ userId: m.userId, role: m.role, share: m.share, departmentId: m.departmentId, departmentPath: m.departmentPath })),
    submittedAt: now.toISOString(),
    occurredAt: now.toISOString(),
  };
  return {
    bidId,
    change: {
      set: { bidSeq: task.bidSeq + 1, bidCount: task.bids.length + 1, teamIds: [...task.teamIds, team._id] },
      push: { bids: bid },
      events: [{ subject: TASK_EVENTS.bidSubmitted, data: event }],
    },
  };
}

/** The lead revises the bid while bidding is open, from the version last read; `attachments` (stored files) replace the bid's. */
export function reviseBid(task: TaskDocument, bidId: string, who: Caller, input: UpdateBidInput, now: Date, attachments?: AttachedFile[]): AggregateChange {
  const bid = bidOf(task, bidId);
  requireBidLead(who, bid);
  if (!biddingOpen(task, now)) throw problems.conflict('A bid is revised only while bidding is open.');
  if (input.version !== bid.version) throw problems.conflict(`Stale version: the bid is at version ${bid.version}.`);
  const revision: Record<string, unknown> = Object.fromEntries((['plan', 'expectedResults', 'milestones', 'commitment'] as const).filter((key) => input[key] !== undefined).map((key) => [key, input[key]]));
  if (attachments) revision.attachments = attachments;
  const bids = task.bids.map((b) => (b.id === bidId ? { ...b, ...revision, version: b.version + 1, updatedAt: now } : b));
  return { set: { bids } };
}

/**
 * 评标: an unconflicted assigned evaluator scores a bid while the task is evaluated; scoring again replaces one's
 * earlier evaluation. Announced (`tasks.task.evaluation_recorded`, without the scores, which stay sealed until the
 * award) with who the task still waits for.
 */
export function evaluateBid(task: TaskDocument, bidId: string, who: Caller, input: EvaluationInput, now: Date): AggregateChange {
  const bid = bidOf(task, bidId);
  requireBidEvaluator(who, task, bid);
  if (task.status !== 'evaluating') throw problems.conflict(`Bids are scored while the task is being evaluated; it is "${task.status}".`);
  const evaluation = { evaluatorId: who.userId, evaluatorName: who.name, scores: input.scores, total: bidTotal(input.scores), comment: input.comment, at: now };
  const bids = task.bids.map((b) => (b.id === bidId ? { ...b, evaluations: [...b.evaluations.filter((e) => e.evaluatorId !== who.userId), evaluation] } : b));
  const base = taskEventBase(taskAfter(task, { bids }), task.status, 'evaluate', who, now);
  const data: TaskEvaluationRecordedV1 = { ...base, status: 'evaluating', evaluatorId: who.userId, bidId };
  return { set: { bids }, events: [{ subject: TASK_EVENTS.evaluationRecorded, data }] };
}
