import type { ProblemException } from '@cadre/platform';
import type { RoundFacts } from '../../rounds/rounds.port';
import { assertTakingApplications, awardError, isDrawable, isWithinRound, markedDrawn, newApplication, newestFirst, recommend, sameApplication, type ApplicationEntry } from './application';

const round: RoundFacts = {
  roundId: 'r1',
  name: '2026年度评先评优',
  kind: 'award',
  status: 'applying',
  positions: [
    { name: '优秀公务员', count: 3 },
    { name: '先进集体', count: 1 },
  ],
  departmentIds: ['district'],
  applyUntil: '2026-06-30',
};

const statusOf = (work: () => unknown): number | undefined => {
  try {
    work();
    return undefined;
  } catch (error) {
    return (error as ProblemException).problem.status;
  }
};

const entry = (fields: Partial<ApplicationEntry> = {}): ApplicationEntry => ({
  ...newApplication({
    id: 'a1',
    round,
    body: { applicantType: 'cadre', award: '优秀公务员', statement: '全年完成重点项目五项', recordIds: [] },
    applicant: { id: 'cadre1', name: '王海军', departmentId: 'bureauA', departmentPath: ['city', 'district', 'bureauA'] },
    departmentName: '龙华区发改局',
    records: [],
    by: { id: 'cadre1', name: '王海军' },
    now: new Date('2026-06-01T02:00:00Z'),
  }),
  ...fields,
});

describe('award applications: the rules', () => {
  it('names `award` unless it is one of the round’s awards', () => {
    expect(awardError(round, '优秀公务员')).toBeNull();
    expect(awardError(round, '劳动模范')).toEqual({ path: 'award', message: expect.stringContaining('优秀公务员、先进集体') });
  });

  it('takes applications only in an award round while 申报中 and up to applyUntil (Beijing) inclusive', () => {
    expect(statusOf(() => assertTakingApplications(round, '2026-06-30'))).toBeUndefined();
    expect(statusOf(() => assertTakingApplications(round, '2026-07-01'))).toBe(409);
    expect(statusOf(() => assertTakingApplications({ ...round, status: 'inspecting' }, '2026-06-01'))).toBe(409);
    expect(statusOf(() => assertTakingApplications({ ...round, kind: 'promotion', applyUntil: null }, '2026-06-01'))).toBe(409);
  });

  it('the applicant lies within one of the round’s departments (with its subtree)', () => {
    expect(isWithinRound(round, ['city', 'district', 'bureauA'])).toBe(true);
    expect(isWithinRound(round, ['city', 'otherDistrict'])).toBe(false);
    expect(isWithinRound(round, ['city'])).toBe(false);
  });

  it('finds an earlier application of the same applicant and award only', () => {
    const entries = [entry()];
    expect(sameApplication(entries, 'cadre1', '优秀公务员')?.id).toBe('a1');
    expect(sameApplication(entries, 'cadre1', '先进集体')).toBeUndefined();
    expect(sameApplication(entries, 'cadre2', '优秀公务员')).toBeUndefined();
  });

  it('a new application waits for the recommendation (待推荐), version 1, not drawn', () => {
    expect(entry()).toMatchObject({ status: 'submitted', version: 1, drawn: false, recommendation: null, roundName: '2026年度评先评优', departmentId: 'bureauA', submittedAt: '2026-06-01T02:00:00.000Z' });
  });

  it('recommends or not while 申报中 and not drawn; the recommendation may change until drawn', () => {
    const by = { id: 'reviewer', name: '冯审核' };
    const now = new Date('2026-06-02T00:00:00Z');
    const yes = recommend(entry(), round, { recommend: true, comment: '实绩突出，同意推荐' }, by, now);
    expect(yes).toMatchObject({ status: 'recommended', version: 2, recommendation: { recommend: true, comment: '实绩突出，同意推荐', by, at: now.toISOString() } });
    const no = recommend(yes, round, { recommend: false, comment: '材料不足' }, by, now);
    expect(no).toMatchObject({ status: 'not_recommended', version: 3 });
    expect(statusOf(() => recommend({ ...yes, drawn: true }, round, { recommend: false, comment: '改' }, by, now))).toBe(409);
    expect(statusOf(() => recommend(yes, { ...round, status: 'inspecting' }, { recommend: false, comment: '改' }, by, now))).toBe(409);
  });

  it('drawable: recommended and not drawn; marking drawn is idempotent', () => {
    const recommended = entry({ status: 'recommended' });
    expect(isDrawable(recommended)).toBe(true);
    expect(isDrawable(entry())).toBe(false);
    expect(isDrawable({ ...recommended, drawn: true })).toBe(false);
    const now = new Date('2026-07-01T00:00:00Z');
    const once = markedDrawn({ a1: recommended }, ['a1', 'missing'], now);
    expect(once?.a1).toMatchObject({ drawn: true, drawnAt: now.toISOString() });
    expect(markedDrawn(once!, ['a1'], now)).toBeNull();
    expect(markedDrawn({ a1: recommended }, ['missing'], now)).toBeNull();
  });

  it('lists newest first', () => {
    const older = entry({ id: 'a', submittedAt: '2026-06-01T00:00:00.000Z' });
    const newer = entry({ id: 'b', submittedAt: '2026-06-02T00:00:00.000Z' });
    expect([older, newer].sort(newestFirst).map((e) => e.id)).toEqual(['b', 'a']);
  });
});
