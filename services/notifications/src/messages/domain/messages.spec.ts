import { APPRAISAL_EVENTS, RECORD_EVENTS, TASK_EVENTS, type AppraisalGradeV1, type RecordTransitionV1, type TaskAwardedV1, type TaskConcludedV1, type TeamChangedV1, type TeamFormedV1 } from '@cadre/contracts';
import { beijingTime, formatPoints } from './format';
import { appraisalName, messageId, messagesFor, newlyInvited, renderBody, type BidFact, type EventLike } from './messages';

const people: Record<string, string> = { filer: '王海军', co: '李娜', reviewer: '张伟', lead: '赵敏', m1: '钱进', m2: '孙立', x1: '周星', pub: '吴刚' };
const names = (id: string) => people[id] ?? '（未知人员）';
const at = '2026-12-03T01:30:00.000Z';

function record(fields: Partial<RecordTransitionV1> = {}): RecordTransitionV1 {
  return {
    recordId: 'r1', version: 3, status: 'draft', fromStatus: 'submitted', action: 'review:return', actorId: 'reviewer', comment: '佐证材料不全',
    cadreId: 'filer', departmentId: 'd', departmentPath: ['d'], itemCode: 'INVEST-03', firstLevelCode: 'INVEST', taxonomyVersion: 1, title: '招商引资',
    periodStart: '2026-01-01', periodEnd: '2026-06-30', claimedImpactLevel: 'city', confirmedImpactLevel: null, rating: null,
    participants: [{ userId: 'filer', role: 'lead', share: 60 }, { userId: 'co', role: 'member', share: 40 }],
    submittedAt: at, verifiedAt: null, createdAt: at, occurredAt: at, ...fields,
  };
}
const ev = <T>(type: string, data: T, eventId = 'e1'): EventLike<T> => ({ eventId, type, occurredAt: at, data });

describe('format', () => {
  it('shows Beijing time and signed points', () => {
    expect(beijingTime('2026-12-03T17:05:00.000Z')).toBe('2026-12-04 01:05');
    expect(formatPoints(1250)).toBe('+12.50');
    expect(formatPoints(-300)).toBe('-3.00');
    expect(formatPoints(0)).toBe('0.00');
  });
});

