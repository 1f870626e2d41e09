import { TASK_EVENTS, type Caller, type CreateTaskInput, type TaskUpdatedV1, type UpdateTaskInput } from '@cadre/contracts';
import { ProblemException, problems } from '@cadre/platform';
import type { AggregateChange } from '@cadre/messaging';
import type { BatchDocument, TaskDocument } from '../task.schema';
import { isEditable } from './lifecycle';
import { historyEntry } from './history';
import { driven, taskAfter, taskEventBase } from './moves';
import { requireEditor } from './access';

/** 发榜 before publication: a task is created as a draft of its publisher's department, and edited only as a draft. */

export type AssignedEvaluator = TaskDocument['evaluators'][number];

/** A new draft in the publisher's department, its history opened. */
export function newTask(id: string, who: Caller, input: CreateTaskInput, batch: BatchDocument, evaluators: AssignedEvaluator[], now: Date): TaskDocument {
  return {
    _id: id,
    version: 1,
    status: 'draft',
    batchId: batch._id,
    batchName: batch.name,
    title: input.title,
    description: input.description,
    domain: input.domain,
    flags: input.flags,
    goals: input.goals,
    expectedResults: input.expectedResults,
    milestones: input.milestones,
    biddingDeadline: new Date(input.biddingDeadline),
    deliveryDeadline: new Date(input.deliveryDeadline),
    rewardPoints: input.rewardPoints,
    allowRace: input.allowRace,
    publisherId: who.userId,
    departmentId: who.departmentId,
    departmentPath: who.departmentPath,
    evaluators,
    bidSeq: 0,
    bidCount: 0,
    bids: [],
    teamIds: [],
    award: null,
    progress: [],
    results: [],
    reviews: [],
    verdict: null,
    reward: null,
    history: [historyEntry('create', null, 'draft', who, '', 1, now)],
    publishedAt: null,
    biddingClosedAt: null,
    awardedAt: null,
    resultsSubmittedAt: null,
    concludedAt: null,
    outbox: [],
    createdAt: now,
    updatedAt: now,
  };
}

const EDITABLE = ['title', 'description', 'domain', 'flags', 'goals', 'expectedResults', 'milestones', 'rewardPoints', 'allowRace'] as const;

/**
 * An edit of a draft, from the version the publisher read (409 when stale); the batch and evaluators named are
 * already looked up. The deadlines must stay in order with the fields left as they are. An open task is
 * corrected instead (`correctOpenTask`).
 */
export function editDraft(
  task: TaskDocument,
  who: Caller,
  input: UpdateTaskInput,
  refs: { batch?: BatchDocument; evaluators?: AssignedEvaluator[] },
  now: Date,
): AggregateChange | null {
  requireEditor(who, task);
  if (task.status === 'open') return correctOpenTask(task, who, input, refs, now);
  if (!isEditable(task.status)) throw problems.conflict(`Only a draft, or an open task without bids, can be edited; this task is "${task.status}".`);
  if (input.version !== task.version) throw problems.conflict(`Stale version: the task is at version ${task.version}.`);
  const next: Record<string, unknown> = {
    ...Object.fromEntries(EDITABLE.filter((key) => input[key] !== undefined).map((key) => [key, input[key]])),
    ...(input.biddingDeadline ? { biddingDeadline: new Date(input.biddingDeadline) } : {}),
    ...(input.deliveryDeadline ? { deliveryDeadline: new Date(input.deliveryDeadline) } : {}),
    ...(refs.batch ? { batchId: refs.batch._id, batchName: refs.batch.name } : {}),
    ...(refs.evaluators ? { evaluators: refs.evaluators } : {}),
  };
  const bidding = (next.biddingDeadline as Date | undefined) ?? task.biddingDeadline;
  const delivery = (next.deliveryDeadline as Date | undefined) ?? task.deliveryDeadline;
  if (delivery <= bidding) throw problems.invalid([{ path: 'deliveryDeadline', message: 'must be after the bidding deadline' }]);
  return { set: next, push: { history: historyEntry('update', 'draft', 'draft', who, '', task.version + 1, now) } };
}

