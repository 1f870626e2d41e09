import type { AppealSubjectSnapshot } from '@cadre/contracts';
import type { ProblemException } from '@cadre/platform';
import { appealDeadline, assertAppealable } from './eligibility';

const subject = (fields: Partial<AppealSubjectSnapshot> = {}): AppealSubjectSnapshot => ({
  type: 'record',
  id: 'rec1',
  title: '引进500强企业项目',
  decision: '退回：材料不全',
  decidedAt: '2026-03-01T02:00:00.000Z',
  link: '/records/rec1',
  state: 'returned',
  entitled: true,
  departmentId: 'bureauA',
  departmentPath: ['city', 'bureauA'],
  ...fields,
});

const problemOf = (work: () => unknown) => {
  try {
    work();
    return undefined;
  } catch (error) {
    return (error as ProblemException).problem;
  }
};

describe('appeals: eligibility and the window', () => {
  const within = new Date('2026-03-10T00:00:00Z');

  it('the deadline is the decision + the window’s days', () => {
    expect(appealDeadline('2026-03-01T02:00:00.000Z', 15).toISOString()).toBe('2026-03-16T02:00:00.000Z');
  });

  it('a returned or rejected record of the caller’s, a verdict, a points entry within the window may be appealed', () => {
    expect(assertAppealable(subject(), within, 15).toISOString()).toBe('2026-03-16T02:00:00.000Z');
    expect(problemOf(() => assertAppealable(subject({ state: 'rejected' }), within, 15))).toBeUndefined();
    expect(problemOf(() => assertAppealable(subject({ type: 'verdict', state: 'verdict' }), within, 15))).toBeUndefined();
    expect(problemOf(() => assertAppealable(subject({ type: 'score_entry', state: 'entry' }), within, 15))).toBeUndefined();
  });

  it('403 for what is not the caller’s (before anything else)', () => {
    expect(problemOf(() => assertAppealable(subject({ entitled: false, state: 'verified' }), new Date('2027-01-01T00:00:00Z'), 15))?.status).toBe(403);
  });

  it('409 for a record in another state', () => {
    for (const state of ['verified', 'submitted', 'draft', 'reviewed']) expect(problemOf(() => assertAppealable(subject({ state }), within, 15))?.status).toBe(409);
  });

  it('409 past the deadline, naming it in Beijing time; the deadline itself is still within', () => {
    expect(problemOf(() => assertAppealable(subject(), new Date('2026-03-16T02:00:00.000Z'), 15))).toBeUndefined();
    const late = problemOf(() => assertAppealable(subject(), new Date('2026-03-16T02:00:00.001Z'), 15));
    expect(late?.status).toBe(409);
    expect(late?.detail).toContain('2026-03-16 10:00');
    expect(problemOf(() => assertAppealable(subject(), new Date('2026-03-20T00:00:00Z'), 30))).toBeUndefined();
  });
});
