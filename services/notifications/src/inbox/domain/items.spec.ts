import { randomUUID } from 'node:crypto';
import { APPRAISAL_EVENTS, RECORD_EVENTS, TASK_EVENTS, createEnvelope, type AppraisalGradeV1, type RecordTransitionV1, type TaskTransitionBaseV1, type TaskWaitingFact, type TeamChangedV1 } from '@cadre/contracts';
import { audienceOf, callerAudience, liveAudience, planOf, type InboxPlan, type Names } from './items';

const CITY = 'd-city';
const DISTRICT = 'd-district';
const OFFICE = 'd-office';
const filer = 'u-filer';
const partner = 'u-partner';
const names: Names = { person: (id) => ({ [filer]: '王海军', 'u-lead': '李四' })[id] ?? '', team: (id) => ({ 't-1': '攻坚队', 't-2': '先锋队' })[id] ?? '' };

function record(type: string, fields: Partial<RecordTransitionV1> = {}) {
  const data: RecordTransitionV1 = {
    recordId: 'r-1',
    version: 2,
    status: 'submitted',
    fromStatus: 'draft',
    action: 'submit',
    actorId: filer,
    comment: '',
    cadreId: filer,
    departmentId: OFFICE,
    departmentPath: [CITY, DISTRICT, OFFICE],
    itemCode: 'INVEST-03',
    firstLevelCode: 'INVEST',
    taxonomyVersion: 1,
    title: '引进区域总部',
    periodStart: '2026-01-01',
    periodEnd: '2026-06-30',
    claimedImpactLevel: 'city',
    confirmedImpactLevel: null,
    rating: null,
    participants: [
      { userId: filer, role: 'lead', share: 70, confirmation: 'confirmed' },
      { userId: partner, role: 'member', share: 30, confirmation: 'pending' },
    ],
    submittedAt: '2026-09-28T02:00:00.000Z',
    verifiedAt: null,
    createdAt: '2026-09-27T02:00:00.000Z',
    occurredAt: '2026-09-28T02:00:00.000Z',
    ...fields,
  };
  return planOf(createEnvelope(type, 'records', data), names)!;
}

const open = (plan: InboxPlan, kind: keyof InboxPlan['kinds']) => plan.kinds[kind]?.map((d) => d.id);

