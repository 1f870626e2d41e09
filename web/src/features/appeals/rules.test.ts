import { appealPath, recordAppealable, subjectFromQuery, verdictAppealable } from './rules';

const entry = (action: string) => ({ action, from: null, to: 'draft', actorId: 'u-r', actorName: '审核员', at: '2026-12-01T02:00:00.000Z', comment: '', version: 2 });

describe('appeal rules', () => {
  it('a rejected record, or a draft last returned, is appealable by its filer only', () => {
    expect(recordAppealable({ status: 'rejected', cadreId: 'u-1', history: [] }, 'u-1')).toBe(true);
    expect(recordAppealable({ status: 'rejected', cadreId: 'u-1', history: [] }, 'u-2')).toBe(false);
    expect(recordAppealable({ status: 'draft', cadreId: 'u-1', history: [entry('create'), entry('review:return')] }, 'u-1')).toBe(true);
    expect(recordAppealable({ status: 'draft', cadreId: 'u-1', history: [entry('assess:return')] }, 'u-1')).toBe(true);
    expect(recordAppealable({ status: 'draft', cadreId: 'u-1', history: [entry('review:return'), entry('update')] }, 'u-1')).toBe(false);
    expect(recordAppealable({ status: 'verified', cadreId: 'u-1', history: [entry('assess:confirm')] }, 'u-1')).toBe(false);
    expect(recordAppealable({ status: 'rejected', cadreId: 'u-1', history: [] }, undefined)).toBe(false);
  });

  it("a concluded task's verdict is appealable by a member of a judged team", () => {
    const reward = { rewardPoints: 10, verdict: 'pass' as const, flagged: false, releasedAt: '2026-12-01T02:00:00.000Z', teams: [{ teamId: 't', teamName: '攻坚队', members: [{ userId: 'u-1', name: '甲', role: 'lead' as const, share: 100 }] }] };
    expect(verdictAppealable({ status: 'concluded', reward }, 'u-1')).toBe(true);
    expect(verdictAppealable({ status: 'concluded', reward }, 'u-2')).toBe(false);
    expect(verdictAppealable({ status: 'reviewing', reward }, 'u-1')).toBe(false);
    expect(verdictAppealable({ status: 'concluded', reward: null }, 'u-1')).toBe(false);
  });

  it('carries the subject to the form by the query, and reads it back', () => {
    const path = appealPath('score_entry', 'e:1', '积分 +12.50');
    expect(path).toBe('/selection/appeals?subjectType=score_entry&subjectId=e%3A1&title=%E7%A7%AF%E5%88%86+%2B12.50');
    expect(subjectFromQuery(new URL(path, 'http://x').searchParams)).toEqual({ subjectType: 'score_entry', subjectId: 'e:1', title: '积分 +12.50' });
    expect(subjectFromQuery(new URLSearchParams('subjectType=other&subjectId=1'))).toBeNull();
    expect(subjectFromQuery(new URLSearchParams('subjectType=record'))).toBeNull();
  });
});
