import { itemPath, kindsWithItems, menuCounts, messagePath } from './kinds';

describe('menuCounts', () => {
  it('adds the kinds each menu entry stands for; the inbox entry counts everything', () => {
    const counts = { record_review: 3, record_assess: 2, share_confirm: 1, record_fix: 1, team_invitation: 0, bid_evaluate: 4, result_review: 1, task_award: 0, task_conclude: 2, appraisal_review: 6, appraisal_revise: 1, objection_handle: 2, appeal_decide: 3, application_recommend: 4 };
    expect(menuCounts(counts)).toEqual({
      '/inbox': 30,
      '/records': 2,
      '/records/review': 3,
      '/records/assess': 2,
      '/tasks/teams': 0,
      '/tasks/evaluations': 5,
      '/tasks/batches': 2,
      '/appraisal/cycles': 6,
      '/appraisal/sheet': 1,
      '/selection/rounds': 2,
      '/selection/appeals': 3,
      '/selection/recommend': 4,
    });
  });

  it('is all zeros without counts (the inbox not reachable)', () => {
    expect(Object.values(menuCounts(null)).every((n) => n === 0)).toBe(true);
  });
});

describe('kindsWithItems', () => {
  it('keeps the kinds with items in the contract order, and the selected one', () => {
    expect(kindsWithItems({ task_conclude: 1, record_review: 2 })).toEqual(['record_review', 'task_conclude']);
    expect(kindsWithItems({ record_review: 2 }, 'record_fix')).toEqual(['record_review', 'record_fix']);
  });
});

describe('itemPath / messagePath', () => {
  it('opens the console path the service gave, else the subject', () => {
    expect(itemPath({ link: '/records/r1', subject: { type: 'record', id: 'r1' } })).toBe('/records/r1');
    expect(itemPath({ link: 'https://evil.example/x', subject: { type: 'task', id: 't 1' } })).toBe('/tasks/t%201');
    expect(itemPath({ link: '', subject: { type: 'team', id: 'tm' } })).toBe('/tasks/teams/tm');
    expect(itemPath({ link: '/appraisal/review?cycleId=cy-1&departmentId=d-1', subject: { type: 'appraisal', id: 'cy-1:u-1' } })).toBe('/appraisal/review?cycleId=cy-1&departmentId=d-1');
    expect(itemPath({ link: '', subject: { type: 'appraisal', id: 'cy-1:u-1' } })).toBe('/appraisal/cadres/u-1');
  });

  it('opens a selection item where it is worked on: the round, its applications, the appeal', () => {
    expect(itemPath({ link: '/selection/rounds/rd-1', subject: { type: 'objection', id: 'rd-1:ob-1' } })).toBe('/selection/rounds/rd-1');
    expect(itemPath({ link: '', subject: { type: 'objection', id: 'rd-1:ob-1' } })).toBe('/selection/rounds/rd-1');
    expect(itemPath({ link: null, subject: { type: 'application', id: 'rd-2:ap-1' } })).toBe('/selection/rounds/rd-2/applications');
    expect(itemPath({ link: '', subject: { type: 'appeal', id: 'ap 1' } })).toBe('/selection/appeals/ap%201');
  });

  it('never leaves the console for a message link', () => {
    expect(messagePath('/tasks/t1')).toBe('/tasks/t1');
    expect(messagePath('//evil.example')).toBeNull();
    expect(messagePath('javascript:alert(1)')).toBeNull();
  });
});