describe('record messages', () => {
  it('a returned record tells the filer, with the comment and who returned it, in Beijing time', () => {
    const [m, ...rest] = messagesFor(ev(RECORD_EVENTS.returned, record()), { names });
    expect(rest).toHaveLength(0);
    expect(m).toMatchObject({ recipientId: 'filer', kind: 'record_returned', title: '纪实《招商引资》被退回修改', link: '/records/r1', pointsSource: null });
    expect(m.baseBody).toContain('张伟于2026-12-03 09:30退回，意见：佐证材料不全');
    expect(m.baseBody).not.toContain('reviewer');
  });

  it('a rejected record tells the filer', () => {
    expect(messagesFor(ev(RECORD_EVENTS.rejected, record({ status: 'rejected', action: 'review:reject' })), { names }).map((m) => [m.recipientId, m.kind])).toEqual([['filer', 'record_rejected']]);
  });

  it('a verified record tells every participant, rating in Chinese, points to be filled from the record source', () => {
    const out = messagesFor(ev(RECORD_EVENTS.verified, record({ status: 'verified', rating: 'good', action: 'assess:confirm' })), { names });
    expect(out.map((m) => m.recipientId)).toEqual(['filer', 'co']);
    expect(out[0]).toMatchObject({ kind: 'record_verified', pointsSource: 'record:r1' });
    expect(out[0].baseBody).toContain('等级：良好');
    expect(renderBody(out[0].baseBody, 1250)).toContain('积分 +12.50');
    expect(renderBody(out[0].baseBody, null)).toBe(out[0].baseBody);
  });

  it('a revoked record tells every participant with the reason', () => {
    const out = messagesFor(ev(RECORD_EVENTS.revoked, record({ status: 'revoked', action: 'revoke', comment: '材料不实' })), { names });
    expect(out.map((m) => [m.recipientId, m.kind])).toEqual([['filer', 'record_revoked'], ['co', 'record_revoked']]);
    expect(out[0].baseBody).toContain('材料不实');
  });

  it('a disputed share tells the filer who disputed and why; confirmations tell nobody', () => {
    const disputed = messagesFor(ev(RECORD_EVENTS.shareAnswered, record({ action: 'dispute_share', actorId: 'co', comment: '我的份额应为50%' })), { names });
    expect(disputed).toHaveLength(1);
    expect(disputed[0]).toMatchObject({ recipientId: 'filer', kind: 'share_disputed', title: '李娜对纪实《招商引资》的分工有异议' });
    expect(disputed[0].baseBody).toContain('我的份额应为50%');
    expect(messagesFor(ev(RECORD_EVENTS.shareAnswered, record({ action: 'confirm_share', actorId: 'co' })), { names })).toEqual([]);
  });

  it('a reopened record: the filer learns of the dispute, the other participants of the reopening, the disputer nothing', () => {
    const third = { userId: 'm1', role: 'member' as const, share: 10 };
    const r = record({ status: 'reviewed', action: 'dispute_share', actorId: 'co', comment: '份额有误', participants: [...record().participants, third] });
    const out = messagesFor(ev(RECORD_EVENTS.reopened, r), { names });
    expect(out.map((m) => [m.recipientId, m.kind])).toEqual([['filer', 'share_disputed'], ['m1', 'record_reopened']]);
  });

  it('the same event gives the same message ids; another event other ids', () => {
    const a = messagesFor(ev(RECORD_EVENTS.returned, record()), { names }).map(messageId);
    const b = messagesFor(ev(RECORD_EVENTS.returned, record()), { names }).map(messageId);
    const c = messagesFor(ev(RECORD_EVENTS.returned, record(), 'e2'), { names }).map(messageId);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});

describe('team messages', () => {
  const team = (members: TeamChangedV1['members'], action = 'created'): TeamChangedV1 => ({ teamId: 't1', teamName: '攻坚队', leadId: 'lead', version: 1, formed: false, members, action, actorId: 'lead', occurredAt: at });
  const lead = { userId: 'lead', role: 'lead' as const, share: 60, invitation: 'accepted' as const };

  it('invites only those newly invited, with the lead named and the share', () => {
    const first = team([lead, { userId: 'm1', role: 'member', share: 40, invitation: 'invited' }]);
    expect(newlyInvited(null, first)).toEqual(['m1']);
    const out = messagesFor(ev(TASK_EVENTS.teamChanged, first), { names, newlyInvited: newlyInvited(null, first) });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ recipientId: 'm1', kind: 'team_invited', title: '赵敏邀请您加入团队「攻坚队」', link: '/tasks/teams/t1' });
    expect(out[0].baseBody).toContain('40%');
    // m2 added later: only m2 is newly invited; m1 still waiting is not asked twice.
    const second = team([lead, { userId: 'm1', role: 'member', share: 20, invitation: 'invited' }, { userId: 'm2', role: 'member', share: 20, invitation: 'invited' }], 'updated');
    expect(newlyInvited({ lead: 'accepted', m1: 'invited' }, second)).toEqual(['m2']);
    // a declined member invited again is newly invited
    expect(newlyInvited({ lead: 'accepted', m1: 'declined' }, team([lead, { userId: 'm1', role: 'member', share: 40, invitation: 'invited' }], 'reinvited'))).toEqual(['m1']);
  });

  it('a formed team tells every member', () => {
    const formed: TeamFormedV1 = { teamId: 't1', teamName: '攻坚队', leadId: 'lead', members: [{ userId: 'lead', role: 'lead', share: 60, departmentId: 'd', departmentPath: ['d'] }, { userId: 'm1', role: 'member', share: 40, departmentId: 'd', departmentPath: ['d'] }], version: 3, createdBy: 'lead', createdAt: at, formedAt: at, occurredAt: at };
    expect(messagesFor(ev(TASK_EVENTS.teamFormed, formed), { names }).map((m) => [m.recipientId, m.kind])).toEqual([['lead', 'team_formed'], ['m1', 'team_formed']]);
  });
});

