import { DEFAULT_SCORING_STANDARD as standard, scoringStandardBody, type AppraisalGradeV1, type RecordTransitionV1, type ScoringStandard } from '@cadre/contracts';
import { appraisalEntries, checkConfirmedGrade, recordEntries, ScoringInputError } from './entries';
import { explain, explainBasis } from './explanation';
import { gradePoints } from './points';
import { confirmedAgain, gradeReturn, sourceEntries, type SourceFacts } from './sources';
import { cadreTotals } from './cap';
import { collectByCadre, dryRunView, type EntriesByCadre } from './dry-run';
import { standardOf } from './standards';

/** INVEST-03, city, good, filed alone by u1 in 2026: 8 × 2 × 1.2 = 19.20 points (3.84 + 15.36). */
function verifiedRecordEvent(): RecordTransitionV1 {
  const at = '2026-04-10T02:00:00.000Z';
  return {
    recordId: 'r1',
    version: 4,
    status: 'verified',
    fromStatus: 'reviewed',
    action: 'assess:confirm',
    actorId: 'assessor-1',
    comment: '',
    cadreId: 'u1',
    departmentId: 'd1',
    departmentPath: ['root', 'd1'],
    itemCode: 'INVEST-03',
    firstLevelCode: 'INVEST',
    taxonomyVersion: 1,
    title: '引进500强企业',
    periodStart: '2026-01-01',
    periodEnd: '2026-03-31',
    claimedImpactLevel: 'city',
    confirmedImpactLevel: 'city',
    rating: 'good',
    participants: [{ userId: 'u1', role: 'lead', share: 100 }],
    createdAt: at,
    submittedAt: at,
    verifiedAt: at,
    occurredAt: at,
  };
}

/** A confirmed 年度 优秀 of cadre u1 in the 2026 annual cycle. */
function grade(version: number, fields: Partial<AppraisalGradeV1> = {}): AppraisalGradeV1 {
  return {
    appraisalId: 'c1:u1',
    cycleId: 'c1',
    cycleKind: 'annual',
    cycleName: '2026年度考核',
    period: '2026',
    year: '2026',
    cadreId: 'u1',
    departmentId: 'd1',
    departmentPath: ['root', 'd1'],
    grade: 'excellent',
    status: 'confirmed',
    comment: '',
    byUserId: 'assessor-1',
    version,
    occurredAt: '2026-12-20T02:00:00.000Z',
    ...fields,
  };
}

const returned = (version: number, comment = '材料不全'): AppraisalGradeV1 => ({ ...grade(version), status: 'returned', comment, occurredAt: '2026-12-21T02:00:00.000Z' });

describe('points for grades', () => {
  it('by the cycle kind and the grade under the default standard: 年度 优秀 10 / 称职 5, 平时 好 2 / 较好 1, 专项 优秀 5 / 称职 2, the rest 0', () => {
    const table = {
      annual: { excellent: 10, competent: 5, basic: 0, incompetent: 0 },
      quarterly: { good: 2, fairly_good: 1, average: 0, poor: 0 },
      special: { excellent: 5, competent: 2, basic: 0, incompetent: 0 },
    };
    for (const [kind, grades] of Object.entries(table)) for (const [g, points] of Object.entries(grades)) expect([kind, g, gradePoints(standard, kind, g)]).toEqual([kind, g, points]);
  });

  it('by the standard given, and the defaults for a standard stored before grades gave points', () => {
    const custom: ScoringStandard = { ...standard, appraisalGradePoints: { ...standard.appraisalGradePoints, quarterly: { good: 3.5, fairly_good: 2, average: 0.5, poor: 0 } } };
    expect(gradePoints(custom, 'quarterly', 'good')).toBe(3.5);
    expect(gradePoints(custom, 'quarterly', 'average')).toBe(0.5);
    const older: Partial<ScoringStandard> = { ...standard };
    delete older.appraisalGradePoints;
    expect(gradePoints(older, 'annual', 'excellent')).toBe(10);
    expect(standardOf(older as unknown as Record<string, unknown>).appraisalGradePoints).toEqual(standard.appraisalGradePoints);
    // The same as the schema parses a stored older body.
    expect(standardOf(older as unknown as Record<string, unknown>)).toEqual(scoringStandardBody.parse(older));
    // A standard that has them keeps its own.
    expect(standardOf(custom as unknown as Record<string, unknown>).appraisalGradePoints.quarterly.good).toBe(3.5);
  });

  it('refuses a grade of the other scale and an unknown kind', () => {
    expect(() => gradePoints(standard, 'quarterly', 'excellent')).toThrow('not of the quarterly scale');
    expect(() => gradePoints(standard, 'annual', 'good')).toThrow('not of the annual scale');
    expect(() => gradePoints(standard, 'monthly', 'good')).toThrow('unknown cycle kind');
    expect(() => gradePoints(standard, 'annual', '__proto__')).toThrow();
  });
});

