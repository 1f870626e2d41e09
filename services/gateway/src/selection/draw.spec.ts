import { drawnCandidateSchema, type ApplicationView, type CandidateView } from '@cadre/contracts';
import { drawnApplication, drawnCadre, mergeShortlists, namedCadresQuery, namedRows, shortlistQuery } from './draw';

const at = '2026-03-02T01:00:00.000Z';
const row = (cadreId: string, points: number, cityRank: number, departmentId = 'd2'): CandidateView => ({
  rank: 1,
  cadreId,
  name: `干部${cadreId}`,
  departmentId,
  departmentName: '中山街道',
  rankLevel: 'section',
  title: '科长',
  points,
  byItem: { INVEST: points },
  evidence: { records: [], tasks: [], ratings: {}, verifiedRecords: 0, concludedTasks: 0 },
  grades: [],
  satisfaction: null,
  cityRank,
  cityCadres: 40,
  topDecile: cityRank <= 4,
});
const paths = new Map([
  ['d1', ['root', 'd1']],
  ['d2', ['root', 'd1', 'd2']],
]);
const round = {
  rankLevel: 'section' as const,
  criteria: { period: '2026', withoutGrades: ['basic' as const, 'incompetent' as const], gradeYears: 2, minSatisfaction: 80, limit: 3 },
};

describe('the shortlist query of a round', () => {
  it('carries the round’s criteria and rank level, grades joined by commas', () => {
    expect(shortlistQuery(round, 'd1')).toEqual({ departmentId: 'd1', limit: 3, gradeYears: 2, period: '2026', rankLevel: 'section', withoutGrades: 'basic,incompetent', minSatisfaction: 80 });
  });

  it('leaves out what the round does not set (analytics’ defaults: the current year, no filters)', () => {
    expect(shortlistQuery({ rankLevel: null, criteria: { withoutGrades: [], gradeYears: 3, limit: 20 } }, 'd1')).toEqual({ departmentId: 'd1', limit: 20, gradeYears: 3 });
  });

  it('asks named cadres with only the period and the grade years', () => {
    expect(namedCadresQuery(round, ['c2', 'c1'])).toEqual({ cadreIds: ['c2', 'c1'], gradeYears: 2, period: '2026' });
  });
});

describe('merging the departments’ shortlists', () => {
  it('keeps each cadre once, most points first (ties: the better city place, then the id), the best limit', () => {
    const merged = mergeShortlists(
      [
        { period: '2026', items: [row('a', 50, 5), row('b', 90, 1), row('c', 70, 3)] },
        { period: '2026', items: [row('c', 70, 3), row('e', 70, 2), row('d', 70, 3)] },
      ],
      4,
    );
    expect(merged.map((entry) => entry.row.cadreId)).toEqual(['b', 'e', 'c', 'd']);
  });

  it('answers nothing for empty shortlists', () => {
    expect(mergeShortlists([{ period: '2026', items: [] }], 5)).toEqual([]);
  });
});

describe('named cadres', () => {
  it('come in the order named', () => {
    expect(namedRows(['c', 'a'], { period: '2026', items: [row('a', 1, 9), row('c', 2, 8)] }).map((entry) => entry.row.cadreId)).toEqual(['c', 'a']);
  });

  it('400 naming cadreIds.<i> for each one analytics does not know', () => {
    expect(() => namedRows(['a', 'x', 'c', 'y'], { period: '2026', items: [row('a', 1, 9), row('c', 2, 8)] })).toThrow(
      expect.objectContaining({ problem: expect.objectContaining({ status: 400, errors: [expect.objectContaining({ path: 'cadreIds.1' }), expect.objectContaining({ path: 'cadreIds.3' })] }) }),
    );
  });
});

describe('a drawn candidate', () => {
  it('freezes a cadre’s shortlist row with the department’s path', () => {
    const drawn = drawnCandidateSchema.parse(drawnCadre({ period: '2025', row: row('a', 88.5, 2) }, paths, at));
    expect(drawn).toMatchObject({
      type: 'cadre',
      candidateId: 'a',
      departmentPath: ['root', 'd1', 'd2'],
      applicationId: null,
      evidence: { capturedAt: at, period: '2025', points: 88.5, cityRank: 2, cityCadres: 40, topDecile: true, satisfaction: null },
    });
  });

  const application = (applicantType: 'cadre' | 'department', applicantId: string): ApplicationView => ({
    id: 'ap1',
    roundId: 'r1',
    roundName: '评先评优',
    applicantType,
    applicantId,
    applicantName: applicantType === 'department' ? '中山街道' : '孙新',
    departmentId: 'd2',
    departmentName: '中山街道',
    award: '先进集体',
    statement: '成效显著',
    records: [
      { recordId: 'r1', title: '营商环境改革', itemCode: 'REFORM-01', itemName: '改革创新', verifiedAt: '2026-01-05T02:00:00.000Z' },
      { recordId: 'r2', title: '老旧小区改造', itemCode: 'LIVE-02', itemName: '民生', verifiedAt: null },
    ],
    status: 'recommended',
    statusLabel: '已推荐',
    recommendation: null,
    drawn: false,
    submittedBy: { id: 'u1', name: '审核员' },
    submittedAt: at,
    version: 1,
  });

  it('of a department holds the application’s records and no points', () => {
    const drawn = drawnCandidateSchema.parse(drawnApplication(application('department', 'd2'), undefined, paths, at, '2026'));
    expect(drawn).toEqual({
      type: 'department',
      candidateId: 'd2',
      name: '中山街道',
      departmentId: 'd2',
      departmentName: '中山街道',
      departmentPath: ['root', 'd1', 'd2'],
      rankLevel: null,
      title: '',
      applicationId: 'ap1',
      evidence: {
        capturedAt: at,
        period: '2026',
        points: null,
        byItem: {},
        cityRank: null,
        cityCadres: null,
        topDecile: null,
        evidence: {
          records: [
            { recordId: 'r1', title: '营商环境改革', itemCode: 'REFORM-01', rating: null, impactLevel: null, verifiedAt: '2026-01-05T02:00:00.000Z', points: null },
            { recordId: 'r2', title: '老旧小区改造', itemCode: 'LIVE-02', rating: null, impactLevel: null, verifiedAt: at, points: null },
          ],
          tasks: [],
          ratings: {},
          verifiedRecords: 2,
          concludedTasks: 0,
        },
        grades: [],
        satisfaction: null,
      },
    });
  });

  it('of a cadre applicant takes their shortlist row, or the records when analytics has none', () => {
    expect(drawnApplication(application('cadre', 'a'), { period: '2026', row: row('a', 60, 7) }, paths, at, '2026')).toMatchObject({ candidateId: 'a', applicationId: 'ap1', evidence: { points: 60 } });
    expect(drawnApplication(application('cadre', 'a'), undefined, paths, at, '2026')).toMatchObject({ type: 'cadre', candidateId: 'a', applicationId: 'ap1', evidence: { points: null, evidence: { verifiedRecords: 2 } } });
  });
});
