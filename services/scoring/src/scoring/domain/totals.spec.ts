import { DEFAULT_SCORING_STANDARD as standard, ROLLING_PERIOD, currentScoringYear, type RecordTransitionV1 } from '@cadre/contracts';
import { recordEntries, reversalEntries } from './entries';
import type { BreakdownEntry } from './breakdown';
import { nextRevision, periodTotals, recomputedPeriods, type Recomputation } from './totals';

const YEAR = currentScoringYear();
const verifiedAt = `${YEAR}-03-10T02:00:00.000Z`;

/** A solo INVEST-03 record, city, good: 8 × 2 × 1.2 = 19.20 (3.84 + 15.36). */
const facts: RecordTransitionV1 = {
  recordId: 'r1',
  version: 4,
  status: 'verified',
  fromStatus: 'reviewed',
  action: 'assess:confirm',
  actorId: 'assessor',
  comment: '',
  cadreId: 'u1',
  departmentId: 'd1',
  departmentPath: ['city', 'd1'],
  itemCode: 'INVEST-03',
  firstLevelCode: 'INVEST',
  taxonomyVersion: 1,
  title: '招商',
  periodStart: `${YEAR}-01-01`,
  periodEnd: `${YEAR}-02-28`,
  claimedImpactLevel: 'city',
  confirmedImpactLevel: 'city',
  rating: 'good',
  participants: [],
  createdAt: verifiedAt,
  submittedAt: verifiedAt,
  verifiedAt,
  occurredAt: verifiedAt,
};
const asStored = (entries: ReturnType<typeof recordEntries>): BreakdownEntry[] => entries.map((e) => ({ ...e, source: { type: e.source.type, id: e.source.id } }));
const originals = recordEntries(standard, 1, facts);
const stamp: Recomputation = { revision: 1_000, at: new Date(1_000), departmentId: 'd1', departmentPath: ['city', 'd1'] };

describe('a cadre’s totals of a period', () => {
  it('a calendar year: the totals and the scoring.score.updated announcing them', () => {
    const { totals, announced } = periodTotals('u1', YEAR, 1, standard, asStored(originals), stamp);
    expect(totals).toEqual({
      cadreId: 'u1',
      period: YEAR,
      standardVersion: 1,
      total: 1920,
      participation: 384,
      contribution: 1536,
      bonus: 0,
      reversal: 0,
      appraisal: 0,
      byItem: { INVEST: 1920 },
      capped: [],
      entryCount: 2,
      revision: 1_000,
      updatedAt: new Date(1_000),
    });
    expect(announced).toEqual({
      cadreId: 'u1',
      period: YEAR,
      total: 19.2,
      totalHundredths: 1920,
      byItem: { INVEST: 1920 },
      byMonth: { [`${YEAR}-03`]: 1920 },
      bySource: { 'record:r1': 1920 },
      departmentId: 'd1',
      departmentPath: ['city', 'd1'],
      standardVersion: 1,
      revision: 1_000,
      updatedAt: new Date(1_000).toISOString(),
    });
  });

  it('the rolling period is kept but not announced; a year without entries is all zeros', () => {
    expect(periodTotals('u1', ROLLING_PERIOD, 1, standard, asStored(originals), stamp)).toMatchObject({ totals: { total: 1920, entryCount: 2 }, announced: null });
    expect(periodTotals('u1', String(Number(YEAR) - 1), 1, standard, asStored(originals), stamp)).toMatchObject({ totals: { total: 0, entryCount: 0 }, announced: { totalHundredths: 0, byItem: {}, bySource: {} } });
  });

  it('a revoked record nets 0, its reversals counted', () => {
    const revoked = [...originals, ...reversalEntries(originals, { version: 5, occurredAt: verifiedAt, comment: '不实' })];
    const { totals, announced } = periodTotals('u1', YEAR, 1, standard, asStored(revoked), stamp);
    expect(totals).toMatchObject({ total: 0, reversal: -1920, entryCount: 4 });
    expect(announced).toMatchObject({ totalHundredths: 0, bySource: { 'record:r1': 0 } });
  });

  it('writes each year with entries, the current year and the rolling period, once each', () => {
    expect(recomputedPeriods([{ period: '2020' }, { period: YEAR }, { period: '2020' }], YEAR)).toEqual(['2020', YEAR, ROLLING_PERIOD]);
    expect(recomputedPeriods([], YEAR)).toEqual([YEAR, ROLLING_PERIOD]);
  });

  it('a revision grows past every earlier one, even within one millisecond or with a clock that stepped back', () => {
    expect(nextRevision(500, [undefined, 100])).toBe(500);
    expect(nextRevision(500, [500, undefined])).toBe(501);
    expect(nextRevision(500, [900, 700])).toBe(901);
  });
});