describe('records → inbox items', () => {
  it('a submission opens 待审核 for the reviewers of the record’s department subtree, never its participants', () => {
    const plan = record(RECORD_EVENTS.submitted);
    expect(plan).toMatchObject({ subjectType: 'record', subjectId: 'r-1', sourceVersion: 2 });
    const [review] = plan.kinds.record_review!;
    expect(review).toMatchObject({ id: 'record_review:r-1', role: 'reviewer', departmentPath: [CITY, DISTRICT, OFFICE], excludeUserIds: [filer, partner], link: '/records/r-1', summary: '王海军 报送《引进区域总部》' });
    expect(audienceOf(review)).toEqual([`reviewer:${CITY}`, `reviewer:${DISTRICT}`, `reviewer:${OFFICE}`]);
    expect(plan.kinds.record_assess).toEqual([]);
    expect(plan.kinds.record_fix).toEqual([]);
  });

  it('a pending share opens 待确认分工 for that co-participant (not the filer) and an answered one closes it', () => {
    expect(open(record(RECORD_EVENTS.submitted), 'share_confirm')).toEqual(['share_confirm:r-1:u-partner']);
    expect(record(RECORD_EVENTS.submitted).kinds.share_confirm![0]).toMatchObject({ userIds: [partner], role: null, summary: expect.stringContaining('30%') });
    const answered = record(RECORD_EVENTS.shareAnswered, {
      version: 3,
      participants: [
        { userId: filer, role: 'lead', share: 70, confirmation: 'confirmed' },
        { userId: partner, role: 'member', share: 30, confirmation: 'confirmed' },
      ],
    });
    expect(answered.kinds).toEqual({ share_confirm: [] });
    // A draft edit keeps asking; a withdrawal closes.
    expect(open(record(RECORD_EVENTS.updated, { status: 'draft' }), 'share_confirm')).toEqual(['share_confirm:r-1:u-partner']);
    expect(record(RECORD_EVENTS.withdrawn, { status: 'draft' }).kinds.share_confirm).toEqual([]);
  });

  it('a review opens 待研判 for the assessors (city-wide) and closes 待审核', () => {
    const plan = record(RECORD_EVENTS.reviewed, { status: 'reviewed', version: 3 });
    expect(plan.kinds.record_review).toEqual([]);
    expect(plan.kinds.record_assess![0]).toMatchObject({ id: 'record_assess:r-1', role: 'assessor', excludeUserIds: [filer, partner] });
    expect(audienceOf(plan.kinds.record_assess![0])).toEqual(['assessor']);
    expect(open(record(RECORD_EVENTS.reopened, { status: 'reviewed', version: 6 }), 'record_assess')).toEqual(['record_assess:r-1']);
  });

  it('a return opens 待修改 for the filer with the comment; the next submission closes it', () => {
    const returned = record(RECORD_EVENTS.returned, { status: 'draft', comment: '佐证不足', version: 3 });
    expect(returned.kinds.record_fix![0]).toMatchObject({ id: 'record_fix:r-1', userIds: [filer], summary: '《引进区域总部》被退回：佐证不足' });
    expect(returned.kinds.record_review).toEqual([]);
    expect(returned.kinds.record_assess).toEqual([]);
    expect(record(RECORD_EVENTS.submitted, { version: 4 }).kinds.record_fix).toEqual([]);
  });

  it('a final transition or a deletion closes every record kind', () => {
    for (const [type, status] of [
      [RECORD_EVENTS.verified, 'verified'],
      [RECORD_EVENTS.rejected, 'rejected'],
      [RECORD_EVENTS.revoked, 'revoked'],
      [RECORD_EVENTS.deleted, 'discarded'],
      [RECORD_EVENTS.deleted, 'deleted'],
    ]) {
      expect(record(type, { status }).kinds).toEqual({ record_review: [], record_assess: [], share_confirm: [], record_fix: [] });
    }
  });
});

function task(type: string, waiting: TaskWaitingFact | undefined, fields: Partial<TaskTransitionBaseV1> = {}) {
  const data: TaskTransitionBaseV1 = {
    taskId: 'k-1',
    version: 5,
    status: 'evaluating',
    fromStatus: 'open',
    action: 'close_bidding',
    actorId: 'system',
    batchId: randomUUID(),
    title: '历史遗留问题化解',
    domain: 'legacy',
    flags: [],
    rewardPoints: 100,
    allowRace: false,
    publisherId: 'u-pub',
    departmentId: DISTRICT,
    departmentPath: [CITY, DISTRICT],
    biddingDeadline: '2026-09-30T16:00:00.000Z',
    deliveryDeadline: '2026-12-31T16:00:00.000Z',
    createdAt: '2026-09-01T00:00:00.000Z',
    publishedAt: '2026-09-01T00:00:00.000Z',
    occurredAt: '2026-10-01T00:00:00.000Z',
    waiting,
    ...fields,
  };
  return planOf(createEnvelope(type, 'tasks', data), names)!;
}

const idle: TaskWaitingFact = { pendingEvaluations: [], pendingReviews: [], readyToAward: false, readyToConclude: false };

