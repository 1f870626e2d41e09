import { APPRAISAL_EVENTS, type AppraisalGradeV1, type AppraisalSurveyResultV1 } from '@cadre/contracts';
import { CellSum, diffCells } from './cells';
import { foldGrade, foldSurvey, gradeCells, nameKey, nameOfKey, surveyCells } from './appraisal';
import { projectionOf } from './projections';

const graded = (status: AppraisalGradeV1['status'], version: number, grade: AppraisalGradeV1['grade'] = 'excellent'): AppraisalGradeV1 => ({
  appraisalId: 'c1:u1',
  cycleId: 'c1',
  cycleKind: 'annual',
  cycleName: '2026年度考核',
  period: '2026',
  year: '2026',
  cadreId: 'u1',
  departmentId: 'd2',
  departmentPath: ['d1', 'd2'],
  grade,
  status,
  comment: '',
  byUserId: 'x',
  version,
  occurredAt: '2026-12-20T02:00:00.000Z',
});

const result = (shown: boolean, version = 1): AppraisalSurveyResultV1 => ({
  cycleId: 'c1',
  cycleKind: 'annual',
  cycleName: '2026年度考核',
  period: '2026',
  year: '2026',
  cadreId: 'u1',
  departmentId: 'd2',
  departmentPath: ['d1', 'd2'],
  shown,
  groups: [],
  criteria: [
    { code: 'de', name: '德.品', weight: 0.5, score: shown ? 86.67 : null },
    { code: 'neng', name: '能', weight: 0.5, score: shown ? 80 : null },
  ],
  overall: shown ? 83.34 : null,
  satisfaction: shown ? 91.3 : null,
  version,
  occurredAt: '2026-12-21T02:00:00.000Z',
});

describe('appraisal facts', () => {
  it('every grade event and the survey result are projected; cycle events are not', () => {
    for (const type of [APPRAISAL_EVENTS.gradeSubmitted, APPRAISAL_EVENTS.gradeConfirmed, APPRAISAL_EVENTS.gradeReturned]) expect(projectionOf(type)?.kind).toBe('g');
    expect(projectionOf(APPRAISAL_EVENTS.surveyResult)?.kind).toBe('s');
    expect(projectionOf(APPRAISAL_EVENTS.cycleOpened)).toBeUndefined();
    expect(projectionOf(APPRAISAL_EVENTS.surveyResult)!.idOf(result(true))).toBe('c1:u1');
  });

  it('only a confirmed grade counts: under its year, department, kind and grade, and in the cadre’s entries', () => {
    expect(gradeCells(foldGrade(null, graded('submitted', 1))!)).toEqual([]);
    const confirmed = foldGrade(foldGrade(null, graded('submitted', 1)), graded('confirmed', 2))!;
    expect(gradeCells(confirmed)).toEqual([
      { collection: 'rows', doc: 'rgrd|2026|d2', path: 'annual.excellent', value: 1 },
      { collection: 'rows', doc: 'rappr|u1', path: 'grades.c1', value: { cycleName: '2026年度考核', kind: 'annual', period: '2026', year: '2026', grade: 'excellent', at: '2026-12-20T02:00:00.000Z' } },
    ]);
  });

  it('a return takes a confirmed grade out again; an older or repeated version changes nothing', () => {
    const confirmed = foldGrade(null, graded('confirmed', 2))!;
    expect(foldGrade(confirmed, graded('confirmed', 2))).toBeNull();
    expect(foldGrade(confirmed, graded('submitted', 1))).toBeNull();
    const returned = foldGrade(confirmed, graded('returned', 3))!;
    const changes = diffCells(gradeCells(confirmed), gradeCells(returned));
    expect(changes).toEqual([
      { collection: 'rows', doc: 'rgrd|2026|d2', inc: { 'annual.excellent': -1 }, set: {}, unset: [] },
      { collection: 'rows', doc: 'rappr|u1', inc: {}, set: {}, unset: ['grades.c1'] },
    ]);
  });

  it('a shown result adds its scores in hundredths and its criterion names as keys; an unshown one nothing', () => {
    expect(surveyCells(foldSurvey(null, result(false))!)).toEqual([]);
    const sum = new CellSum();
    sum.add(surveyCells(foldSurvey(null, result(true))!));
    const body = sum.docs.get('rows/rsvy|2026|d2')!.body;
    expect(body).toEqual({
      cadres: 1,
      criteria: { de: { sum: 8667, n: 1, names: { [nameKey('德.品')]: 1 } }, neng: { sum: 8000, n: 1, names: { [nameKey('能')]: 1 } } },
      satisfaction: { sum: 9130, n: 1 },
    });
    expect(nameKey('德.品')).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(nameOfKey(nameKey('德.品'))).toBe('德.品');
    expect(foldSurvey(foldSurvey(null, result(true)), result(true))).toBeNull();
  });
});
