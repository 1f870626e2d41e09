import { cityRankText, decidable, drawSources, openPositions, periodChoices, pointsText, publishable, roundBody, roundSteps } from './rules';

describe('selection rules', () => {
  it('builds the body of 发起选任: trimmed names, criteria with defaults, applyUntil only for an award', () => {
    expect(
      roundBody({ kind: 'promotion', name: ' 区发改委副主任选任 ', positions: [{ name: ' 副主任 ', count: 1 }], departmentIds: ['d-1'], criteria: { withoutGrades: ['basic'] }, applyUntil: '2026-12-31', noticeDays: 7 }),
    ).toEqual({ kind: 'promotion', name: '区发改委副主任选任', positions: [{ name: '副主任', count: 1 }], departmentIds: ['d-1'], criteria: { withoutGrades: ['basic'], gradeYears: 3, limit: 20 }, noticeDays: 7 });
    expect(
      roundBody({ kind: 'award', name: '优秀公务员', positions: [{ name: '优秀公务员', count: 3 }], rankLevel: 'section', departmentIds: ['d-1'], criteria: { withoutGrades: [], period: '2026', minSatisfaction: 80, limit: 10, gradeYears: 2 }, applyUntil: '2026-12-31' }),
    ).toEqual({
      kind: 'award',
      name: '优秀公务员',
      positions: [{ name: '优秀公务员', count: 3 }],
      rankLevel: 'section',
      departmentIds: ['d-1'],
      criteria: { withoutGrades: [], gradeYears: 2, limit: 10, period: '2026', minSatisfaction: 80 },
      noticeDays: 5,
      applyUntil: '2026-12-31',
    });
  });

  it('gives the steps of a round: 申报中 only for awards', () => {
    expect(roundSteps('promotion', 'notice')).toEqual({ steps: ['inspecting', 'notice', 'concluded'], current: 1 });
    expect(roundSteps('award', 'applying')).toEqual({ steps: ['applying', 'inspecting', 'notice', 'concluded'], current: 0 });
  });

  it('writes the city rank and points', () => {
    expect(cityRankText({ cityRank: 3, cityCadres: 120 })).toBe('3/120');
    expect(cityRankText({ cityRank: null, cityCadres: null })).toBe('—');
    expect(pointsText(12.345)).toBe('12.35');
    expect(pointsText(null)).toBe('—');
  });

  it('offers the positions not full, and the one held', () => {
    const round = { positions: [{ name: '副主任', count: 1, selected: 1 }, { name: '科长', count: 2, selected: 1 }] };
    expect(openPositions(round, null)).toEqual(['科长']);
    expect(openPositions(round, '副主任')).toEqual(['副主任', '科长']);
  });

  it('says what the round allows', () => {
    expect(decidable({ status: 'inspecting' })).toBe(true);
    expect(decidable({ status: 'notice' })).toBe(false);
    expect(drawSources({ status: 'applying', kind: 'award' })).toEqual({ shortlist: false, applications: true });
    expect(drawSources({ status: 'inspecting', kind: 'promotion' })).toEqual({ shortlist: true, applications: false });
    const counts = { candidates: 2, undecided: 0, selected: 1, withdrawn: 0, openObjections: 0, applications: 0 };
    expect(publishable({ status: 'inspecting', counts })).toBe(true);
    expect(publishable({ status: 'inspecting', counts: { ...counts, undecided: 1 } })).toBe(false);
    expect(publishable({ status: 'inspecting', counts: { ...counts, selected: 0 } })).toBe(false);
  });

  it('offers this year (Beijing) and the two before as periods', () => {
    expect(periodChoices(new Date('2026-12-31T17:00:00Z'))).toEqual(['2027', '2026', '2025']);
  });
});
