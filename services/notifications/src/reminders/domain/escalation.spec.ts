import { parseDuration, PLAIN_CALENDAR } from '../../inbox/domain/service-levels';
import { escalationDraft, escalationTargets, holdersOf, holdersText, reminderDraft, reminderJobIds, remindAt, type ItemFacts } from './escalation';

const path = ['city', 'district', 'town'];

describe('escalation table', () => {
  it('a review goes to the reviewers of the parent department, then the assessors; at the top straight to the assessors', () => {
    expect(escalationTargets('record_review', path, 'filer')).toEqual([
      { type: 'role', role: 'reviewer', departmentIds: ['district'] },
      { type: 'role', role: 'assessor', departmentIds: null },
    ]);
    expect(escalationTargets('record_review', ['city'], 'filer')).toEqual([{ type: 'role', role: 'assessor', departmentIds: null }]);
  });

  it('an assessment goes to the admins', () => {
    expect(escalationTargets('record_assess', path, 'filer')).toEqual([{ type: 'role', role: 'admin', departmentIds: null }]);
  });

  it('a share confirmation and an invitation go to the filer / lead; 评标 and 评审 to the publisher', () => {
    for (const kind of ['share_confirm', 'team_invitation', 'bid_evaluate', 'result_review'] as const) {
      expect(escalationTargets(kind, path, 'owner')).toEqual([{ type: 'users', userIds: ['owner'] }]);
      expect(escalationTargets(kind, path, null)).toEqual([]);
    }
  });

  it('a returned record to fix escalates to nobody; award and conclusion to the assessors', () => {
    expect(escalationTargets('record_fix', path, 'filer')).toEqual([]);
    expect(escalationTargets('task_award', path, 'pub')).toEqual([{ type: 'role', role: 'assessor', departmentIds: null }]);
    expect(escalationTargets('task_conclude', path, 'pub')).toEqual([{ type: 'role', role: 'assessor', departmentIds: null }]);
  });

  it('an overdue 待审定 goes to the admins; an overdue 考核退回 to the assessors; a 考核退回 is held by the appraisers on the path', () => {
    expect(escalationTargets('appraisal_review', path, null)).toEqual([{ type: 'role', role: 'admin', departmentIds: null }]);
    expect(escalationTargets('appraisal_revise', path, null)).toEqual([{ type: 'role', role: 'assessor', departmentIds: null }]);
    expect(holdersOf({ userIds: [], role: 'appraiser', departmentPath: path })).toEqual({ type: 'role', role: 'appraiser', departmentIds: path });
  });

  it('an overdue 待核查异议 or 待处理申诉 goes to the admins; an overdue 待推荐 (held by the reviewers on the path) to the assessors', () => {
    expect(escalationTargets('objection_handle', path, null)).toEqual([{ type: 'role', role: 'admin', departmentIds: null }]);
    expect(escalationTargets('appeal_decide', path, null)).toEqual([{ type: 'role', role: 'admin', departmentIds: null }]);
    expect(escalationTargets('application_recommend', path, null)).toEqual([{ type: 'role', role: 'assessor', departmentIds: null }]);
    expect(holdersOf({ userIds: [], role: 'reviewer', departmentPath: path })).toEqual({ type: 'role', role: 'reviewer', departmentIds: path });
  });
});

describe('holders and reminders', () => {
  const item: ItemFacts = {
    _id: 'record_review:r1', kind: 'record_review', title: '招商引资', summary: '王海军 报送', link: '/records/r1', departmentPath: path,
    userIds: [], role: 'reviewer', excludeUserIds: [], dueAt: new Date('2026-12-07T02:00:00.000Z'),
  };

  it('a role item is held on its department path; assessors city-wide; a personal item by its people', () => {
    expect(holdersOf(item)).toEqual({ type: 'role', role: 'reviewer', departmentIds: path });
    expect(holdersOf({ ...item, role: 'assessor' })).toEqual({ type: 'role', role: 'assessor', departmentIds: null });
    expect(holdersOf({ ...item, role: null, userIds: ['u1'] })).toEqual({ type: 'users', userIds: ['u1'] });
    expect(holdersText({ type: 'role', role: 'reviewer', departmentIds: path }, () => '')).toBe('审核员');
    expect(holdersText({ type: 'users', userIds: ['a', 'b'] }, (id) => ({ a: '张三', b: '李四' })[id] ?? '')).toBe('张三、李四');
  });

  it('reminds ahead of the due time by the configured lead, in working days; not when the level is shorter than the lead', () => {
    // Monday 10:00 Beijing due; 1 working day before is Friday 10:00.
    expect(remindAt(new Date('2026-11-30T02:00:00.000Z'), item.dueAt, parseDuration('1wd'), PLAIN_CALENDAR)?.toISOString()).toBe('2026-12-04T02:00:00.000Z');
    expect(remindAt(new Date('2026-12-07T01:59:59.000Z'), item.dueAt, parseDuration('2s'), PLAIN_CALENDAR)).toBeNull();
    expect(remindAt(new Date('2026-12-07T01:59:50.000Z'), item.dueAt, parseDuration('2s'), PLAIN_CALENDAR)?.toISOString()).toBe('2026-12-07T01:59:58.000Z');
  });

  it('messages keyed by item and due time (a second job or a rebuild adds nothing), Chinese, Beijing time', () => {
    const now = new Date();
    const r = reminderDraft(item, 'u1', now);
    expect(r.sourceKey).toBe(`reminder:record_review:r1:${item.dueAt.getTime()}`);
    expect(reminderDraft(item, 'u1', new Date(now.getTime() + 5_000)).sourceKey).toBe(r.sourceKey);
    expect(r.title).toBe('催办：待审核「招商引资」将于2026-12-07 10:00到期');
    const e = escalationDraft(item, 'boss', '审核员', now);
    expect(e).toMatchObject({ kind: 'escalation', recipientId: 'boss', title: '督办：待审核「招商引资」已逾期', link: '/records/r1' });
    expect(e.baseBody).toContain('办理人：审核员');
  });

  it('job ids carry the item and due time and no single colon', () => {
    const ids = reminderJobIds('record_review:r1', item.dueAt);
    expect(ids.remind).toBe(`remind|record_review|r1|${item.dueAt.getTime()}`);
    expect(ids.escalate).not.toContain(':');
  });
});