describe('task messages', () => {
  const base = { taskId: 'k1', version: 5, action: 'award', actorId: 'pub', batchId: 'b', title: '历史遗留问题化解', domain: 'legacy' as const, flags: [], rewardPoints: 100, allowRace: false, publisherId: 'pub', departmentId: 'd', departmentPath: ['d'], biddingDeadline: at, deliveryDeadline: at, createdAt: at, publishedAt: at, occurredAt: at };
  const bids = new Map<string, BidFact>([
    ['bA', { bidId: 'bA', teamId: 'tA', teamName: '甲队', memberIds: ['lead', 'm1'] }],
    ['bB', { bidId: 'bB', teamId: 'tB', teamName: '乙队', memberIds: ['x1'] }],
  ]);

  it('an award tells the awarded team it won and the others they did not, with scores and the reason for passing over', () => {
    const awarded: TaskAwardedV1 = {
      ...base, status: 'in_progress', fromStatus: 'evaluating', bidIds: ['bA'], teamIds: ['tA'],
      awarded: [{ bidId: 'bA', teamId: 'tA', score: 82.5, rank: 2, evaluationCount: 3, divergent: false }],
      ranking: [{ bidId: 'bB', teamId: 'tB', score: 90, rank: 1, evaluationCount: 3, divergent: false }, { bidId: 'bA', teamId: 'tA', score: 82.5, rank: 2, evaluationCount: 3, divergent: false }],
      passedOverBidIds: ['bB'], reason: '乙队方案成本过高', awardedAt: at,
    };
    const out = messagesFor(ev(TASK_EVENTS.awarded, awarded), { names, bids });
    expect(out.map((m) => [m.recipientId, m.kind])).toEqual([['lead', 'task_awarded'], ['m1', 'task_awarded'], ['x1', 'task_not_awarded']]);
    expect(out[0].baseBody).toContain('「甲队」中标（评标得分 82.50，排名第 2）');
    expect(out[2].baseBody).toContain('乙队方案成本过高');
  });

  it('an award event without its lists (an older or partial event) tells the ranked losers and never throws', () => {
    const partial = { ...base, status: 'in_progress', fromStatus: 'evaluating', ranking: [{ bidId: 'bB', teamId: 'tB', score: 90, rank: 1, evaluationCount: 3, divergent: false }] } as unknown as TaskAwardedV1;
    expect(messagesFor(ev(TASK_EVENTS.awarded, partial), { names, bids }).map((m) => [m.recipientId, m.kind])).toEqual([['x1', 'task_not_awarded']]);
    const bare = { ...base, status: 'concluded', fromStatus: 'reviewing', verdict: 'pass', teams: [{ teamId: 'tA', teamName: '甲队', leadId: 'lead', bidId: 'bA' }] } as unknown as TaskConcludedV1;
    expect(messagesFor(ev(TASK_EVENTS.concluded, bare), { names })).toEqual([]);
  });

  it('a conclusion tells each member their team’s verdict in Chinese, points to be filled from the task source', () => {
    const member = (userId: string) => ({ userId, role: 'member' as const, share: 50, departmentId: 'd', departmentPath: ['d'] });
    const concluded: TaskConcludedV1 = {
      ...base, status: 'concluded', fromStatus: 'reviewing', verdict: 'excellent', verdictTally: { excellent: 2, pass: 1, tolerated: 0, fail: 0 }, reviewCount: 3,
      teams: [{ teamId: 'tA', teamName: '甲队', leadId: 'lead', members: [member('lead'), member('m1')], bidId: 'bA', verdict: 'excellent' }, { teamId: 'tB', teamName: '乙队', leadId: 'x1', members: [member('x1')], bidId: 'bB', verdict: 'tolerated', tolerance: 'accepted' }],
      awardedAt: at, resultsSubmittedAt: at, concludedAt: at,
    };
    const out = messagesFor(ev(TASK_EVENTS.concluded, concluded), { names });
    expect(out.map((m) => [m.recipientId, m.pointsSource])).toEqual([['lead', 'task:k1'], ['m1', 'task:k1'], ['x1', 'task:k1']]);
    expect(out[0].baseBody).toContain('评审结论：优秀');
    expect(out[2].baseBody).toContain('评审结论：容错');
    expect(out[2].baseBody).toContain('容错申请获认可');
  });
});

describe('appraisal messages', () => {
  const grade = (fields: Partial<AppraisalGradeV1> = {}): AppraisalGradeV1 => ({
    appraisalId: 'cy-1:filer', cycleId: 'cy-1', cycleKind: 'annual', cycleName: '2026年度考核', period: '2026', year: '2026', cadreId: 'filer',
    departmentId: 'd', departmentPath: ['c', 'd'], grade: 'excellent', status: 'confirmed', comment: '', byUserId: 'reviewer', version: 4, occurredAt: at, ...fields,
  });

  it('a confirmed grade tells the cadre, keyed by the appraisal and its version (the same event again under another id adds nothing)', () => {
    const [m, ...rest] = messagesFor(ev(APPRAISAL_EVENTS.gradeConfirmed, grade()), { names });
    expect(rest).toHaveLength(0);
    expect(m).toMatchObject({ recipientId: 'filer', kind: 'appraisal_confirmed', title: '您的2026年度考核等次已确认：优秀', link: '/appraisal/mine' });
    expect(m.baseBody).toContain('2026-12-03 09:30');
    const [again] = messagesFor(ev(APPRAISAL_EVENTS.gradeConfirmed, grade(), 'e2'), { names });
    expect(messageId(again)).toBe(messageId(m));
  });

  it('a returned grade tells the department’s appraisers (never the cadre), with the reason and who returned it', () => {
    const returned = grade({ status: 'returned', comment: '等次依据不足', version: 5 });
    const out = messagesFor(ev(APPRAISAL_EVENTS.gradeReturned, returned), { names, appraisers: ['x1', 'm1', 'filer', 'x1'] });
    expect(out.map((m) => [m.recipientId, m.kind])).toEqual([['x1', 'appraisal_returned'], ['m1', 'appraisal_returned']]);
    expect(out[0]).toMatchObject({ title: '王海军的2026年度考核等次被退回', link: '/appraisal/sheet?cycleId=cy-1&departmentId=d' });
    expect(out[0].baseBody).toContain('张伟于2026-12-03 09:30退回（原评定：优秀），理由：等次依据不足');
    expect(messagesFor(ev(APPRAISAL_EVENTS.gradeReturned, returned), { names })).toEqual([]);
    expect(messagesFor(ev(APPRAISAL_EVENTS.gradeSubmitted, grade({ status: 'submitted' })), { names, appraisers: ['x1'] })).toEqual([]);
  });

  it('names a quarterly appraisal by its quarter', () => {
    expect(appraisalName({ cycleKind: 'quarterly', cycleName: '一季度', period: '2026-Q1', year: '2026' })).toBe('2026年第1季度平时考核');
    expect(appraisalName({ cycleKind: 'special', cycleName: '招商专项考核', period: '2026', year: '2026' })).toBe('招商专项考核');
  });
});
