import { GradingRefusal, countByStatus, gradeEntry, pendingEntry, reviewEntry, topGradeMax, topGradeUsed, type SheetEntry } from './sheet';

const appraiser = { userId: 'a1', name: '考核专员' };
const assessor = { userId: 's1', name: '组织部' };
const at = new Date('2026-12-01T02:00:00Z');
const annual = { kind: 'annual' as const, topGradeQuota: 0.2 };

function sheetOf(n: number): Record<string, SheetEntry> {
  const entries: Record<string, SheetEntry> = {};
  for (let i = 1; i <= n; i++) entries[`c${i}`] = pendingEntry({ cadreId: `c${i}`, name: `干部${i}`, title: '', rankLevel: 'section' });
  return entries;
}

function refusal(work: () => unknown): GradingRefusal {
  try {
    work();
  } catch (error) {
    if (error instanceof GradingRefusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the best grade quota', () => {
  it('is floor(quota × cadres), exact for decimal fractions', () => {
    expect(topGradeMax(0.2, 5)).toBe(1);
    expect(topGradeMax(0.2, 12)).toBe(2);
    expect(topGradeMax(0.2, 4)).toBe(0);
    expect(topGradeMax(0.29, 100)).toBe(29);
    expect(topGradeMax(0.3, 10)).toBe(3);
  });

  it('counts submitted and confirmed best grades, not returned or other grades', () => {
    const entries = sheetOf(4);
    entries.c1 = { ...entries.c1!, grade: 'excellent', status: 'submitted' };
    entries.c2 = { ...entries.c2!, grade: 'excellent', status: 'confirmed' };
    entries.c3 = { ...entries.c3!, grade: 'excellent', status: 'returned' };
    entries.c4 = { ...entries.c4!, grade: 'competent', status: 'submitted' };
    expect(topGradeUsed(Object.values(entries), 'excellent')).toBe(2);
    expect(topGradeUsed(Object.values(entries), 'excellent', 'c1')).toBe(1);
    expect(countByStatus(Object.values(entries))).toEqual({ pending: 0, submitted: 2, returned: 1, confirmed: 1 });
  });

  it('refuses a second 优秀 among 5 cadres, naming the quota in Chinese', () => {
    const entries = sheetOf(5);
    entries.c1 = gradeEntry(annual, entries, 'c1', { grade: 'excellent', comment: '好', version: 0 }, appraiser, at);
    const error = refusal(() => gradeEntry(annual, entries, 'c2', { grade: 'excellent', comment: '好', version: 0 }, appraiser, at));
    expect(error.field).toBeUndefined();
    expect(error.message).toBe('优秀名额已满：本单位 5 名干部，上限 1 名');
  });

  it('lets the holder of the only 优秀 revise it (their own grade is not counted twice)', () => {
    const entries = sheetOf(5);
    entries.c1 = gradeEntry(annual, entries, 'c1', { grade: 'excellent', comment: '好', version: 0 }, appraiser, at);
    const revised = gradeEntry(annual, entries, 'c1', { grade: 'excellent', comment: '很好', version: 1 }, appraiser, at);
    expect(revised).toMatchObject({ status: 'submitted', version: 2, comment: '很好' });
    expect(revised.history.map((h) => h.action)).toEqual(['grade', 'revise']);
  });

  it('uses 好 for quarterly cycles', () => {
    const entries = sheetOf(4);
    const error = refusal(() => gradeEntry({ kind: 'quarterly', topGradeQuota: 0.2 }, entries, 'c1', { grade: 'good', comment: '好', version: 0 }, appraiser, at));
    expect(error.message).toBe('好名额已满：本单位 4 名干部，上限 0 名');
  });
});

describe('grading', () => {
  it('refuses a grade of the other scale, naming grade', () => {
    const error = refusal(() => gradeEntry(annual, sheetOf(5), 'c1', { grade: 'good', comment: '好', version: 0 }, appraiser, at));
    expect(error.field).toBe('grade');
  });

  it('refuses a stale version and a confirmed appraisal', () => {
    const entries = sheetOf(5);
    expect(refusal(() => gradeEntry(annual, entries, 'c1', { grade: 'competent', comment: '称职', version: 3 }, appraiser, at)).message).toMatch(/Stale version/);
    entries.c1 = { ...entries.c1!, status: 'confirmed', grade: 'competent', version: 2 };
    expect(refusal(() => gradeEntry(annual, entries, 'c1', { grade: 'basic', comment: '改', version: 2 }, appraiser, at)).message).toMatch(/已确认/);
  });
});

describe('the review loop', () => {
  it('grade → return → revise → confirm, every step in the history', () => {
    const entries = sheetOf(5);
    entries.c1 = gradeEntry(annual, entries, 'c1', { grade: 'competent', comment: '称职', version: 0 }, appraiser, at);
    entries.c1 = reviewEntry(annual, entries, 'c1', { decision: 'return', comment: '评语过简', version: 1 }, assessor, at);
    expect(entries.c1).toMatchObject({ status: 'returned', grade: 'competent', version: 2 });
    entries.c1 = gradeEntry(annual, entries, 'c1', { grade: 'excellent', comment: '全年表现突出', version: 2 }, appraiser, at);
    entries.c1 = reviewEntry(annual, entries, 'c1', { decision: 'confirm', comment: '', version: 3 }, assessor, at);
    expect(entries.c1).toMatchObject({ status: 'confirmed', grade: 'excellent', version: 4 });
    expect(entries.c1.history.map((h) => [h.action, h.grade, h.byId])).toEqual([
      ['grade', 'competent', 'a1'],
      ['return', 'competent', 's1'],
      ['revise', 'excellent', 'a1'],
      ['confirm', 'excellent', 's1'],
    ]);
  });

  it('confirms only a submitted appraisal, returns a confirmed one, and needs a comment to return', () => {
    const entries = sheetOf(5);
    expect(refusal(() => reviewEntry(annual, entries, 'c1', { decision: 'confirm', comment: '', version: 0 }, assessor, at)).message).toMatch(/待审核/);
    expect(refusal(() => reviewEntry(annual, entries, 'c1', { decision: 'return', comment: 'x', version: 0 }, assessor, at)).message).toMatch(/退回/);
    entries.c1 = { ...entries.c1!, status: 'confirmed', grade: 'competent', version: 2 };
    expect(refusal(() => reviewEntry(annual, entries, 'c1', { decision: 'return', comment: '', version: 2 }, assessor, at)).field).toBe('comment');
    expect(reviewEntry(annual, entries, 'c1', { decision: 'return', comment: '重新评定', version: 2 }, assessor, at).status).toBe('returned');
  });

  it('checks the quota again at confirmation', () => {
    const entries = sheetOf(5);
    entries.c1 = { ...entries.c1!, status: 'confirmed', grade: 'excellent', version: 2 };
    entries.c2 = { ...entries.c2!, status: 'submitted', grade: 'excellent', version: 1 };
    expect(refusal(() => reviewEntry(annual, entries, 'c2', { decision: 'confirm', comment: '', version: 1 }, assessor, at)).message).toBe('优秀名额已满：本单位 5 名干部，上限 1 名');
  });
});
