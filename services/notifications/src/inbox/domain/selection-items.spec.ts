import { SELECTION_EVENTS, createEnvelope, type SelectionAppealV1, type SelectionApplicationV1, type SelectionObjectionV1 } from '@cadre/contracts';
import { audienceOf, liveAudience, peopleNamed, planOf, type InboxPlan, type Names } from './items';
import { APPLICATIONS_CLOSED_VERSION, applicationClosedPlan, applicationsClosedBy, roundOfApplication } from './selection-items';

const CITY = 'd-city';
const DISTRICT = 'd-district';
const BUREAU = 'd-bureau';
const path = [CITY, DISTRICT, BUREAU];
const names: Names = { person: (id) => ({ 'u-appellant': '王海军' })[id] ?? '', team: () => '' };
const at = '2026-12-03T01:30:00.000Z';

const plan = (type: string, data: unknown): InboxPlan => planOf(createEnvelope(type, 'selection', data), names)!;
const open = (p: InboxPlan, kind: keyof InboxPlan['kinds']) => p.kinds[kind]?.map((d) => d.id);

function objection(fields: Partial<SelectionObjectionV1> = {}): SelectionObjectionV1 {
  return {
    roundId: 'rd-1', roundName: '2026年龙华区科级干部提拔', objectionId: 'ob-1', candidateId: 'u-cand', candidateName: '李娜',
    departmentPath: path, status: 'open', withdrewCandidate: false, version: 7, occurredAt: at, ...fields,
  };
}

function appeal(fields: Partial<SelectionAppealV1> = {}): SelectionAppealV1 {
  return {
    appealId: 'ap-1', subjectType: 'record', subjectId: 'r-1', subjectTitle: '引进区域总部', appellantId: 'u-appellant', departmentId: BUREAU,
    departmentPath: path, status: 'pending', answer: null, decidedBy: null, subjectState: 'rejected', version: 1, occurredAt: at, ...fields,
  };
}

function application(fields: Partial<SelectionApplicationV1> = {}): SelectionApplicationV1 {
  return {
    applicationId: 'app-1', roundId: 'rd-2', roundName: '2026年度评先评优', applicantType: 'cadre', applicantId: 'u-applicant', applicantName: '赵敏',
    submittedBy: 'u-applicant', departmentId: BUREAU, departmentPath: path, award: '优秀共产党员', status: 'submitted', version: 1, occurredAt: at, ...fields,
  };
}

