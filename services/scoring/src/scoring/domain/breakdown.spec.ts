import { DEFAULT_SCORING_STANDARD as standard, type RecordTransitionV1, type TaskConcludedV1 } from '@cadre/contracts';
import { cadreTotals } from './cap';
import { scoreBreakdown, scoringMonthOf, sourceKey, type ScoreBreakdown } from './breakdown';
import { recordEntries, reversalEntries, taskEntries, type LedgerEntryDraft } from './entries';

/** A solo INVEST-03 record of u1 verified at `verifiedAt`: city, excellent → 8 × 2 × 1.5 = 24.00 (4.80 + 19.20). */
function record(recordId: string, verifiedAt: string, overrides: Partial<RecordTransitionV1> = {}): LedgerEntryDraft[] {
  return recordEntries(standard, 1, {
    recordId,
    version: 3,
    status: 'verified',
    fromStatus: 'reviewed',
    action: 'assess:confirm',
    actorId: 'assessor',
    comment: '',
    cadreId: 'u1',
    departmentId: 'd1',
    departmentPath: ['d1'],
    itemCode: 'INVEST-03',
    firstLevelCode: 'INVEST',
    taxonomyVersion: 1,
    title: recordId,
    periodStart: '2026-01-01',
    periodEnd: '2026-01-31',
    claimedImpactLevel: 'city',
    confirmedImpactLevel: 'city',
    rating: 'excellent',
    participants: [{ userId: 'u1', role: 'lead', share: 100 }],
    createdAt: verifiedAt,
    submittedAt: verifiedAt,
    verifiedAt,
    occurredAt: verifiedAt,
    ...overrides,
  });
}

function task(taskId: string, concludedAt: string): LedgerEntryDraft[] {
  const event = {
    taskId,
    version: 7,
    status: 'concluded',
    flags: ['hard'],
    rewardPoints: 100,
    verdict: 'pass',
    concludedAt,
    teams: [{ teamId: 'team', teamName: '队', leadId: 'u1', bidId: 'b', members: [{ userId: 'u1', role: 'lead', share: 100, departmentId: 'd1', departmentPath: ['d1'] }] }],
  } as unknown as TaskConcludedV1;
  return taskEntries(standard, 1, event);
}

const revoke = (entries: LedgerEntryDraft[], occurredAt: string) => reversalEntries(entries, { version: 4, occurredAt, comment: '撤销' });
const sum = (map: Record<string, number>) => Object.values(map).reduce((s, v) => s + v, 0);
const full = (entries: LedgerEntryDraft[]) => entries.reduce((s, e) => s + e.hundredths, 0);

/** The invariant the consumers rely on: every map sums to the total, which is the totals' total. */
function expectConsistent(breakdown: ScoreBreakdown): void {
  expect(breakdown.totalHundredths).toBe(breakdown.totals.total);
  expect(sum(breakdown.byItem)).toBe(breakdown.totalHundredths);
  expect(sum(breakdown.byMonth)).toBe(breakdown.totalHundredths);
  expect(sum(breakdown.bySource)).toBe(breakdown.totalHundredths);
  for (const map of [breakdown.byItem, breakdown.byMonth, breakdown.bySource]) for (const value of Object.values(map)) expect(Number.isInteger(value)).toBe(true);
}

describe('scoringMonthOf', () => {
  it('is the calendar month in China Standard Time (UTC+8)', () => {
    expect(scoringMonthOf('2026-03-31T15:59:59.999Z', '2026')).toBe('2026-03');
    expect(scoringMonthOf('2026-03-31T16:00:00.000Z', '2026')).toBe('2026-04');
    expect(scoringMonthOf('2026-12-31T16:00:00Z', '2027')).toBe('2027-01');
    expect(scoringMonthOf('2026-05-01T00:30:00+08:00', '2026')).toBe('2026-05');
  });

  it('puts an unparsable time in the last month of the period', () => {
    expect(scoringMonthOf('not a date', '2026')).toBe('2026-12');
  });
});

