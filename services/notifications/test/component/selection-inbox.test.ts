/**
 * 选人用人 in the work inbox (issue #22), in process: `selection.*` in as the selection service publishes them
 * (JetStream; the SELECTION stream does not exist when the service starts on its fresh NATS server), the inbox and
 * messages out through the RPCs the gateway calls. city → district → bureau; another district beside it.
 */
import { randomUUID } from 'node:crypto';
import { JSONCodec, connect, type NatsConnection } from 'nats';
import {
  LIVE_SUBJECTS,
  RPC,
  SELECTION_EVENTS,
  STREAMS,
  type InboxView,
  type LiveInboxChange,
  type NotificationListView,
  type SelectionAppealV1,
  type SelectionApplicationV1,
  type SelectionNoticeV1,
  type SelectionObjectionV1,
} from '@cadre/contracts';
import { callerOf, department, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';
import { InboxRebuild } from '../../src/inbox/rebuild/inbox-rebuild';
import { inboxModule } from './inbox-fixtures';
import { exportCsv } from '@cadre/platform';
import type { ExportPage } from '@cadre/contracts';

jest.setTimeout(180_000);

const city = department('海口市');
const district = department('龙华区', city);
const bureau = department('龙华区发改局', district);
const otherDistrict = department('美兰区', city);
const candidate = user('李娜', bureau, ['cadre']);
// An assessor who is also a candidate of the notice, and who appeals: never handles their own.
const assessorCandidate = user('孙兼任', bureau, ['cadre', 'assessor']);
const assessor = user('陈研判', city, ['assessor']);
const admin = user('管理员', city, ['admin']);
const objector = user('周群众', otherDistrict, ['cadre']);
const applicant = user('王海军', bureau, ['cadre']);
const bureauReviewer = user('张审核', bureau, ['reviewer']);
const districtReviewer = user('李审核', district, ['reviewer']);
const otherReviewer = user('赵局外', otherDistrict, ['reviewer']);
const everyone = [candidate, assessorCandidate, assessor, admin, objector, applicant, bureauReviewer, districtReviewer, otherReviewer];

const at = () => new Date().toISOString();
const roundId = randomUUID();
const roundName = '2026年龙华区科级干部提拔';
const awardRoundId = randomUUID();

const ref = (who: UserSeed, position: string) => ({ type: 'cadre' as const, candidateId: who.id, name: who.name, departmentId: who.department.id, departmentPath: who.department.path, rankLevel: 'section' as const, position });
const notice = (version: number): SelectionNoticeV1 => ({
  roundId, kind: 'promotion', name: roundName, status: 'notice', departmentIds: [district.id], openedAt: at(), openedBy: assessor.id, applyUntil: null, version, occurredAt: at(),
  startsAt: at(), endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  candidates: [ref(candidate, '发改局副局长'), ref(assessorCandidate, '发改局局长助理'), { ...ref(candidate, '先进集体'), type: 'department', candidateId: bureau.id, name: bureau.name }],
});
const objection = (objectionId: string, who: UserSeed, version: number, fields: Partial<SelectionObjectionV1> = {}): SelectionObjectionV1 => ({
  roundId, roundName, objectionId, candidateId: who.id, candidateName: who.name, departmentPath: who.department.path, status: 'open', withdrewCandidate: false, version, occurredAt: at(), ...fields,
});
const appeal = (appealId: string, who: UserSeed, version: number, fields: Partial<SelectionAppealV1> = {}): SelectionAppealV1 => ({
  appealId, subjectType: 'record', subjectId: randomUUID(), subjectTitle: '引进区域总部', appellantId: who.id, departmentId: who.department.id, departmentPath: who.department.path,
  status: 'pending', answer: null, decidedBy: null, subjectState: 'rejected', version, occurredAt: at(), ...fields,
});
const application = (applicationId: string, version: number, fields: Partial<SelectionApplicationV1> = {}): SelectionApplicationV1 => ({
  applicationId, roundId: awardRoundId, roundName: '2026年度评先评优', applicantType: 'cadre', applicantId: applicant.id, applicantName: applicant.name, submittedBy: applicant.id,
  departmentId: bureau.id, departmentPath: bureau.path, award: '优秀共产党员', status: 'submitted', version, occurredAt: at(), ...fields,
});

describe('notifications in process: 选人用人 in the inbox and the messages', () => {
  let svc: Component;
  let nc: NatsConnection;
  /** What went out live (core NATS `live.>`, as the gateway relays it to the console). */
  const live: { subject: string; data: unknown }[] = [];
  const liveInbox = () => live.filter((m) => m.subject === LIVE_SUBJECTS.inbox).map((m) => m.data as LiveInboxChange);
  const inbox = (who: UserSeed, query: Record<string, unknown> = {}) => svc.request<InboxView>(RPC.notifications.inbox, query, callerOf(who));
  const messages = (who: UserSeed) => svc.request<NotificationListView>(RPC.notifications.list, {}, callerOf(who));
  const kinds = async (who: UserSeed) => (await messages(who)).items.map((m) => m.kind);
  const ids = async (who: UserSeed) => (await inbox(who)).items.map((i) => i.id).sort();
  const until = (who: UserSeed, ready: (v: InboxView) => boolean, what: string) =>
    waitUntil(async () => {
      const v = await inbox(who);
      return ready(v) ? v : undefined;
    }, { timeoutMs: 20_000, what });
  const has = (id: string) => (v: InboxView) => v.items.some((i) => i.id === id);
  const lacks = (id: string) => (v: InboxView) => !v.items.some((i) => i.id === id);
  const publish = (type: string, data: unknown) => svc.publish(type, data, { producer: 'selection' });
  /** Every SELECTION event published so far handled and acknowledged (inbox and messages) by the durable consumer. */
  const drained = () =>
    waitUntil(async () => {
      const info = await (await nc.jetstreamManager()).consumers.info(STREAMS.SELECTION.name, 'notifications');
      return info.num_pending === 0 && info.num_ack_pending === 0 ? info : undefined;
    }, { timeoutMs: 20_000, what: 'the SELECTION consumer to catch up' });

  const objectionA = randomUUID();
  const objectionB = randomUUID();
  const handleA = `objection_handle:${roundId}:${objectionA}`;
  const handleB = `objection_handle:${roundId}:${objectionB}`;
  const appealMine = randomUUID();
  const appealOther = randomUUID();
  const applicationCadre = randomUUID();
  const applicationBureau = randomUUID();
  const recommendCadre = `application_recommend:${awardRoundId}:${applicationCadre}`;
  const recommendBureau = `application_recommend:${awardRoundId}:${applicationBureau}`;

  beforeAll(async () => {
    svc = await startComponent({ service: 'notifications', module: inboxModule });
    nc = await connect({ servers: svc.nats.url });
    const codec = JSONCodec();
    nc.subscribe('live.>', { callback: (_, m) => live.push({ subject: m.subject, data: codec.decode(m.data) }) });
    await svc.seedDirectory({ users: everyone });
  });
  afterAll(async () => {
    await nc?.close();
    await svc?.stop();
  });

  it('a published notice tells each selected cadre once, with the position (a department candidate has nobody to tell)', async () => {
    await publish(SELECTION_EVENTS.noticePublished, notice(4));
    await publish(SELECTION_EVENTS.noticePublished, notice(4)); // published again (another event id): the same messages
    const told = await waitUntil(async () => (await messages(candidate)).items.find((m) => m.kind === 'notice_published'), { what: 'the candidate’s message' });
    expect(told).toMatchObject({ title: `您已列入《${roundName}》任前公示，拟任 发改局副局长`, link: '/selection/mine' });
    expect(told.body).toMatch(/^公示期：\d{4}-\d{2}-\d{2} \d{2}:\d{2} 至 /);
    await waitUntil(async () => (await kinds(assessorCandidate)).includes('notice_published') || undefined, { what: 'the second candidate’s message' });
    expect((await messages(assessorCandidate)).items[0].title).toContain('拟任 发改局局长助理');
    await drained();
    expect(await kinds(candidate)).toEqual(['notice_published']);
    expect(await kinds(assessorCandidate)).toEqual(['notice_published']);
    // Nothing waits in an inbox for a notice.
    expect(await ids(assessor)).toEqual([]);
  });

  it('an objection waits for the assessors (待核查异议), never the candidate, the objector or an admin; an answer closes it and tells the objector the conclusion', async () => {
    await publish(SELECTION_EVENTS.objectionFiled, objection(objectionA, candidate, 5));
    const view = await until(assessor, (v) => has(handleA)(v) && v.counts.objection_handle === 1, 'the assessor’s 待核查异议');
    expect(view.items.find((i) => i.id === handleA)).toMatchObject({
      kind: 'objection_handle',
      kindLabel: '待核查异议',
      title: `《${roundName}》异议：李娜`,
      subject: { type: 'objection', id: `${roundId}:${objectionA}` },
      link: `/selection/rounds/${roundId}`,
      departmentId: bureau.id,
      departmentName: '龙华区发改局',
      overdue: false,
      escalated: false,
    });
    // The candidate who is an assessor: an objection to another candidate, yes; to themselves, never.
    await publish(SELECTION_EVENTS.objectionFiled, objection(objectionB, assessorCandidate, 6));
    await until(assessor, has(handleB), 'the second 待核查异议');
    expect(await ids(assessorCandidate)).toEqual([handleA]);
    for (const who of [candidate, objector, admin, bureauReviewer]) expect(await ids(who)).toEqual([]);

    const answered = objection(objectionA, candidate, 7, { status: 'upheld', filedBy: objector.id, withdrewCandidate: true });
    await publish(SELECTION_EVENTS.objectionAnswered, answered);
    await until(assessor, lacks(handleA), 'the 待核查异议 to close');
    expect(await ids(assessorCandidate)).toEqual([]);
    const told = await waitUntil(async () => (await messages(objector)).items.find((m) => m.kind === 'objection_answered'), { what: 'the objector’s message' });
    expect(told).toMatchObject({ title: '您对李娜的异议已答复：属实', body: `《${roundName}》任前公示，核查结论：属实。该人选已撤回。`, link: '/selection/mine' });
    // Live (after the writes, so a moment after the lists show them): the assessors' inboxes changed (city-wide), the objector's message pushed.
    await waitUntil(async () => liveInbox().some((c) => c.roles.some((r) => r.role === 'assessor' && r.departmentPath === null)) || undefined, { what: 'live.inbox for the assessors' });
    await waitUntil(async () => live.some((m) => m.subject === LIVE_SUBJECTS.notification(objector.id)) || undefined, { what: 'the objector’s live message' });
    // Nobody else hears of the objection.
    expect(await kinds(candidate)).toEqual(['notice_published']);

    // Redelivered and late (other event ids): the closed item stays closed, the objector is told once.
    await publish(SELECTION_EVENTS.objectionAnswered, answered);
    await publish(SELECTION_EVENTS.objectionFiled, objection(objectionA, candidate, 5));
    await publish(SELECTION_EVENTS.objectionAnswered, objection(objectionB, assessorCandidate, 8, { status: 'rejected', filedBy: objector.id }));
    await until(assessor, lacks(handleB), 'a later event to be applied');
    await drained();
    expect(await ids(assessor)).toEqual([]);
    await waitUntil(async () => ((await kinds(objector)).length === 2 ? true : undefined), { what: 'the second answer’s message' });
    expect((await messages(objector)).items.map((m) => m.title).sort()).toEqual(['您对孙兼任的异议已答复：不属实', '您对李娜的异议已答复：属实']);
  });

  it('an appeal waits for the assessors (待处理申诉), never the appellant; a decision closes it and tells the appellant the answer', async () => {
    await publish(SELECTION_EVENTS.appealFiled, appeal(appealMine, assessorCandidate, 1));
    await publish(SELECTION_EVENTS.appealFiled, appeal(appealOther, applicant, 1, { subjectType: 'score_entry', subjectTitle: '2026年度积分' }));
    const view = await until(assessor, (v) => v.counts.appeal_decide === 2, 'the assessor’s 待处理申诉');
    expect(view.items.find((i) => i.id === `appeal_decide:${appealOther}`)).toMatchObject({
      kindLabel: '待处理申诉',
      title: '2026年度积分',
      summary: '王海军 对积分《2026年度积分》提出申诉',
      subject: { type: 'appeal', id: appealOther },
      link: `/selection/appeals/${appealOther}`,
      departmentName: '龙华区发改局',
    });
    expect(await ids(assessorCandidate)).toEqual([`appeal_decide:${appealOther}`]);
    for (const who of [applicant, admin, bureauReviewer]) expect(await ids(who)).toEqual([]);

    const decided = appeal(appealOther, applicant, 2, { subjectType: 'score_entry', subjectTitle: '2026年度积分', status: 'dismissed', answer: '积分计算无误', decidedBy: assessor.id });
    await publish(SELECTION_EVENTS.appealDecided, decided);
    await until(assessor, lacks(`appeal_decide:${appealOther}`), 'the 待处理申诉 to close');
    const told = await waitUntil(async () => (await messages(applicant)).items.find((m) => m.kind === 'appeal_decided'), { what: 'the appellant’s message' });
    expect(told).toMatchObject({ title: '您的申诉已处理：驳回', body: '积分《2026年度积分》，处理意见：积分计算无误', link: `/selection/appeals/${appealOther}` });

    await publish(SELECTION_EVENTS.appealDecided, decided);
    await publish(SELECTION_EVENTS.appealFiled, appeal(appealOther, applicant, 1));
    await publish(SELECTION_EVENTS.appealDecided, appeal(appealMine, assessorCandidate, 2, { status: 'upheld', answer: '予以重新研判', decidedBy: assessor.id }));
    await until(assessor, lacks(`appeal_decide:${appealMine}`), 'a later event to be applied');
    await drained();
    expect(await ids(assessor)).toEqual([]);
    expect(await kinds(applicant)).toEqual(['appeal_decided']);
  });

  it('an application waits for the reviewers of the applicant’s department path (待推荐), never the submitter or the applicant; a recommendation closes it and tells the submitter', async () => {
    await publish(SELECTION_EVENTS.applicationSubmitted, application(applicationCadre, 1));
    // A reviewer of the bureau applies for the bureau (先进集体): the district's reviewer recommends it, not they.
    await publish(SELECTION_EVENTS.applicationSubmitted, application(applicationBureau, 1, { applicantType: 'department', applicantId: bureau.id, applicantName: bureau.name, submittedBy: bureauReviewer.id, award: '先进集体' }));
    const view = await until(districtReviewer, (v) => v.counts.application_recommend === 2, 'the district reviewer’s 待推荐');
    expect(view.items.find((i) => i.id === recommendCadre)).toMatchObject({
      kindLabel: '待推荐',
      title: '2026年度评先评优',
      summary: '王海军 申报「优秀共产党员」，待推荐',
      subject: { type: 'application', id: `${awardRoundId}:${applicationCadre}` },
      link: `/selection/rounds/${awardRoundId}/applications`,
      departmentId: bureau.id,
    });
    expect(view.items.find((i) => i.id === recommendBureau)?.summary).toBe('龙华区发改局（集体） 申报「先进集体」，待推荐');
    expect(await ids(bureauReviewer)).toEqual([recommendCadre]);
    await waitUntil(async () => liveInbox().some((c) => c.roles.some((r) => r.role === 'reviewer' && r.departmentPath?.join('/') === bureau.path.join('/'))) || undefined, { what: 'live.inbox for the reviewers on the path' });
    for (const who of [otherReviewer, applicant, assessor, admin]) expect(await ids(who)).toEqual([]);

    const recommended = application(applicationBureau, 2, { applicantType: 'department', applicantId: bureau.id, applicantName: bureau.name, submittedBy: bureauReviewer.id, award: '先进集体', status: 'recommended', comment: '集体攻坚成效明显' });
    await publish(SELECTION_EVENTS.applicationRecommended, recommended);
    await until(districtReviewer, lacks(recommendBureau), 'the 待推荐 to close');
    const told = await waitUntil(async () => (await messages(bureauReviewer)).items.find((m) => m.kind === 'application_recommended'), { what: 'the submitter’s message' });
    expect(told).toMatchObject({ title: '龙华区发改局的「先进集体」申报已推荐', body: '《2026年度评先评优》，推荐意见：集体攻坚成效明显', link: '/selection/mine' });

    await publish(SELECTION_EVENTS.applicationRecommended, recommended);
    await publish(SELECTION_EVENTS.applicationSubmitted, application(applicationBureau, 1, { applicantType: 'department', applicantId: bureau.id, applicantName: bureau.name, submittedBy: bureauReviewer.id, award: '先进集体' }));
    await publish(SELECTION_EVENTS.applicationRecommended, application(applicationCadre, 2, { status: 'not_recommended', comment: '事迹材料不足' }));
    await until(districtReviewer, lacks(recommendCadre), 'a later event to be applied');
    await drained();
    expect(await ids(districtReviewer)).toEqual([]);
    expect(await kinds(bureauReviewer)).toEqual(['application_recommended']);
    const notRecommended = await waitUntil(async () => (await messages(applicant)).items.find((m) => m.kind === 'application_recommended'), { what: 'the applicant’s message' });
    expect(notRecommended).toMatchObject({ title: '您的「优秀共产党员」申报未推荐', body: '《2026年度评先评优》，推荐意见：事迹材料不足' });
    expect(await kinds(candidate)).toEqual(['notice_published']);
  });

  it('a round past applying (its notice published) closes the 待推荐 left undone; an application arriving after opens none', async () => {
    const closingRound = randomUUID();
    const [early, late] = [randomUUID(), randomUUID()];
    const inRound = (applicationId: string) => application(applicationId, 1, { roundId: closingRound, roundName: '2026年度优秀公务员评选' });
    await publish(SELECTION_EVENTS.applicationSubmitted, inRound(early));
    await until(districtReviewer, has(`application_recommend:${closingRound}:${early}`), 'the 待推荐 of the closing round');
    await publish(SELECTION_EVENTS.noticePublished, { ...notice(6), roundId: closingRound, kind: 'award', name: '2026年度优秀公务员评选', candidates: [] });
    await until(districtReviewer, lacks(`application_recommend:${closingRound}:${early}`), 'the 待推荐 to close with the round');
    expect(await ids(bureauReviewer)).toEqual([]);
    await publish(SELECTION_EVENTS.applicationSubmitted, inRound(late));
    await publish(SELECTION_EVENTS.applicationSubmitted, inRound(early)); // redelivered
    await drained();
    expect(await ids(districtReviewer)).toEqual([]);
    expect(await ids(bureauReviewer)).toEqual([]);
  });

  it('the CSV shows the new kinds in Chinese; a rebuild replays SELECTION, gives the same inboxes and sends nothing again', async () => {
    await publish(SELECTION_EVENTS.objectionFiled, objection(randomUUID(), candidate, 9));
    await publish(SELECTION_EVENTS.appealFiled, appeal(randomUUID(), applicant, 1));
    await publish(SELECTION_EVENTS.applicationSubmitted, application(randomUUID(), 1));
    const ready = await until(assessor, (v) => v.counts.objection_handle === 1 && v.counts.appeal_decide === 1, 'open items to show');
    expect(ready.total).toBe(2);
    await until(bureauReviewer, (v) => v.counts.application_recommend === 1, 'the 待推荐 to show');
    const csv = await svc.request<ExportPage>(RPC.notifications.inbox, { format: 'csv' }, callerOf(assessor)).then((page) => ({ csv: exportCsv(page) }));
    const rows = csv.csv.replace('\uFEFF', '').split('\r\n').filter(Boolean);
    expect(rows.slice(1).map((r) => r.split(',')[0]).sort()).toEqual(['待处理申诉', '待核查异议']);
    expect(csv.csv).toContain(`《${roundName}》异议：李娜`);
    expect(csv.csv).not.toMatch(/objection_handle|appeal_decide|T\d{2}:\d{2}:\d{2}/);

    const who = [assessor, assessorCandidate, bureauReviewer, districtReviewer, otherReviewer, candidate, objector, applicant, admin];
    const before = await Promise.all(who.map((w) => ids(w)));
    const messagesBefore = await Promise.all(who.map((w) => kinds(w)));
    await svc.request(RPC.notifications.rebuild, {}, callerOf(admin));
    const status = await svc.app.get(InboxRebuild).settled();
    expect(status).toMatchObject({ running: false, error: null });
    expect(status.replayed).toBeGreaterThanOrEqual(20);
    expect(await Promise.all(who.map((w) => ids(w)))).toEqual(before);
    expect(await Promise.all(who.map((w) => kinds(w)))).toEqual(messagesBefore);
  });
});
