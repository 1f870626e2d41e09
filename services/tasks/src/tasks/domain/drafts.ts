import type { Caller, CreateTaskInput, UpdateTaskInput } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import type { AggregateChange } from '@cadre/messaging';
import type { BatchDocument, TaskDocument } from '../task.schema';
import { isEditable } from './lifecycle';
import { historyEntry } from './history';
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
 * already looked up. The deadlines must stay in order with the fields left as they are.
 */
export function editDraft(
  task: TaskDocument,
  who: Caller,
  input: UpdateTaskInput,
  refs: { batch?: BatchDocument; evaluators?: AssignedEvaluator[] },
  now: Date,
): AggregateChange {
  requireEditor(who, task);
  if (!isEditable(task.status)) throw problems.conflict(`Only a draft can be edited; this task is "${task.status}".`);
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
