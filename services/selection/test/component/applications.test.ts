/**
 * 评先评优 applications in process: the selection service against a private NATS with JetStream and its own FerretDB
 * database, requests as the gateway sends them (the applicant and the records the gateway resolved).
 * city → district → bureauA, bureauB, bureauC (10 cadres each); city → outside (not in the round).
 */
import {
  RPC,
  applicationListSchema,
  applicationViewSchema,
  mySelectionViewSchema,
  roundViewSchema,
  type ApplicationView,
  type Problem,
  type RoundView,
  type SelectionApplicationV1,
} from '@cadre/contracts';
import { callerOf, department, sleep, startComponent, user, waitUntil, type Component, type DepartmentSeed, type UserSeed } from '@cadre/testing';
import { APPLICATIONS_PORT, type ApplicationsPort } from '../../src/applications/applications.port';

jest.setTimeout(240_000);

const selectionModule = (logger: import('pino').Logger) => import('../../src/app.module').then((m) => m.AppModule.register(logger));

const city = department('海口市');
const district = department('龙华区', city);
const bureauA = department('龙华区发改局', district);
const bureauB = department('龙华区财政局', district);
const bureauC = department('龙华区教育局', district);
const outside = department('美兰区发改局', city);

const cadresOf = (dept: DepartmentSeed, prefix: string) => Array.from({ length: 10 }, (_, i) => user(`${prefix}${i + 1}`, dept, ['cadre']));
const cadresA = cadresOf(bureauA, '发改干部');
const cadresB = cadresOf(bureauB, '财政干部');
const cadresC = cadresOf(bureauC, '教育干部');
/** The eleventh of bureauA, so that 30 cadres of 3 departments apply at once besides the first applicant. */
const latecomerA = user('发改干部11', bureauA, ['cadre']);
const reviewerA = user('冯审核', bureauA, ['reviewer']);
const reviewerB = user('孙审核', bureauB, ['reviewer']);
const reviewerDistrict = user('区审核', district, ['reviewer']);
/** A cadre of bureauA who is also its reviewer: never recommends their own application. */
const reviewerCadreA = user('郑兼职', bureauA, ['cadre', 'reviewer']);
const appraiserA = user('赵考核', bureauA, ['appraiser']);
const outsider = user('美兰干部', outside, ['cadre']);
const assessor = user('陈研判', city, ['assessor']);
const admin = user('管理员', city, ['admin']);

const records = [{ recordId: 'rec-1', title: '引进500强企业项目', itemCode: 'INVEST-03', itemName: '招商引资 / 500强企业引进', verifiedAt: '2026-03-01T02:00:00.000Z' }];