describe('a confirmed grade’s entry', () => {
  it('is one entry for the cadre, in the cycle’s year, keyed by the confirmation’s version, explained in Chinese', () => {
    const [entry, ...rest] = appraisalEntries(standard, 3, grade(4));
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      key: 'appraisal:c1:u1:v4:u1:appraisal',
      cadreId: 'u1',
      part: 'appraisal',
      hundredths: 1000,
      source: { type: 'appraisal', id: 'c1:u1', version: 4 },
      standardVersion: 3,
      period: '2026',
      occurredAt: '2026-12-20T02:00:00.000Z',
      explanation: '考核《2026年度考核》：年度考核 优秀 → 10.00',
    });
    expect(entry.itemCode).toBeUndefined();
    expect(entry.firstLevelCode).toBeUndefined();
    expect(explain(entry.facts)).toBe(entry.explanation);
  });

  it('reads every kind and grade in Chinese, with two decimals', () => {
    expect(explainBasis({ kind: 'appraisal', title: '2026年第一季度平时考核', cycleKind: 'quarterly', grade: 'fairly_good', hundredths: 100 })).toBe('考核《2026年第一季度平时考核》：平时考核 较好 → 1.00');
    expect(explainBasis({ kind: 'appraisal', title: '招商专项', cycleKind: 'special', grade: 'basic', hundredths: 0 })).toBe('考核《招商专项》：专项考核 基本称职 → 0.00');
    expect(appraisalEntries(standard, 1, grade(2, { grade: 'incompetent' }))[0]).toMatchObject({ hundredths: 0, explanation: '考核《2026年度考核》：年度考核 不称职 → 0.00' });
  });

  it('the year is the cycle’s, not the time of the confirmation', () => {
    expect(appraisalEntries(standard, 1, grade(2, { year: '2025', occurredAt: '2026-01-15T02:00:00.000Z' }))[0].period).toBe('2025');
  });

  it('refuses an event that is no confirmation scoring can give points for', () => {
    expect(() => checkConfirmedGrade(grade(2, { status: 'submitted' }))).toThrow(ScoringInputError);
    expect(() => checkConfirmedGrade(grade(2, { grade: null }))).toThrow('without a grade');
    expect(() => checkConfirmedGrade(grade(2, { cycleKind: 'quarterly' }))).toThrow('not of the quarterly scale');
    expect(() => checkConfirmedGrade(grade(2, { year: '26' }))).toThrow('is not YYYY');
    expect(() => appraisalEntries(standard, 1, grade(2, { grade: 'good' }))).toThrow(ScoringInputError);
    expect(() => checkConfirmedGrade(grade(2))).not.toThrow();
  });
});

