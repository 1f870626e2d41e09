import { TASK_EVENTS, TASK_STATUSES, type TaskStatus } from '@cadre/contracts';
import { TASK_ACTIONS, acceptsBids, eventTypeFor, isEditable, isFinal, transition, type TaskAction, type TransitionContext } from './lifecycle';

/** Every allowed (status, action, context) and where it leads: the drawing of docs/DOMAIN.md §2. */
const allowed: [TaskStatus, TaskAction, TransitionContext, TaskStatus][] = [
  ['draft', 'publish', {}, 'open'],
  ['draft', 'withdraw', {}, 'withdrawn'],
  ['open', 'withdraw', { bidCount: 0 }, 'withdrawn'],
  ['open', 'closeBidding', { bidCount: 3 }, 'evaluating'],
  ['open', 'closeBidding', { bidCount: 1 }, 'evaluating'],
  ['open', 'closeBidding', { bidCount: 0 }, 'unclaimed'],
  ['evaluating', 'award', {}, 'in_progress'],
  ['in_progress', 'submitResults', {}, 'reviewing'],
  ['reviewing', 'conclude', { pendingReviews: 0, reviewCount: 3 }, 'concluded'],
];

/** A context that satisfies every action, so a refusal below can only come from the status. */
const anyContext: TransitionContext = { bidCount: 2, pendingReviews: 0, reviewCount: 2 };

const forbidden: [TaskStatus, TaskAction][] = TASK_STATUSES.flatMap((status) =>
  TASK_ACTIONS.filter((action) => !allowed.some(([from, a]) => from === status && a === action)).map(
    (action) => [status, action] as [TaskStatus, TaskAction],
  ),
);

describe('task lifecycle', () => {
  it.each(allowed)('%s --%s %j--> %s', (from, action, ctx, to) => {
    expect(transition(from, action, ctx)).toEqual({ ok: true, from, to });
  });

  it('forbids exactly the 48 − 7 pairs not drawn', () => {
    expect(TASK_STATUSES.length * TASK_ACTIONS.length).toBe(48);
    expect(forbidden).toHaveLength(41);
  });

  it.each(forbidden)('refuses %s --%s-->', (status, action) => {
    const result = transition(status, action, anyContext);
    expect(result).toMatchObject({ ok: false, code: 'wrong_status', from: status });
    if (!result.ok) expect(result.reason).toContain(`"${status}"`);
  });

  it('withdraws an open task only before any bid (409 once a team has bid)', () => {
    expect(transition('open', 'withdraw', { bidCount: 0 })).toEqual({ ok: true, from: 'open', to: 'withdrawn' });
    expect(transition('open', 'withdraw', { bidCount: 2 })).toMatchObject({ ok: false, code: 'has_bids', bidCount: 2 });
    expect(() => transition('open', 'withdraw')).toThrow(TypeError);
  });

  it('concludes only with every expected review in, and at least one', () => {
    expect(transition('reviewing', 'conclude', { pendingReviews: 1, reviewCount: 2 })).toMatchObject({
      ok: false,
      code: 'reviews_pending',
      pendingReviews: 1,
    });
    expect(transition('reviewing', 'conclude', { pendingReviews: 0, reviewCount: 0 })).toMatchObject({
      ok: false,
      code: 'reviews_pending',
      pendingReviews: 0,
    });
  });

  it('reports a wrong status before looking at the context', () => {
    expect(transition('open', 'conclude')).toMatchObject({ ok: false, code: 'wrong_status', expected: 'reviewing' });
  });

  it('throws when the facts a transition needs are missing (a programming error)', () => {
    expect(() => transition('open', 'closeBidding')).toThrow(TypeError);
    expect(() => transition('open', 'closeBidding', { bidCount: -1 })).toThrow(TypeError);
    expect(() => transition('reviewing', 'conclude', { reviewCount: 1 })).toThrow(TypeError);
    expect(() => transition('reviewing', 'conclude', { pendingReviews: 0 })).toThrow(TypeError);
  });

  it('final states admit no action', () => {
    expect(TASK_STATUSES.filter(isFinal)).toEqual(['concluded', 'withdrawn', 'unclaimed']);
    for (const status of ['concluded', 'withdrawn', 'unclaimed'] as const) {
      for (const action of TASK_ACTIONS) expect(transition(status, action, anyContext).ok).toBe(false);
    }
  });

  it('only a draft is editable and only an open task accepts bids', () => {
    expect(TASK_STATUSES.filter(isEditable)).toEqual(['draft']);
    expect(TASK_STATUSES.filter(acceptsBids)).toEqual(['open']);
  });

  it('names the event of each status a transition enters', () => {
    expect(eventTypeFor('draft')).toBeNull();
    expect(eventTypeFor('open')).toBe(TASK_EVENTS.published);
    expect(eventTypeFor('evaluating')).toBe('tasks.task.bidding_closed');
    expect(eventTypeFor('unclaimed')).toBe('tasks.task.unclaimed');
    expect(eventTypeFor('withdrawn')).toBe('tasks.task.withdrawn');
    expect(eventTypeFor('in_progress')).toBe('tasks.task.awarded');
    expect(eventTypeFor('reviewing')).toBe('tasks.task.results_submitted');
    expect(eventTypeFor('concluded')).toBe('tasks.task.concluded');
  });

  it('names the teams still awaiting reviews when given', () => {
    expect(transition('reviewing', 'conclude', { pendingReviews: 1, reviewCount: 0, pendingTeams: ['攻坚队2'] })).toMatchObject({
      ok: false,
      code: 'reviews_pending',
      pendingTeams: ['攻坚队2'],
      reason: '1 review(s) of “攻坚队2” are still awaited.',
    });
  });
});
