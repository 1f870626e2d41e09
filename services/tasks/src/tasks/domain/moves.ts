import type { Caller, TaskStatus, TaskTransitionBaseV1, TaskWaitingFact } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import type { AggregateChange } from '@cadre/messaging';
import type { TaskDocument } from '../task.schema';
import { eventTypeFor, transition, type TaskAction, type TransitionContext } from './lifecycle';
import { historyEntry, iso } from './history';
import { requireLifecycleDriver } from './access';
import { waitingOf } from './waiting';

/** What a move does besides changing the status: fields to set, entries to append, fields of its event. */
export interface MoveEffects {
  set?: Record<string, unknown>;
  push?: Record<string, unknown>;
  data?: Record<string, unknown>;
}

export interface MoveOptions {
  comment?: string;
  /** The facts the transition depends on (see `TransitionContext`). */
  context?: TransitionContext;
}

/**
 * The change that moves a task by `action`: the status it enters, a history entry, and the event of that
 * status (the fields every transition event carries, then the effects' `data`); or the 409 that says why the
 * task's state does not allow it.
 */
export function moved(task: TaskDocument, action: TaskAction, who: Caller, now: Date, effects: MoveEffects, { comment = '', context = {} }: MoveOptions = {}): AggregateChange {
  const move = transition(task.status, action, context);
  if (!move.ok) throw problems.conflict(move.reason);
  const set = { ...effects.set, status: move.to };
  const after = taskAfter(task, set, effects.push);
  const subject = eventTypeFor(move.to);
  return {
    set,
    push: { ...effects.push, history: historyEntry(action, task.status, move.to, who, comment, after.version, now) },
    events: subject ? [{ subject, data: { ...taskEventBase(after, task.status, action, who, now), ...effects.data } }] : [],
  };
}

/**
 * The task as a change leaves it (what it sets, what it appends, the next version), for the event that announces
 * the change: events describe the task after the write.
 */
export function taskAfter(task: TaskDocument, set: Record<string, unknown> = {}, push: Record<string, unknown> = {}): TaskDocument {
  const after: Record<string, unknown> = { ...task, ...set, version: task.version + 1 };
  for (const [path, value] of Object.entries(push)) {
    const values = value !== null && typeof value === 'object' && '$each' in value ? (value as { $each: unknown[] }).$each : [value];
    after[path] = [...((after[path] as unknown[] | undefined) ?? []), ...values];
  }
  return after as unknown as TaskDocument;
}

/**
 * What every task event about the task itself carries (transitions, corrections, evaluations and reviews recorded):
 * the task at the version the change produced (`after`, see `taskAfter`), and who it waits for then (`waiting`).
 * The one place this base is built.
 */
export function taskEventBase(after: TaskDocument, fromStatus: TaskStatus, action: string, who: Caller, now: Date): TaskTransitionBaseV1 & { waiting: TaskWaitingFact } {
  return {
    taskId: after._id,
    version: after.version,
    status: after.status,
    fromStatus,
    action,
    actorId: who.userId,
    batchId: after.batchId,
    title: after.title,
    domain: after.domain,
    flags: after.flags,
    rewardPoints: after.rewardPoints,
    allowRace: after.allowRace,
    publisherId: after.publisherId,
    departmentId: after.departmentId,
    departmentPath: after.departmentPath,
    biddingDeadline: iso(after.biddingDeadline)!,
    deliveryDeadline: iso(after.deliveryDeadline)!,
    createdAt: iso(after.createdAt)!,
    publishedAt: iso(after.publishedAt),
    occurredAt: now.toISOString(),
    waiting: waitingOf(after),
  };
}

/**
 * A lifecycle move driven by a publisher of the task's department (or the deadline job), as docs/DOMAIN.md draws
 * it: who first (403), then the state (409 whatever the request holds), then the action's own effects, which
 * may still refuse the request's content (400).
 */
export function driven(task: TaskDocument, action: TaskAction, who: Caller, now: Date, effects: () => MoveEffects, options: MoveOptions = {}): AggregateChange {
  requireLifecycleDriver(who, task);
  const allowed = transition(task.status, action, options.context);
  if (!allowed.ok) throw problems.conflict(allowed.reason);
  return moved(task, action, who, now, effects(), options);
}
