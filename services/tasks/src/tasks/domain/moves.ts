import type { Caller, TaskTransitionBaseV1 } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import type { AggregateChange } from '@cadre/messaging';
import type { TaskDocument } from '../task.schema';
import { eventTypeFor, transition, type TaskAction, type TransitionContext } from './lifecycle';
import { historyEntry, iso } from './history';
import { requireLifecycleDriver } from './access';

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
  const version = task.version + 1;
  const subject = eventTypeFor(move.to);
  const base: TaskTransitionBaseV1 = {
    taskId: task._id,
    version,
    status: move.to,
    fromStatus: task.status,
    action,
    actorId: who.userId,
    batchId: task.batchId,
    title: task.title,
    domain: task.domain,
    flags: task.flags,
    rewardPoints: task.rewardPoints,
    allowRace: task.allowRace,
    publisherId: task.publisherId,
    departmentId: task.departmentId,
    departmentPath: task.departmentPath,
    biddingDeadline: iso(task.biddingDeadline)!,
    deliveryDeadline: iso(task.deliveryDeadline)!,
    createdAt: iso(task.createdAt)!,
    publishedAt: iso((effects.set?.publishedAt as Date | undefined) ?? task.publishedAt),
    occurredAt: now.toISOString(),
  };
  return {
    set: { ...effects.set, status: move.to },
    push: { ...effects.push, history: historyEntry(action, task.status, move.to, who, comment, version, now) },
    events: subject ? [{ subject, data: { ...base, ...effects.data } }] : [],
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
