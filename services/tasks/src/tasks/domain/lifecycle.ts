import { TASK_EVENTS, type TaskEventType, type TaskStatus } from '@cadre/contracts';

/**
 * The task lifecycle of docs/DOMAIN.md §2, exactly as drawn:
 *
 * ```
 * draft ─publish─▶ open ─close bidding─▶ evaluating ─award─▶ in_progress ─submit results─▶ reviewing ─conclude─▶ concluded
 *    └─withdraw─▶ withdrawn   └─ no bids at deadline ─▶ unclaimed
 * ```
 *
 * Withdrawal is drawn from `draft`, and also applies to an `open` task without bids (see `transition`).
 * `concluded`, `withdrawn` and `unclaimed` are final.
 */
export type TaskAction = 'publish' | 'withdraw' | 'closeBidding' | 'award' | 'submitResults' | 'conclude';

export const TASK_ACTIONS: readonly TaskAction[] = ['publish', 'withdraw', 'closeBidding', 'award', 'submitResults', 'conclude'];

/** The status each action applies to. */
const FROM: Record<TaskAction, TaskStatus> = {
  publish: 'draft',
  withdraw: 'draft',
  closeBidding: 'open',
  award: 'evaluating',
  submitResults: 'in_progress',
  conclude: 'reviewing',
};

/**
 * The facts some transitions depend on:
 * - `closeBidding` needs `bidCount`: with bids the task goes to `evaluating`, without to `unclaimed`;
 * - `conclude` needs `pendingReviews` (reviews still awaited, over every awarded team) and `reviewCount` (the
 *   reviews of the awarded team with the fewest): the publisher concludes only with every review in, and at
 *   least one per team (else a team has no verdict); `pendingTeams` names the teams still awaiting reviews.
 * A missing required fact is a programming error and throws.
 */
export interface TransitionContext {
  bidCount?: number;
  pendingReviews?: number;
  reviewCount?: number;
  pendingTeams?: readonly string[];
}

export type TransitionRefusal =
  /** The action does not apply to the current status (409). */
  | { ok: false; code: 'wrong_status'; from: TaskStatus; expected: TaskStatus; reason: string }
  /** `conclude` before every expected review is in, or without any review (409). */
  | { ok: false; code: 'reviews_pending'; pendingReviews: number; pendingTeams?: string[]; reason: string }
  /** `withdraw` of an open task that has bids (409). */
  | { ok: false; code: 'has_bids'; bidCount: number; reason: string };

export type TransitionResult = { ok: true; from: TaskStatus; to: TaskStatus } | TransitionRefusal;

/** Where `action` takes a task in `status`, or why it cannot. */
export function transition(status: TaskStatus, action: TaskAction, ctx: TransitionContext = {}): TransitionResult {
  // An open task is withdrawn only before any bid (needs `bidCount`): a bid answered the task as published.
  if (action === 'withdraw' && status === 'open') {
    const bidCount = required(ctx.bidCount, 'bidCount', action);
    if (bidCount > 0) return { ok: false, code: 'has_bids', bidCount, reason: `An open task can be withdrawn only before any bid; it has ${bidCount} bid(s).` };
    return { ok: true, from: status, to: 'withdrawn' };
  }
  const expected = FROM[action];
  if (status !== expected) {
    return {
      ok: false,
      code: 'wrong_status',
      from: status,
      expected,
      reason: `A task in status "${status}" cannot be ${DESCRIPTIONS[action]}; it must be "${expected}".`,
    };
  }
  switch (action) {
    case 'publish':
      return { ok: true, from: status, to: 'open' };
    case 'withdraw':
      return { ok: true, from: status, to: 'withdrawn' };
    case 'closeBidding':
      return { ok: true, from: status, to: required(ctx.bidCount, 'bidCount', action) > 0 ? 'evaluating' : 'unclaimed' };
    case 'award':
      return { ok: true, from: status, to: 'in_progress' };
    case 'submitResults':
      return { ok: true, from: status, to: 'reviewing' };
    case 'conclude': {
      const pendingReviews = required(ctx.pendingReviews, 'pendingReviews', action);
      const reviewCount = required(ctx.reviewCount, 'reviewCount', action);
      const teams = ctx.pendingTeams?.length ? { pendingTeams: [...ctx.pendingTeams] } : {};
      const of = teams.pendingTeams ? ` of ${teams.pendingTeams.map((t) => `“${t}”`).join(', ')}` : '';
      if (pendingReviews > 0) {
        return { ok: false, code: 'reviews_pending', pendingReviews, ...teams, reason: `${pendingReviews} review(s)${of} are still awaited.` };
      }
      if (reviewCount === 0) {
        return { ok: false, code: 'reviews_pending', pendingReviews: 0, ...teams, reason: `The results${of} have no review yet, so there is no verdict.` };
      }
      return { ok: true, from: status, to: 'concluded' };
    }
  }
}

export const FINAL_STATUSES: readonly TaskStatus[] = ['concluded', 'withdrawn', 'unclaimed'];

export function isFinal(status: TaskStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** The publisher edits a task only in `draft`. */
export function isEditable(status: TaskStatus): boolean {
  return status === 'draft';
}

/** Teams bid, and revise their bids, only while the task is `open`. */
export function acceptsBids(status: TaskStatus): boolean {
  return status === 'open';
}

/** The event a transition into `to` publishes (every status but `draft` is entered by exactly one transition). */
export function eventTypeFor(to: TaskStatus): TaskEventType | null {
  return EVENT_BY_STATUS[to];
}

const EVENT_BY_STATUS: Record<TaskStatus, TaskEventType | null> = {
  draft: null,
  open: TASK_EVENTS.published,
  evaluating: TASK_EVENTS.biddingClosed,
  unclaimed: TASK_EVENTS.unclaimed,
  withdrawn: TASK_EVENTS.withdrawn,
  in_progress: TASK_EVENTS.awarded,
  reviewing: TASK_EVENTS.resultsSubmitted,
  concluded: TASK_EVENTS.concluded,
};

const DESCRIPTIONS: Record<TaskAction, string> = {
  publish: 'published',
  withdraw: 'withdrawn',
  closeBidding: 'closed for bidding',
  award: 'awarded',
  submitResults: 'given results',
  conclude: 'concluded',
};

function required(value: number | undefined, name: keyof TransitionContext, action: TaskAction): number {
  if (value === undefined || !Number.isInteger(value) || value < 0) {
    throw new TypeError(`transition(…, "${action}") needs ctx.${name} as a non-negative integer`);
  }
  return value;
}