describe('an appraisal as a source: confirmed, returned, confirmed again', () => {
  const source = (fields: Partial<SourceFacts> = {}): SourceFacts => ({ type: 'appraisal', data: grade(4) as unknown as Record<string, unknown>, revoked: null, ...fields });

  it('a return reverses the confirmation’s entry: the pair nets to 0, the reversal explained', () => {
    const reversal = gradeReturn(source(), returned(5))!;
    expect(reversal).toEqual({ version: 5, occurredAt: '2026-12-21T02:00:00.000Z', comment: '材料不全', kind: 'returned' });
    const entries = sourceEntries(source({ revoked: reversal }), 1, standard);
    expect(entries.map((e) => [e.key, e.part, e.hundredths, e.source.version])).toEqual([
      ['appraisal:c1:u1:v4:u1:appraisal', 'appraisal', 1000, 4],
      ['appraisal:c1:u1:v4:u1:appraisal:reversal', 'reversal', -1000, 5],
    ]);
    expect(entries[1].explanation).toBe('等次退回（材料不全）：冲减考核等次积分 10.00；原计分：考核《2026年度考核》：年度考核 优秀 → 10.00');
    expect(entries[1].period).toBe('2026');
    const totals = cadreTotals(entries, standard);
    expect(totals).toMatchObject({ total: 0, appraisal: 0, reversal: 0, byItem: { APPRAISAL: 0 } });
  });

  it('a redelivered or late return, or one of a return already applied, changes nothing', () => {
    expect(gradeReturn(source(), returned(4))).toBeNull();
    expect(gradeReturn(source(), returned(3))).toBeNull();
    expect(gradeReturn(source({ revoked: { version: 5, occurredAt: 'x', kind: 'returned' } }), returned(5))).toBeNull();
  });

  it('a redelivered or older confirmation changes nothing; a newer one opens a round, the earlier reversed', () => {
    expect(confirmedAgain(source(), grade(4))).toBeNull();
    expect(confirmedAgain(source(), grade(2))).toBeNull();
    const returnedOnce = source({ revoked: { version: 5, occurredAt: '2026-12-21T02:00:00.000Z', comment: '材料不全', kind: 'returned' } });
    const rounds = confirmedAgain(returnedOnce, grade(7, { grade: 'competent' }))!;
    expect(rounds.earlier).toEqual([{ data: grade(4), revoked: returnedOnce.revoked }]);
    const entries = sourceEntries({ type: 'appraisal', ...rounds }, 1, standard);
    expect(entries.map((e) => [e.key, e.hundredths])).toEqual([
      ['appraisal:c1:u1:v4:u1:appraisal', 1000],
      ['appraisal:c1:u1:v4:u1:appraisal:reversal', -1000],
      ['appraisal:c1:u1:v7:u1:appraisal', 500],
    ]);
    expect(cadreTotals(entries, standard)).toMatchObject({ total: 500, appraisal: 500, reversal: 0, byItem: { APPRAISAL: 500 } });
    // A return that never arrived is implied by the new confirmation.
    const implied = confirmedAgain(source(), grade(7))!;
    expect(implied.earlier[0].revoked).toMatchObject({ version: 7, kind: 'returned' });
  });
});

describe('grade points in a cadre’s totals', () => {
  it('count under appraisal and byItem.APPRAISAL, apart from records, and are not under the yearly cap', () => {
    const capped: ScoringStandard = { ...standard, yearlyCapPerItem: 5 };
    const entries = [...appraisalEntries(capped, 1, grade(4)), ...recordEntries(capped, 1, verifiedRecordEvent())];
    const totals = cadreTotals(entries, capped);
    // The record's 19.20 is capped at 5; the grade's 10 is not.
    expect(totals).toMatchObject({ total: 1500, appraisal: 1000, participation: 384, contribution: 116, byItem: { APPRAISAL: 1000, INVEST: 500 } });
    expect(totals.participation + totals.contribution + totals.bonus + totals.reversal + totals.appraisal).toBe(totals.total);
  });

  it('a dry run of a standard with other grade points shows the before and after', () => {
    const other: ScoringStandard = { ...standard, appraisalGradePoints: { ...standard.appraisalGradePoints, annual: { excellent: 15, competent: 8, basic: 0, incompetent: 0 } } };
    const sources: SourceFacts[] = [
      { type: 'appraisal', data: grade(4) as unknown as Record<string, unknown>, revoked: null },
      { type: 'appraisal', data: grade(4, { appraisalId: 'c1:u2', cadreId: 'u2', grade: 'competent' }) as unknown as Record<string, unknown>, revoked: null },
    ];
    const before: EntriesByCadre = new Map();
    const after: EntriesByCadre = new Map();
    for (const s of sources) {
      collectByCadre(before, sourceEntries(s, 1, standard));
      collectByCadre(after, sourceEntries(s, 2, other));
    }
    expect(dryRunView(2, '2026', { entries: before, standard }, { entries: after, standard: other })).toEqual({
      version: 2,
      period: '2026',
      cadres: [
        { cadreId: 'u1', before: 10, after: 15, delta: 5 },
        { cadreId: 'u2', before: 5, after: 8, delta: 3 },
      ],
      totals: { before: 15, after: 23, moved: 2 },
    });
  });
});