describe('selection → inbox items', () => {
  it('a filed objection opens 待核查异议 for the assessors (never the candidate), one subject per objection guarded by the round’s version', () => {
    const p = plan(SELECTION_EVENTS.objectionFiled, objection());
    expect(p).toMatchObject({ subjectType: 'objection', subjectId: 'rd-1:ob-1', sourceVersion: 7 });
    const [item] = p.kinds.objection_handle!;
    expect(item).toMatchObject({
      id: 'objection_handle:rd-1:ob-1',
      kind: 'objection_handle',
      subjectType: 'objection',
      subjectId: 'rd-1:ob-1',
      title: '《2026年龙华区科级干部提拔》异议：李娜',
      link: '/selection/rounds/rd-1',
      departmentId: BUREAU,
      departmentPath: path,
      role: 'assessor',
      userIds: [],
      excludeUserIds: ['u-cand'],
      clockFrom: at,
    });
    expect(item.summary).toContain('李娜');
    expect(audienceOf(item)).toEqual(['assessor']);
    expect(liveAudience([item])).toEqual({ userIds: [], roles: [{ role: 'assessor', departmentPath: null }] });
  });

  it('an answered objection closes it, whatever the outcome; the objector is never in the item', () => {
    expect(open(plan(SELECTION_EVENTS.objectionAnswered, objection({ status: 'upheld', filedBy: 'u-objector', version: 9 })), 'objection_handle')).toEqual([]);
    expect(open(plan(SELECTION_EVENTS.objectionAnswered, objection({ status: 'rejected', filedBy: 'u-objector', version: 9 })), 'objection_handle')).toEqual([]);
    const filed = plan(SELECTION_EVENTS.objectionFiled, objection({ filedBy: 'u-objector' }));
    expect(JSON.stringify(filed)).not.toContain('u-objector');
  });

  it('a filed appeal opens 待处理申诉 for the assessors, never the appellant; a decision closes it', () => {
    const p = plan(SELECTION_EVENTS.appealFiled, appeal());
    expect(p).toMatchObject({ subjectType: 'appeal', subjectId: 'ap-1', sourceVersion: 1 });
    expect(p.kinds.appeal_decide![0]).toMatchObject({
      id: 'appeal_decide:ap-1',
      subjectType: 'appeal',
      subjectId: 'ap-1',
      title: '引进区域总部',
      summary: '王海军 对纪实《引进区域总部》提出申诉',
      link: '/selection/appeals/ap-1',
      departmentId: BUREAU,
      role: 'assessor',
      excludeUserIds: ['u-appellant'],
    });
    expect(peopleNamed(createEnvelope(SELECTION_EVENTS.appealFiled, 'selection', appeal()))).toEqual(['u-appellant']);
    expect(open(plan(SELECTION_EVENTS.appealDecided, appeal({ status: 'upheld', answer: '材料属实', decidedBy: 'u-a', version: 2 })), 'appeal_decide')).toEqual([]);
    expect(open(plan(SELECTION_EVENTS.appealDecided, appeal({ status: 'dismissed', answer: '依据不足', decidedBy: 'u-a', version: 2 })), 'appeal_decide')).toEqual([]);
  });

  it('a submitted application opens 待推荐 for the reviewers of the applicant’s department path, never the submitter or the applicant', () => {
    const p = plan(SELECTION_EVENTS.applicationSubmitted, application({ applicantType: 'department', applicantId: BUREAU, applicantName: '龙华区发改局', submittedBy: 'u-reviewer' }));
    expect(p).toMatchObject({ subjectType: 'application', subjectId: 'rd-2:app-1', sourceVersion: 1 });
    const [item] = p.kinds.application_recommend!;
    expect(item).toMatchObject({
      id: 'application_recommend:rd-2:app-1',
      title: '2026年度评先评优',
      summary: '龙华区发改局（集体） 申报「优秀共产党员」，待推荐',
      link: '/selection/rounds/rd-2/applications',
      role: 'reviewer',
      excludeUserIds: ['u-reviewer', BUREAU],
    });
    expect(audienceOf(item)).toEqual([`reviewer:${CITY}`, `reviewer:${DISTRICT}`, `reviewer:${BUREAU}`]);
    expect(liveAudience([item]).roles).toEqual([{ role: 'reviewer', departmentPath: path }]);
    expect(plan(SELECTION_EVENTS.applicationSubmitted, application()).kinds.application_recommend![0].excludeUserIds).toEqual(['u-applicant']);
  });

  it('a recommendation (推荐 or not) closes 待推荐', () => {
    expect(open(plan(SELECTION_EVENTS.applicationRecommended, application({ status: 'recommended', comment: '事迹突出', version: 2 })), 'application_recommend')).toEqual([]);
    expect(open(plan(SELECTION_EVENTS.applicationRecommended, application({ status: 'not_recommended', version: 2 })), 'application_recommend')).toEqual([]);
  });

  it('a round’s own events and malformed events concern no item', () => {
    expect(planOf(createEnvelope(SELECTION_EVENTS.noticePublished, 'selection', { roundId: 'rd-1', version: 3 }), names)).toBeNull();
    expect(planOf(createEnvelope(SELECTION_EVENTS.roundOpened, 'selection', { roundId: 'rd-1', version: 1 }), names)).toBeNull();
    expect(planOf(createEnvelope(SELECTION_EVENTS.objectionFiled, 'selection', { roundId: 'rd-1' }), names)).toBeNull();
    expect(planOf(createEnvelope(SELECTION_EVENTS.appealFiled, 'selection', null), names)).toBeNull();
    expect(planOf(createEnvelope(SELECTION_EVENTS.applicationSubmitted, 'selection', { applicationId: 'a', roundId: 'r' }), names)).toBeNull();
  });

  it('a notice or a conclusion takes the round past applying: each of its applications’ 待推荐 closes for good', () => {
    expect(applicationsClosedBy(createEnvelope(SELECTION_EVENTS.noticePublished, 'selection', { roundId: 'rd-2', version: 9 }))).toBe('rd-2');
    expect(applicationsClosedBy(createEnvelope(SELECTION_EVENTS.roundConcluded, 'selection', { roundId: 'rd-2', version: 12 }))).toBe('rd-2');
    expect(applicationsClosedBy(createEnvelope(SELECTION_EVENTS.roundOpened, 'selection', { roundId: 'rd-2', version: 1 }))).toBeNull();
    expect(applicationsClosedBy(createEnvelope(SELECTION_EVENTS.applicationSubmitted, 'selection', application()))).toBeNull();
    expect(applicationsClosedBy(createEnvelope(SELECTION_EVENTS.noticePublished, 'selection', {}))).toBeNull();
    expect(applicationClosedPlan('rd-2:app-1')).toEqual({ subjectType: 'application', subjectId: 'rd-2:app-1', sourceVersion: APPLICATIONS_CLOSED_VERSION, kinds: { application_recommend: [] } });
    expect(roundOfApplication('rd-2:app-1')).toBe('rd-2');
  });
});