describe('tasks → inbox items', () => {
  it('待评标 per evaluator with bids to score, due from the bidding deadline; an evaluator done has none', () => {
    const plan = task(TASK_EVENTS.biddingClosed, { ...idle, pendingEvaluations: [{ evaluatorId: 'e-1', bidIds: ['b-1', 'b-2', 'b-3'] }, { evaluatorId: 'e-2', bidIds: [] }] });
    expect(plan.kinds.bid_evaluate).toEqual([
      expect.objectContaining({ id: 'bid_evaluate:k-1:e-1', userIds: ['e-1'], summary: '3 份标书待评', clockFrom: '2026-09-30T16:00:00.000Z', link: '/tasks/k-1' }),
    ]);
    expect(plan.kinds.task_award).toEqual([]);
  });

  it('待定标 for the publishers of the task’s department subtree when 评标 is complete', () => {
    const plan = task(TASK_EVENTS.evaluationRecorded, { ...idle, readyToAward: true });
    expect(plan.kinds.bid_evaluate).toEqual([]);
    expect(plan.kinds.task_award![0]).toMatchObject({ id: 'task_award:k-1', role: 'publisher' });
    expect(audienceOf(plan.kinds.task_award![0])).toEqual([`publisher:${CITY}`, `publisher:${DISTRICT}`]);
  });

  it('待评审 per evaluator naming the teams; 待结项 once every review is in', () => {
    const plan = task(TASK_EVENTS.resultsSubmitted, { ...idle, pendingReviews: [{ evaluatorId: 'e-1', teamIds: ['t-1', 't-2'] }] }, { status: 'reviewing' });
    expect(plan.kinds.result_review![0]).toMatchObject({ id: 'result_review:k-1:e-1', summary: '攻坚队、先锋队 的成果待评审', userIds: ['e-1'] });
    const done = task(TASK_EVENTS.reviewRecorded, { ...idle, readyToConclude: true }, { status: 'reviewing', version: 9 });
    expect(done.kinds.result_review).toEqual([]);
    expect(open(done, 'task_conclude')).toEqual(['task_conclude:k-1']);
  });

  it('a withdrawn, concluded or unclaimed task closes every task kind, with or without `waiting`', () => {
    for (const status of ['withdrawn', 'concluded', 'unclaimed'] as const) {
      expect(task(`tasks.task.${status}`, undefined, { status }).kinds).toEqual({ bid_evaluate: [], result_review: [], task_award: [], task_conclude: [] });
    }
  });

  it('an event without `waiting` (written before it was carried) says nothing', () => {
    expect(task(TASK_EVENTS.awarded, undefined, { status: 'in_progress' })).toBeNull();
  });
});

describe('teams → 团队邀请', () => {
  const team = (members: TeamChangedV1['members'], version = 1): TeamChangedV1 => ({ teamId: 't-1', teamName: '攻坚队', leadId: 'u-lead', version, formed: false, members, action: 'created', actorId: 'u-lead', occurredAt: '2026-09-28T02:00:00.000Z' });

  it('one per member still invited; an answer closes it; formation closes all', () => {
    const plan = planOf(
      createEnvelope(TASK_EVENTS.teamChanged, 'tasks', team([
        { userId: 'u-lead', role: 'lead', share: 60, invitation: 'accepted' },
        { userId: 'u-a', role: 'member', share: 20, invitation: 'invited' },
        { userId: 'u-b', role: 'member', share: 20, invitation: 'declined' },
      ])),
      names,
    )!;
    expect(plan.kinds.team_invitation).toEqual([expect.objectContaining({ id: 'team_invitation:t-1:u-a', userIds: ['u-a'], link: '/tasks/teams/t-1', summary: expect.stringContaining('李四 邀请您加入 攻坚队') })]);
    const formed = planOf(createEnvelope(TASK_EVENTS.teamFormed, 'tasks', { teamId: 't-1', teamName: '攻坚队', leadId: 'u-lead', members: [], version: 3 }), names)!;
    expect(formed).toEqual({ subjectType: 'team', subjectId: 't-1', sourceVersion: 3, kinds: { team_invitation: [] } });
  });
});

