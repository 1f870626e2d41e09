import { SELECTION_EVENTS, type SelectionAppealV1, type SelectionApplicationV1, type SelectionNoticeV1, type SelectionObjectionV1 } from '@cadre/contracts';
import { messageId, messagesFor, type EventLike } from './messages';

const at = '2026-12-03T01:30:00.000Z';
const names = () => '（未知人员）';
const ev = <T>(type: string, data: T, eventId = 'e1'): EventLike<T> => ({ eventId, type, occurredAt: at, data });
const send = (type: string, data: unknown, eventId = 'e1') => messagesFor(ev(type, data, eventId), { names });

function notice(fields: Partial<SelectionNoticeV1> = {}): SelectionNoticeV1 {
  const candidate = { departmentId: 'd', departmentPath: ['d'], rankLevel: 'section' as const };
  return {
    roundId: 'rd-1', kind: 'promotion', name: '2026年龙华区科级干部提拔', status: 'notice', departmentIds: ['d'], openedAt: at, openedBy: 'u-org', applyUntil: null,
    version: 5, occurredAt: at, startsAt: '2026-12-03T01:30:00.000Z', endsAt: '2026-12-10T15:59:59.999Z',
    candidates: [
      { ...candidate, type: 'cadre', candidateId: 'u-li', name: '李娜', position: '发改局副局长' },
      { ...candidate, type: 'cadre', candidateId: 'u-zhao', name: '赵敏', position: '商务局副局长' },
      { ...candidate, type: 'department', candidateId: 'd', name: '发改局', position: '先进集体' },
    ],
    ...fields,
  };
}

const objection = (fields: Partial<SelectionObjectionV1> = {}): SelectionObjectionV1 => ({
  roundId: 'rd-1', roundName: '2026年龙华区科级干部提拔', objectionId: 'ob-1', candidateId: 'u-li', candidateName: '李娜', departmentPath: ['d'],
  status: 'upheld', filedBy: 'u-objector', withdrewCandidate: false, version: 8, occurredAt: at, ...fields,
});

const appeal = (fields: Partial<SelectionAppealV1> = {}): SelectionAppealV1 => ({
  appealId: 'ap-1', subjectType: 'record', subjectId: 'r-1', subjectTitle: '引进区域总部', appellantId: 'u-app', departmentId: 'd', departmentPath: ['d'],
  status: 'upheld', answer: '经复核，材料属实，予以重新研判', decidedBy: 'u-org', subjectState: 'rejected', version: 2, occurredAt: at, ...fields,
});

const application = (fields: Partial<SelectionApplicationV1> = {}): SelectionApplicationV1 => ({
  applicationId: 'app-1', roundId: 'rd-2', roundName: '2026年度评先评优', applicantType: 'cadre', applicantId: 'u-zhao', applicantName: '赵敏', submittedBy: 'u-zhao',
  departmentId: 'd', departmentPath: ['d'], award: '优秀共产党员', status: 'recommended', comment: '事迹突出', version: 2, occurredAt: at, ...fields,
});

describe('selection messages', () => {
  it('a published notice tells each selected cadre (not a department) their position and the window, in Beijing time', () => {
    const out = send(SELECTION_EVENTS.noticePublished, notice());
    expect(out.map((m) => [m.recipientId, m.kind])).toEqual([['u-li', 'notice_published'], ['u-zhao', 'notice_published']]);
    expect(out[0]).toMatchObject({ title: '您已列入《2026年龙华区科级干部提拔》任前公示，拟任 发改局副局长', link: '/selection/mine', pointsSource: null, createdAt: at });
    expect(out[0].baseBody).toContain('公示期：2026-12-03 09:30 至 2026-12-10 23:59');
    expect(send(SELECTION_EVENTS.noticePublished, notice({ kind: 'award', name: '2026年度评先评优' }))[0].title).toBe('您已列入《2026年度评先评优》公示，拟授予 发改局副局长');
  });

  it('is keyed by the round and its version: the same notice under another event id is the same message', () => {
    const first = send(SELECTION_EVENTS.noticePublished, notice(), 'e1').map(messageId);
    expect(send(SELECTION_EVENTS.noticePublished, notice(), 'e2').map(messageId)).toEqual(first);
    expect(send(SELECTION_EVENTS.noticePublished, notice({ candidates: [] }))).toEqual([]);
  });

  it('an answered objection tells the objector the conclusion only (属实 / 不属实), never the answer text', () => {
    const [m, ...rest] = send(SELECTION_EVENTS.objectionAnswered, objection({ withdrewCandidate: true }));
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ recipientId: 'u-objector', kind: 'objection_answered', title: '您对李娜的异议已答复：属实', link: '/selection/mine' });
    expect(m.baseBody).toBe('《2026年龙华区科级干部提拔》任前公示，核查结论：属实。该人选已撤回。');
    expect(send(SELECTION_EVENTS.objectionAnswered, objection({ status: 'rejected' }))[0]).toMatchObject({ title: '您对李娜的异议已答复：不属实' });
    expect(send(SELECTION_EVENTS.objectionAnswered, objection(), 'e2').map(messageId)).toEqual(send(SELECTION_EVENTS.objectionAnswered, objection(), 'e1').map(messageId));
  });

  it('a filed objection, or an answer without its objector, tells nobody', () => {
    expect(send(SELECTION_EVENTS.objectionFiled, objection({ status: 'open', filedBy: undefined }))).toEqual([]);
    expect(send(SELECTION_EVENTS.objectionAnswered, objection({ filedBy: undefined }))).toEqual([]);
  });

  it('a decided appeal tells the appellant the outcome with the answer', () => {
    const [m] = send(SELECTION_EVENTS.appealDecided, appeal());
    expect(m).toMatchObject({ recipientId: 'u-app', kind: 'appeal_decided', title: '您的申诉已处理：申诉成立', link: '/selection/appeals/ap-1' });
    expect(m.baseBody).toBe('纪实《引进区域总部》，处理意见：经复核，材料属实，予以重新研判');
    expect(send(SELECTION_EVENTS.appealDecided, appeal({ status: 'dismissed', answer: '' }))[0]).toMatchObject({ title: '您的申诉已处理：驳回', baseBody: '纪实《引进区域总部》，处理意见：（未填写）' });
    expect(send(SELECTION_EVENTS.appealFiled, appeal({ status: 'pending', answer: null }))).toEqual([]);
  });

  it('a recommendation tells the submitter (推荐 / 未推荐) with the comment; a department’s application names the department', () => {
    const [m] = send(SELECTION_EVENTS.applicationRecommended, application());
    expect(m).toMatchObject({ recipientId: 'u-zhao', kind: 'application_recommended', title: '您的「优秀共产党员」申报已推荐', baseBody: '《2026年度评先评优》，推荐意见：事迹突出', link: '/selection/mine' });
    const [d] = send(SELECTION_EVENTS.applicationRecommended, application({ applicantType: 'department', applicantId: 'd', applicantName: '发改局', submittedBy: 'u-rev', award: '先进集体', status: 'not_recommended', comment: undefined }));
    expect(d).toMatchObject({ recipientId: 'u-rev', title: '发改局的「先进集体」申报未推荐', baseBody: '《2026年度评先评优》，推荐意见：（未填写）' });
    expect(send(SELECTION_EVENTS.applicationSubmitted, application({ status: 'submitted' }))).toEqual([]);
    // A changed recommendation is a new version: a new message.
    expect(messageId(send(SELECTION_EVENTS.applicationRecommended, application({ version: 3 }))[0])).not.toBe(messageId(m));
  });
});