/** What a publisher may correct in a published task before any bid, with its name in the history (更正). */
export const CORRECTABLE = {
  description: '任务描述',
  goals: '目标',
  expectedResults: '预期成果',
  milestones: '里程碑',
  biddingDeadline: '揭榜截止时间',
  deliveryDeadline: '交付截止时间',
  evaluatorIds: '评审专家',
} as const;
const FIXED_ONCE_PUBLISHED = ['batchId', 'title', 'domain', 'flags', 'rewardPoints', 'allowRace'] as const;

/**
 * A correction of a published (`open`) task before any bid (更正): its description, goals, expected results,
 * milestones, deadlines and evaluators. Once a team has bid, 409 (the bid answered the task as it was: withdraw is
 * refused then too). The batch, title, domain, flags, reward and race are what teams chose the task by: 409 naming
 * them. The history records the correction with the fields that changed (in Chinese), and `tasks.task.updated`
 * announces it with their names (`changes`) and the evaluators after it; nothing changed, no write.
 */
export function correctOpenTask(
  task: TaskDocument,
  who: Caller,
  input: UpdateTaskInput,
  refs: { evaluators?: AssignedEvaluator[] },
  now: Date,
): AggregateChange | null {
  if (input.version !== task.version) throw problems.conflict(`Stale version: the task is at version ${task.version}.`);
  if (task.bids.length > 0) throw problems.conflict(`A published task can be corrected only before any bid; it has ${task.bids.length} bid(s).`);
  const fixed = FIXED_ONCE_PUBLISHED.filter((key) => input[key] !== undefined);
  if (fixed.length) {
    throw new ProblemException(409, 'A published task keeps its batch, title, domain, flags, reward and race; only its description, goals, expected results, milestones, deadlines and evaluators can be corrected.', fixed.map((path) => ({ path, message: 'cannot change once published' })));
  }
  const next: Record<string, unknown> = {};
  const changed: (keyof typeof CORRECTABLE)[] = [];
  const put = (key: keyof typeof CORRECTABLE, field: string, value: unknown, before: unknown) => {
    if (value === undefined || JSON.stringify(value) === JSON.stringify(before)) return;
    next[field] = value;
    changed.push(key);
  };
  put('description', 'description', input.description, task.description);
  put('goals', 'goals', input.goals, task.goals);
  put('expectedResults', 'expectedResults', input.expectedResults, task.expectedResults);
  put('milestones', 'milestones', input.milestones, task.milestones);
  put('biddingDeadline', 'biddingDeadline', input.biddingDeadline && new Date(input.biddingDeadline), new Date(task.biddingDeadline));
  put('deliveryDeadline', 'deliveryDeadline', input.deliveryDeadline && new Date(input.deliveryDeadline), new Date(task.deliveryDeadline));
  put('evaluatorIds', 'evaluators', refs.evaluators, task.evaluators);
  const bidding = (next.biddingDeadline as Date | undefined) ?? task.biddingDeadline;
  const delivery = (next.deliveryDeadline as Date | undefined) ?? task.deliveryDeadline;
  if (delivery <= bidding) throw problems.invalid([{ path: 'deliveryDeadline', message: 'must be after the bidding deadline' }]);
  if (!changed.length) return null;
  const after = taskAfter(task, next);
  const data: TaskUpdatedV1 = { ...taskEventBase(after, task.status, 'correct', who, now), evaluatorIds: after.evaluators.map((e) => e.userId), changes: changed };
  return {
    set: next,
    push: { history: historyEntry('correct', 'open', 'open', who, `更正：${changed.map((key) => CORRECTABLE[key]).join('、')}`, after.version, now) },
    events: [{ subject: TASK_EVENTS.updated, data }],
  };
}

/** 撤榜: a draft, or an open task before any bid (409 once a team has bid), is withdrawn with the publisher's comment. */
export function withdrawBeforeBids(task: TaskDocument, who: Caller, now: Date, comment: string): AggregateChange {
  return driven(task, 'withdraw', who, now, () => ({ data: { comment, withdrawnAt: now.toISOString() } }), { comment, context: { bidCount: task.bids.length } });
}