describe('award applications in process: submit, list, recommend, drawable', () => {
  let svc: Component;
  let port: ApplicationsPort;
  let round: RoundView;
  const as = (who: UserSeed) => callerOf(who);
  const applicantOf = (who: UserSeed) => ({ id: who.id, name: who.name, departmentId: who.department.id, departmentPath: who.department.path });
  const deptApplicant = (d: DepartmentSeed) => ({ id: d.id, name: d.name, departmentId: d.id, departmentPath: d.path });
  const cadreBody = (award = '优秀公务员') => ({ applicantType: 'cadre', award, statement: '全年牵头完成重点项目五项，招商引资成效突出', recordIds: ['rec-1'] });
  const apply = (who: UserSeed, roundId = round.id, body: Record<string, unknown> = cadreBody(), applicant: unknown = applicantOf(who)) =>
    svc.request<ApplicationView>(RPC.selection.applicationSubmit, { roundId, body, applicant, records }, as(who));
  const applyRefusal = (who: UserSeed, roundId = round.id, body: Record<string, unknown> = cadreBody(), applicant: unknown = applicantOf(who)) =>
    svc.refusal(RPC.selection.applicationSubmit, { roundId, body, applicant, records }, as(who));
  const list = (who: UserSeed, query: Record<string, unknown> = {}, roundId = round.id) => svc.request<{ items: ApplicationView[]; total: number }>(RPC.selection.applicationList, { roundId, query }, as(who));
  const recommend = (who: UserSeed, applicationId: string, body: unknown) => svc.request<ApplicationView>(RPC.selection.applicationRecommend, { roundId: round.id, applicationId, body }, as(who));
  const recommendRefusal = (who: UserSeed, applicationId: string, body: unknown, roundId = round.id) => svc.refusal(RPC.selection.applicationRecommend, { roundId, applicationId, body }, as(who));
  const createRound = (body: Record<string, unknown>) => svc.request<RoundView>(RPC.selection.roundCreate, body, as(assessor));
  const paths = (p: Problem) => (p.errors ?? []).map((e) => e.path).sort();
  /** The application's events once `count` are out (the relay publishes just after the write), and a moment more for any extra. */
  const eventsOf = async (applicationId: string, count: number) => {
    const read = async () => (await svc.published<SelectionApplicationV1>('selection.application.>')).filter((e) => e.data.applicationId === applicationId);
    await waitUntil(async () => (await read()).length >= count, { what: `${count} events of application ${applicationId}` });
    await sleep(200);
    return read();
  };
  const farFuture = '2099-12-31';

  beforeAll(async () => {
    // The deadline-day crowd below waits its turn per department rather than being turned away (503) after 300 ms.
    svc = await startComponent({ service: 'selection', module: selectionModule, env: { RPC_MAX_QUEUE_WAIT_MS: '30000' } });
    await svc.seedDirectory({
      departments: [city, district, bureauA, bureauB, bureauC, outside],
      users: [...cadresA, latecomerA, ...cadresB, ...cadresC, reviewerA, reviewerB, reviewerDistrict, reviewerCadreA, appraiserA, outsider, assessor, admin],
    });
    port = svc.app.get(APPLICATIONS_PORT, { strict: false });
    round = roundViewSchema.parse(
      await createRound({ kind: 'award', name: '2026年度评先评优', positions: [{ name: '优秀公务员', count: 10 }, { name: '先进集体', count: 2 }], departmentIds: [district.id], applyUntil: farFuture }),
    );
    expect(round.status).toBe('applying');
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('a cadre applies for themselves → 待推荐, with the records read; selection.application.submitted once; in 我的 and the round’s count', async () => {
    const mine = applicationViewSchema.parse(await apply(cadresA[0]!));
    expect(mine).toMatchObject({
      roundId: round.id,
      roundName: '2026年度评先评优',
      applicantType: 'cadre',
      applicantId: cadresA[0]!.id,
      applicantName: '发改干部1',
      departmentId: bureauA.id,
      departmentName: '龙华区发改局',
      award: '优秀公务员',
      status: 'submitted',
      statusLabel: '待推荐',
      recommendation: null,
      drawn: false,
      submittedBy: { id: cadresA[0]!.id, name: '发改干部1' },
      version: 1,
      records,
    });
    const events = await eventsOf(mine.id, 1);
    expect(events.map((e) => e.type)).toEqual(['selection.application.submitted']);
    expect(events[0]!.data).toMatchObject({ roundId: round.id, roundName: '2026年度评先评优', applicantType: 'cadre', applicantId: cadresA[0]!.id, submittedBy: cadresA[0]!.id, departmentId: bureauA.id, departmentPath: bureauA.path, award: '优秀公务员', status: 'submitted', version: 1 });

    const my = mySelectionViewSchema.parse(await svc.request(RPC.selection.mine, {}, as(cadresA[0]!)));
    expect(my.applications.map((a) => a.id)).toEqual([mine.id]);
    expect((await svc.request<RoundView>(RPC.selection.roundGet, { roundId: round.id }, as(assessor))).counts.applications).toBe(1);
    expect(await port.count(round.id)).toBe(1);
    expect((await port.byKeys([`${round.id}:${mine.id}`, `${round.id}:missing`, 'garbage'])).map((a) => a.id)).toEqual([mine.id]);
  });

  it('400 names every offending field (the award among the round’s too); 404 for an unknown round', async () => {
    const bad = await applyRefusal(cadresA[1]!, round.id, { applicantType: 'cadre', award: '劳动模范', statement: ' ', extra: 1 });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['award', 'extra', 'statement']);
    expect(paths(await applyRefusal(reviewerA, round.id, { applicantType: 'department', award: '先进集体', statement: '全局工作成效突出' }, deptApplicant(bureauA)))).toEqual(['departmentId']);
    expect(paths(await applyRefusal(cadresA[1]!, round.id, { ...cadreBody(), departmentId: bureauA.id }))).toEqual(['departmentId']);
    expect((await applyRefusal(cadresA[1]!, 'no-such-round')).status).toBe(404);
    expect((await applyRefusal(cadresA[1]!, '../etc')).status).toBe(404);
  });

  it('403: a cadre only for themselves, a department only by a reviewer of its subtree, the applicant within the round’s departments', async () => {
    expect((await applyRefusal(cadresA[1]!, round.id, cadreBody(), applicantOf(cadresA[2]!))).status).toBe(403);
    expect((await applyRefusal(reviewerA, round.id, cadreBody())).status).toBe(403);
    expect((await applyRefusal(appraiserA, round.id, cadreBody())).status).toBe(403);
    const forA = { applicantType: 'department', departmentId: bureauA.id, award: '先进集体', statement: '全局工作成效突出' };
    expect((await applyRefusal(cadresA[1]!, round.id, forA, deptApplicant(bureauA))).status).toBe(403);
    expect((await applyRefusal(reviewerB, round.id, forA, deptApplicant(bureauA))).status).toBe(403);
    expect((await applyRefusal(assessor, round.id, forA, deptApplicant(bureauA))).status).toBe(403);
    expect((await applyRefusal(outsider, round.id, cadreBody())).status).toBe(403);
  });

  it('409: a second application of the same applicant and award, a round that is not an award round, after applyUntil', async () => {
    expect((await applyRefusal(cadresA[0]!)).status).toBe(409);
    // Another award is another application.
    expect((await apply(cadresA[0]!, round.id, cadreBody('先进集体'))).award).toBe('先进集体');
    const promotion = await createRound({ kind: 'promotion', name: '2026年提拔使用', positions: [{ name: '区发改委副主任', count: 1 }], departmentIds: [district.id] });
    expect((await applyRefusal(cadresA[1]!, promotion.id, { ...cadreBody('区发改委副主任') })).status).toBe(409);
    const closed = await createRound({ kind: 'award', name: '2020年度评先评优', positions: [{ name: '优秀公务员', count: 1 }], departmentIds: [district.id], applyUntil: '2020-12-31' });
    const late = await applyRefusal(cadresA[1]!, closed.id);
    expect(late.status).toBe(409);
    expect(late.detail).toContain('2020-12-31');
    // A refused submission keeps nothing.
    expect(await port.count(closed.id)).toBe(0);
  });

  it('a reviewer applies for a department of their subtree (先进集体); another reviewer of the subtree recommends, not the submitter', async () => {
    const team = applicationViewSchema.parse(await apply(reviewerDistrict, round.id, { applicantType: 'department', departmentId: bureauB.id, award: '先进集体', statement: '财政保障有力，全年无差错', recordIds: [] }, deptApplicant(bureauB)));
    expect(team).toMatchObject({ applicantType: 'department', applicantId: bureauB.id, applicantName: '龙华区财政局', departmentId: bureauB.id, departmentName: '龙华区财政局', submittedBy: { id: reviewerDistrict.id } });
    expect((await recommendRefusal(reviewerDistrict, team.id, { recommend: true, comment: '同意推荐' })).status).toBe(403);
    expect((await recommend(reviewerB, team.id, { recommend: true, comment: '同意推荐' })).status).toBe('recommended');
    expect((await svc.request(RPC.selection.mine, {}, as(reviewerDistrict))).applications.map((a: ApplicationView) => a.id)).toEqual([team.id]);
  });

  it('30 cadres of 3 departments apply at once: every application kept, each announced once', async () => {
    const crowd = [...cadresA.slice(1), latecomerA, ...cadresB, ...cadresC];
    expect(crowd).toHaveLength(30);
    const before = (await list(assessor)).total;
    const results = await Promise.allSettled(crowd.map((c) => apply(c)));
    const failed = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    expect(failed).toEqual([]);
    const ids = results.map((r) => (r as PromiseFulfilledResult<ApplicationView>).value.id);
    expect(new Set(ids).size).toBe(crowd.length);
    const all = applicationListSchema.parse(await list(assessor));
    expect(all.total).toBe(before + crowd.length);
    expect(await port.count(round.id)).toBe(all.total);
    expect(ids.every((id) => all.items.some((a) => a.id === id))).toBe(true);
    const announced = async () => (await svc.published<SelectionApplicationV1>('selection.application.submitted')).filter((e) => ids.includes(e.data.applicationId));
    await waitUntil(async () => (await announced()).length >= crowd.length, { what: 'every application announced' });
    await sleep(200);
    const submitted = await announced();
    expect(submitted).toHaveLength(crowd.length);
    expect(new Set(submitted.map((e) => e.data.applicationId)).size).toBe(crowd.length);
    const byDepartment = (d: DepartmentSeed) => all.items.filter((a) => a.departmentId === d.id && a.applicantType === 'cadre' && a.award === '优秀公务员').length;
    expect([byDepartment(bureauA), byDepartment(bureauB), byDepartment(bureauC)]).toEqual([11, 10, 10]);
  });

  it('lists: reviewers their subtree (a department outside it 403), assessors and admins all, others 403; filters', async () => {
    const seenBy = async (who: UserSeed, query: Record<string, unknown> = {}) => new Set((await list(who, query)).items.map((a) => a.departmentId));
    expect([...(await seenBy(reviewerA))]).toEqual([bureauA.id]);
    expect([...(await seenBy(reviewerDistrict))].sort()).toEqual([bureauA.id, bureauB.id, bureauC.id].sort());
    expect([...(await seenBy(admin))].sort()).toEqual([bureauA.id, bureauB.id, bureauC.id].sort());
    expect([...(await seenBy(reviewerDistrict, { departmentId: bureauC.id }))]).toEqual([bureauC.id]);
    expect([...(await seenBy(assessor, { departmentId: district.id }))].sort()).toEqual([bureauA.id, bureauB.id, bureauC.id].sort());
    expect((await svc.refusal(RPC.selection.applicationList, { roundId: round.id, query: { departmentId: bureauB.id } }, as(reviewerA))).status).toBe(403);
    for (const who of [cadresA[0]!, appraiserA]) expect((await svc.refusal(RPC.selection.applicationList, { roundId: round.id, query: {} }, as(who))).status).toBe(403);
    expect((await svc.refusal(RPC.selection.applicationList, { roundId: 'no-such-round', query: {} }, as(assessor))).status).toBe(404);
    expect(paths(await svc.refusal(RPC.selection.applicationList, { roundId: round.id, query: { status: 'drawn', departmentId: 'a b' } }, as(assessor)))).toEqual(['departmentId', 'status']);
    const recommended = await list(assessor, { status: 'recommended' });
    expect(recommended.items.map((a) => a.applicantName)).toEqual(['龙华区财政局']);
    const all = await list(assessor);
    const times = all.items.map((a) => Date.parse(a.submittedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('recommends: a reviewer of the applicant’s subtree, not the applicant; may change until drawn; 400/403/404; each change announced', async () => {
    const own = await apply(reviewerCadreA);
    expect((await recommendRefusal(reviewerCadreA, own.id, { recommend: true, comment: '自荐' })).status).toBe(403);
    const target = (await list(assessor, { departmentId: bureauA.id })).items.find((a) => a.applicantId === cadresA[1]!.id)!;
    expect((await recommendRefusal(reviewerB, target.id, { recommend: true, comment: '同意推荐' })).status).toBe(403);
    expect((await recommendRefusal(assessor, target.id, { recommend: true, comment: '同意推荐' })).status).toBe(403);
    expect((await recommendRefusal(cadresA[2]!, target.id, { recommend: true, comment: '同意推荐' })).status).toBe(403);
    expect(paths(await recommendRefusal(reviewerA, target.id, { recommend: 'yes', comment: '', more: 1 }))).toEqual(['comment', 'more', 'recommend']);
    expect((await recommendRefusal(reviewerA, 'no-such-application', { recommend: true, comment: '同意推荐' })).status).toBe(404);
    expect((await recommendRefusal(reviewerA, target.id, { recommend: true, comment: '同意推荐' }, 'no-such-round')).status).toBe(404);

    const no = applicationViewSchema.parse(await recommend(reviewerA, target.id, { recommend: false, comment: '实绩材料不足' }));
    expect(no).toMatchObject({ status: 'not_recommended', statusLabel: '未推荐', version: 2, recommendation: { recommend: false, comment: '实绩材料不足', by: { id: reviewerA.id, name: '冯审核' } } });
    const yes = await recommend(reviewerDistrict, target.id, { recommend: true, comment: '补充材料后同意推荐' });
    expect(yes).toMatchObject({ status: 'recommended', statusLabel: '已推荐', version: 3, recommendation: { recommend: true, by: { id: reviewerDistrict.id } } });
    const events = await eventsOf(target.id, 3);
    expect(events.map((e) => [e.type, e.data.status, e.data.version])).toEqual([
      ['selection.application.submitted', 'submitted', 1],
      ['selection.application.recommended', 'not_recommended', 2],
      ['selection.application.recommended', 'recommended', 3],
    ]);
  });

  it('drawable: the recommended not drawn (the organisation department only); marked drawn (idempotent), no longer drawable nor re-recommended', async () => {
    expect((await svc.refusal(RPC.selection.drawable, { roundId: round.id }, as(reviewerA))).status).toBe(403);
    expect((await svc.refusal(RPC.selection.drawable, { roundId: 'no-such-round' }, as(assessor))).status).toBe(404);
    const drawable = await svc.request<ApplicationView[]>(RPC.selection.drawable, { roundId: round.id }, as(assessor));
    expect(drawable.map((a) => a.applicantName).sort()).toEqual(['发改干部2', '龙华区财政局'].sort());
    expect(drawable.every((a) => a.status === 'recommended' && !a.drawn)).toBe(true);
    expect(await port.drawable(round.id)).toEqual(drawable);

    const sheetVersions = async () => (await svc.db.collection<{ _id: string; version: number }>('applications').find({}).toArray()).map((s) => `${s._id}@${s.version}`).sort();
    await port.markDrawn(round.id, drawable.map((a) => a.id));
    const after = await sheetVersions();
    await port.markDrawn(round.id, [...drawable.map((a) => a.id), 'not-an-application']);
    expect(await sheetVersions()).toEqual(after);
    expect(await port.drawable(round.id)).toEqual([]);
    const drawn = await port.byKeys(drawable.map((a) => `${round.id}:${a.id}`));
    expect(drawn.every((a) => a.drawn && a.status === 'recommended')).toBe(true);
    const target = drawable.find((a) => a.applicantType === 'cadre')!;
    expect((await recommendRefusal(reviewerA, target.id, { recommend: false, comment: '改为不推荐' })).status).toBe(409);
    expect((await eventsOf(target.id, 2)).filter((e) => e.type === 'selection.application.recommended')).toHaveLength(2);
  });
});