describe('appraisal grades → 待审定 / 考核退回', () => {
  const grade = (type: string, fields: Partial<AppraisalGradeV1> = {}) => {
    const data: AppraisalGradeV1 = {
      appraisalId: 'cy-1:u-filer',
      cycleId: 'cy-1',
      cycleKind: 'annual',
      cycleName: '2026年度考核',
      period: '2026',
      year: '2026',
      cadreId: filer,
      departmentId: OFFICE,
      departmentPath: [CITY, DISTRICT, OFFICE],
      grade: 'excellent',
      status: 'submitted',
      comment: '',
      byUserId: 'u-appraiser',
      version: 3,
      occurredAt: '2026-12-01T02:00:00.000Z',
      ...fields,
    };
    return planOf(createEnvelope(type, 'appraisal', data), names)!;
  };

  it('a submitted grade waits for the assessors (city-wide, never the cadre), and closes a 考核退回', () => {
    const plan = grade(APPRAISAL_EVENTS.gradeSubmitted);
    expect(plan).toMatchObject({ subjectType: 'appraisal', subjectId: 'cy-1:u-filer', sourceVersion: 3 });
    const [review] = plan.kinds.appraisal_review!;
    expect(review).toMatchObject({
      id: 'appraisal_review:cy-1:u-filer',
      kind: 'appraisal_review',
      role: 'assessor',
      title: '2026年度考核',
      summary: '王海军 · 年度考核 优秀 待审定',
      link: `/appraisal/review?cycleId=cy-1&departmentId=${OFFICE}`,
      excludeUserIds: [filer],
      userIds: [],
    });
    expect(audienceOf(review)).toEqual(['assessor']);
    expect(plan.kinds.appraisal_revise).toEqual([]);
  });

  it('a returned grade waits for the appraisers of the cadre’s department path, with the reason; it closes the 待审定', () => {
    const plan = grade(APPRAISAL_EVENTS.gradeReturned, { status: 'returned', comment: '请补充述职材料', byUserId: 'u-assessor', version: 4 });
    expect(plan.kinds.appraisal_review).toEqual([]);
    const [revise] = plan.kinds.appraisal_revise!;
    expect(revise).toMatchObject({ id: 'appraisal_revise:cy-1:u-filer', role: 'appraiser', summary: '王海军 · 年度考核 优秀 被退回：请补充述职材料', link: `/appraisal/sheet?cycleId=cy-1&departmentId=${OFFICE}` });
    expect(audienceOf(revise)).toEqual([`appraiser:${CITY}`, `appraiser:${DISTRICT}`, `appraiser:${OFFICE}`]);
    expect(liveAudience([revise]).roles).toEqual([{ role: 'appraiser', departmentPath: [CITY, DISTRICT, OFFICE] }]);
  });

  it('a confirmation closes both; other appraisal events concern no item', () => {
    expect(grade(APPRAISAL_EVENTS.gradeConfirmed, { status: 'confirmed', version: 5 })).toEqual({ subjectType: 'appraisal', subjectId: 'cy-1:u-filer', sourceVersion: 5, kinds: { appraisal_review: [], appraisal_revise: [] } });
    expect(grade(APPRAISAL_EVENTS.surveyResult)).toBeNull();
  });
});

describe('audiences', () => {
  it('a caller matches their own items and their roles’ items of their department', () => {
    expect(callerAudience({ userId: 'u', roles: ['cadre'], departmentId: OFFICE })).toEqual(['user:u']);
    expect(callerAudience({ userId: 'u', roles: ['cadre', 'appraiser'], departmentId: OFFICE })).toEqual(['user:u', `appraiser:${OFFICE}`]);
    expect(callerAudience({ userId: 'u', roles: ['reviewer', 'assessor', 'publisher'], departmentId: DISTRICT })).toEqual(['user:u', `reviewer:${DISTRICT}`, 'assessor', `publisher:${DISTRICT}`]);
  });

  it('live: per-person users, role audiences with their path (assessors city-wide)', () => {
    const live = liveAudience([
      { userIds: ['a'], role: null, departmentPath: [CITY] },
      { userIds: [], role: 'reviewer', departmentPath: [CITY, DISTRICT] },
      { userIds: [], role: 'reviewer', departmentPath: [CITY, DISTRICT] },
      { userIds: [], role: 'assessor', departmentPath: [CITY] },
    ]);
    expect(live).toEqual({ userIds: ['a'], roles: [{ role: 'reviewer', departmentPath: [CITY, DISTRICT] }, { role: 'assessor', departmentPath: null }] });
  });

  it('events of other subjects concern no item', () => {
    expect(planOf(createEnvelope('scoring.score.updated', 'scoring', { cadreId: 'x' }), names)).toBeNull();
    expect(planOf(createEnvelope(TASK_EVENTS.bidSubmitted, 'tasks', { bidId: 'b' }), names)).toBeNull();
  });
});