describe('scoreBreakdown', () => {
  const a = record('a', '2026-02-01T00:00:00.000Z');
  const b = record('b', '2026-03-01T00:00:00.000Z');
  const c = record('c', '2026-04-01T00:00:00.000Z');
  const t = task('t1', '2026-07-01T00:00:00.000Z');

  it('is all zeros and empty maps without entries', () => {
    const breakdown = scoreBreakdown([], standard);
    expect(breakdown).toMatchObject({ totalHundredths: 0, byItem: {}, byMonth: {}, bySource: {} });
    expectConsistent(breakdown);
  });

  it('counts a single record in its item, month (UTC+8) and source', () => {
    const late = record('late', '2026-03-31T17:00:00.000Z'); // 01:00 on 1 April in Haikou
    const breakdown = scoreBreakdown(late, standard);
    expect(breakdown).toMatchObject({ totalHundredths: 2400, byItem: { INVEST: 2400 }, byMonth: { '2026-04': 2400 }, bySource: { 'record:late': 2400 } });
    expectConsistent(breakdown);
  });

  it('counts what the cap counts: 3 × 24 in INVEST count 60, the third record 12, and task points (never capped) under TASK', () => {
    const taskPoints = full(t);
    expect(taskPoints).toBeGreaterThan(0);
    const breakdown = scoreBreakdown([...a, ...b, ...c, ...t], standard);
    expect(breakdown.totalHundredths).toBe(6000 + taskPoints);
    expect(breakdown.byItem).toEqual({ INVEST: 6000, TASK: taskPoints });
    expect(breakdown.byMonth).toEqual({ '2026-02': 2400, '2026-03': 2400, '2026-04': 1200, '2026-07': taskPoints });
    expect(breakdown.bySource).toEqual({ 'record:a': 2400, 'record:b': 2400, 'record:c': 1200, 'task:t1': taskPoints });
    expect(breakdown.totals.capped).toEqual([{ firstLevelCode: 'INVEST', year: '2026', earned: 7200, counted: 6000, cap: 6000 }]);
    expectConsistent(breakdown);
  });

  it('a reversal takes back what the revoked record counted, in the month of the revocation, and frees room under the cap', () => {
    const breakdown = scoreBreakdown([...a, ...b, ...c, ...revoke(a, '2026-05-10T00:00:00.000Z')], standard);
    // a counted 24 before the revocation and its reversal −24; b and c now count in full (48 < 60).
    expect(breakdown.totalHundredths).toBe(4800);
    expect(breakdown.byItem).toEqual({ INVEST: 4800 });
    expect(breakdown.byMonth).toEqual({ '2026-02': 2400, '2026-03': 2400, '2026-04': 2400, '2026-05': -2400 });
    expect(breakdown.bySource).toEqual({ 'record:a': 0, 'record:b': 2400, 'record:c': 2400 });
    expect(breakdown.totals.capped).toEqual([]);
    expectConsistent(breakdown);
  });

  it('a revoked record that the cap had cut takes back only its counted part', () => {
    const breakdown = scoreBreakdown([...a, ...b, ...c, ...revoke(c, '2026-06-01T00:00:00.000Z')], standard);
    expect(breakdown.totalHundredths).toBe(4800);
    expect(breakdown.byMonth).toEqual({ '2026-02': 2400, '2026-03': 2400, '2026-04': 1200, '2026-06': -1200 });
    expect(breakdown.bySource).toEqual({ 'record:a': 2400, 'record:b': 2400, 'record:c': 0 });
    expectConsistent(breakdown);
  });

  it('a revocation in the next year is counted in the entry’s year, in the month it happened', () => {
    const december = record('dec', '2025-12-20T00:00:00.000Z');
    expect(december[0].period).toBe('2025');
    const reversed = revoke(december, '2026-01-05T00:00:00.000Z');
    expect(reversed[0].period).toBe('2025');
    const breakdown = scoreBreakdown([...december, ...reversed], standard);
    expect(breakdown).toMatchObject({ totalHundredths: 0, byItem: { INVEST: 0 }, byMonth: { '2025-12': 2400, '2026-01': -2400 }, bySource: { 'record:dec': 0 } });
    expectConsistent(breakdown);
  });

  it('keeps items, months and sources that net to 0 (a record rated 不予认定)', () => {
    const none = record('none', '2026-08-01T00:00:00.000Z', { rating: 'none', firstLevelCode: 'HONOR', itemCode: 'HONOR-01' });
    const breakdown = scoreBreakdown([...a, ...none], standard);
    expect(breakdown).toMatchObject({ totalHundredths: 2400, byItem: { INVEST: 2400, HONOR: 0 }, byMonth: { '2026-02': 2400, '2026-08': 0 }, bySource: { 'record:a': 2400, 'record:none': 0 } });
    expectConsistent(breakdown);
  });

  it('agrees with cadreTotals, whatever the order, and counts a key passed twice once', () => {
    const entries = [...a, ...b, ...c, ...t, ...record('e', '2026-05-01T00:00:00.000Z'), ...revoke(b, '2026-09-01T00:00:00.000Z')];
    const breakdown = scoreBreakdown(entries, standard);
    expect(breakdown.byItem).toEqual(cadreTotals(entries, standard).byItem);
    expect(breakdown.totalHundredths).toBe(cadreTotals(entries, standard).total);
    const shuffled = scoreBreakdown([...entries].reverse().concat(entries.slice(0, 3)), standard);
    expect({ ...shuffled, totals: undefined }).toEqual({ ...breakdown, totals: undefined });
    expect(Object.keys(breakdown.bySource)).toEqual([...Object.keys(breakdown.bySource)].sort());
    expect(Object.keys(breakdown.byMonth)).toEqual([...Object.keys(breakdown.byMonth)].sort());
    expectConsistent(breakdown);
  });

  it('names sources record:<id> and task:<id>', () => {
    expect(sourceKey({ type: 'record', id: 'r-1' })).toBe('record:r-1');
    expect(sourceKey({ type: 'task', id: 't-1' })).toBe('task:t-1');
  });
});
