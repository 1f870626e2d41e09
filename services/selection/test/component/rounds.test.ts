/**
 * Rounds (选人用人) in process: the service against a private NATS with JetStream and its own FerretDB database,
 * requests as the gateway sends them (the draw with DrawnCandidate objects built here, as the gateway composes them),
 * the directory replica fed with the gateway's events. The notice window is 4 s (SELECTION_NOTICE_WINDOW).
 * city → district → bureauA (王海军, 李红梅), bureauB (周文斌, 群众甲); city → district2 → bureauX (外区干部).
 */
process.env.SELECTION_NOTICE_WINDOW = '4s';

import {
  RPC,
  SELECTION_EVENTS,
  mySelectionViewSchema,
  noticeListSchema,
  outcomeListSchema,
  roundPageSchema,
  roundViewSchema,
  type DrawnCandidate,
  type MySelectionView,
  type NoticeView,
  type Problem,
  type RoundView,
  type SelectionConcludedV1,
  type SelectionNoticeV1,
  type SelectionObjectionV1,
} from '@cadre/contracts';
import { callerOf, department, sleep, startComponent, user, type Component, type UserSeed } from '@cadre/testing';

jest.setTimeout(180_000);

const selectionModule = (logger: import('pino').Logger) => import('../../src/app.module').then((m) => m.AppModule.register(logger));

const city = department('海口市');
const district = department('龙华区', city);
const bureauA = department('龙华区发改局', district);
const bureauB = department('龙华区财政局', district);
const district2 = department('美兰区', city);
const bureauX = department('美兰区发改局', district2);

const c1 = user('王海军', bureauA, ['cadre'], { title: '科长', rankLevel: 'section' });
const c2 = user('李红梅', bureauA, ['cadre'], { title: '副科长', rankLevel: 'section' });
const c3 = user('周文斌', bureauB, ['cadre'], { title: '科长', rankLevel: 'section' });
const outsider = user('外区干部', bureauX, ['cadre'], { rankLevel: 'section' });
const objector1 = user('群众甲', bureauB, ['cadre']);
const objector2 = user('群众乙', bureauX, ['cadre']);
const reviewer = user('冯审核', bureauA, ['reviewer']);
const assessor = user('陈研判', city, ['assessor']);
const admin = user('管理员', city, ['admin']);

const A = '区发改委副主任';
const B = '区财政局副局长';

/** A candidate as the gateway hands it over: the shortlist's row frozen. */
function drawn(who: UserSeed, points: number, overrides: Partial<DrawnCandidate> = {}): DrawnCandidate {
  return {
    type: 'cadre',
    candidateId: who.id,
    name: who.name,
    departmentId: who.department.id,
    departmentName: who.department.name,
    departmentPath: who.department.path,
    rankLevel: who.rankLevel ?? null,
    title: who.title ?? '',
    applicationId: null,
    evidence: {
      capturedAt: new Date().toISOString(),
      period: '2026',
      points,
      byItem: { INVEST: points - 10, 'INVEST-03': points - 10, TASK: 10 },
      cityRank: 2,
      cityCadres: 40,
      topDecile: points > 100,
      evidence: {
        records: [{ recordId: `rec-${who.id.slice(0, 6)}`, title: '引进500强企业区域总部', itemCode: 'INVEST-03', rating: 'excellent', impactLevel: 'city', verifiedAt: '2026-03-02T03:00:00.000Z', points: 40 }],
        tasks: [],
        ratings: { excellent: 1, good: 0, pass: 0 } as never,
        verifiedRecords: 3,
        concludedTasks: 1,
      },
      grades: [{ cycleId: 'cy1', cycleName: '2025年度考核', kind: 'annual', kindLabel: '年度考核', period: '2025', grade: 'excellent', gradeLabel: '优秀' }],
      satisfaction: 96,
    },
    ...overrides,
  };
}

describe('selection rounds in process: draw, 考察, decisions, 任前公示, objections, conclusion, outcomes', () => {
  let svc: Component;
  const as = (who: UserSeed) => callerOf(who);
  const call = <T = RoundView>(pattern: string, payload: unknown, who: UserSeed) => svc.request<T>(pattern, payload, as(who));
  const refusal = (pattern: string, payload: unknown, who: UserSeed) => svc.refusal(pattern, payload, as(who));
  const paths = (p: Problem) => (p.errors ?? []).map((e) => e.path).sort();
  const mine = async (who: UserSeed) => mySelectionViewSchema.parse(await call<MySelectionView>(RPC.selection.mine, {}, who));
  const roundEvents = async (roundId: string) => (await svc.published<{ roundId: string }>('selection.>')).filter((e) => e.data.roundId === roundId);

  let round: RoundView;

  beforeAll(async () => {
    svc = await startComponent({ service: 'selection', module: selectionModule, env: { SELECTION_NOTICE_WINDOW: '4s' } });
    await svc.seedDirectory({ departments: [city, district, bureauA, bureauB, district2, bureauX], users: [c1, c2, c3, outsider, objector1, objector2, reviewer, assessor, admin] });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('opens a round: only the organisation department; 400 naming the fields; round.opened once', async () => {
    const body = { kind: 'promotion', name: '2026年龙华区提拔使用', positions: [{ name: A, count: 1 }, { name: B, count: 1 }], departmentIds: [district.id], rankLevel: 'section' };
    expect((await refusal(RPC.selection.roundCreate, body, reviewer)).status).toBe(403);
    expect((await refusal(RPC.selection.roundCreate, body, c1)).status).toBe(403);
    expect(paths(await refusal(RPC.selection.roundCreate, { ...body, departmentIds: [district.id, 'no-such-department'] }, assessor))).toEqual(['departmentIds.1']);
    expect(paths(await refusal(RPC.selection.roundCreate, { ...body, applyUntil: '2026-12-01', extra: 1 }, assessor))).toEqual(['applyUntil', 'extra']);
    expect(paths(await refusal(RPC.selection.roundCreate, { ...body, kind: 'award' }, assessor))).toEqual(['applyUntil']);
    round = roundViewSchema.parse(await call(RPC.selection.roundCreate, body, assessor));
    expect(round).toMatchObject({
      status: 'inspecting',
      statusLabel: '考察中',
      kindLabel: '提拔使用',
      noticeDays: 5,
      rankLabel: '科级',
      departments: [{ id: district.id, name: '龙华区' }],
      positions: [{ name: A, count: 1, selected: 0 }, { name: B, count: 1, selected: 0 }],
      openedBy: { id: assessor.id, name: '陈研判' },
      version: 1,
    });
    expect(round.history.map((h) => [h.actionLabel, h.by.name, h.detail])).toEqual([['发起', '陈研判', `发起提拔使用：${A} 1 名、${B} 1 名`]]);
    const opened = (await roundEvents(round.id)).filter((e) => e.type === SELECTION_EVENTS.roundOpened);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.data).toMatchObject({ kind: 'promotion', status: 'inspecting', version: 1, openedBy: assessor.id, departmentIds: [district.id] });

    // Reads: the organisation department only; 404 for an unknown or malformed id.
    expect((await refusal(RPC.selection.roundGet, { roundId: round.id }, c1)).status).toBe(403);
    expect((await refusal(RPC.selection.roundList, {}, reviewer)).status).toBe(403);
    expect((await refusal(RPC.selection.roundGet, { roundId: '00000000-0000-4000-8000-000000000000' }, admin)).status).toBe(404);
    expect((await refusal(RPC.selection.roundGet, { roundId: 'not an id!' }, admin)).status).toBe(404);
    const page = roundPageSchema.parse(await call(RPC.selection.roundList, { status: 'inspecting' }, admin));
    expect(page.items.map((r) => r.id)).toContain(round.id);
    expect(page.items[0]).not.toHaveProperty('candidates');
  });

  it('draws within the round’s departments (400 naming cadreIds.<i>); a candidate drawn again keeps the first evidence', async () => {
    const draw = (candidates: DrawnCandidate[], who: UserSeed = assessor) => call(RPC.selection.draw, { roundId: round.id, source: 'shortlist', candidates }, who);
    expect((await refusal(RPC.selection.draw, { roundId: round.id, source: 'shortlist', candidates: [drawn(c1, 120)] }, reviewer)).status).toBe(403);
    const outside = await refusal(RPC.selection.draw, { roundId: round.id, source: 'shortlist', candidates: [drawn(c1, 120), drawn(outsider, 90)] }, assessor);
    expect(outside.status).toBe(400);
    expect(paths(outside)).toEqual(['cadreIds.1']);
    expect((await refusal(RPC.selection.draw, { roundId: round.id, source: 'shortlist', candidates: [{ name: '缺字段' }] }, assessor)).status).toBe(400);
    round = roundViewSchema.parse(await draw([drawn(c1, 120), drawn(c2, 95), drawn(c3, 88)]));
    expect(round.candidates.map((c) => [c.name, c.statusLabel, c.source, c.evidence.points])).toEqual([
      ['王海军', '考察对象', 'shortlist', 120],
      ['李红梅', '考察对象', 'shortlist', 95],
      ['周文斌', '考察对象', 'shortlist', 88],
    ]);
    const again = roundViewSchema.parse(await draw([drawn(c1, 10, { title: '改了' })]));
    expect(again.candidates.find((c) => c.candidateId === c1.id)).toMatchObject({ title: '科长', evidence: { points: 120 } });
    expect(again.version).toBe(round.version);
    expect((await mine(c1)).candidacies).toEqual([expect.objectContaining({ roundId: round.id, status: 'inspecting', statusLabel: '考察中', position: null, noticeEndsAt: null })]);
  });

  it('考察 notes and decisions: 400 naming position, 404 for one not drawn, 403 for the wrong role', async () => {
    const inspect = (candidateId: string, body: unknown) => ({ roundId: round.id, candidateId, body });
    const i = inspect(c1.id, { note: '群众公认度高，实绩突出' });
    round = await call(RPC.selection.inspect, i, assessor);
    expect(round.candidates[0]!.inspection).toEqual([expect.objectContaining({ note: '群众公认度高，实绩突出', by: { id: assessor.id, name: '陈研判' } })]);
    expect((await refusal(RPC.selection.inspect, inspect(outsider.id, { note: '无' }), assessor)).status).toBe(404);
    expect((await refusal(RPC.selection.inspect, inspect(c1.id, { note: '无' }), reviewer)).status).toBe(403);
    expect(paths(await refusal(RPC.selection.inspect, inspect(c1.id, { note: ' ' }), assessor))).toEqual(['note']);

    const decide = (who: UserSeed, body: unknown) => ({ roundId: round.id, candidateId: who.id, body });
    expect(paths(await refusal(RPC.selection.decide, decide(c1, { selected: true, reason: '实绩突出' }), assessor))).toEqual(['position']);
    expect(paths(await refusal(RPC.selection.decide, decide(c1, { selected: true, reason: '实绩突出', position: '局长' }), assessor))).toEqual(['position']);
    expect((await refusal(RPC.selection.decide, decide(c1, { selected: true, reason: '实绩突出', position: A }), c2)).status).toBe(403);
    expect((await refusal(RPC.selection.decide, decide(outsider, { selected: false, reason: '无' }), assessor)).status).toBe(404);
  });

  it('two decisions for the last place at once: one wins, the other is 409 naming the position', async () => {
    const results = await Promise.allSettled([
      call(RPC.selection.decide, { roundId: round.id, candidateId: c1.id, body: { selected: true, reason: '实绩突出，全市前10%', position: A } }, assessor),
      call(RPC.selection.decide, { roundId: round.id, candidateId: c2.id, body: { selected: true, reason: '表现良好', position: A } }, admin),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toMatchObject({ status: 409 });
    expect((lost[0]!.reason as Problem).detail).toContain(A);
    round = await call(RPC.selection.roundGet, { roundId: round.id }, admin);
    expect(round.positions.find((p) => p.name === A)!.selected).toBe(1);
    // Whoever won, make it 王海军 for the rest: a decision may change until the notice.
    const winner = round.candidates.find((c) => c.status === 'selected')!;
    if (winner.candidateId !== c1.id) {
      await call(RPC.selection.decide, { roundId: round.id, candidateId: c2.id, body: { selected: false, reason: '调整' } }, assessor);
      await call(RPC.selection.decide, { roundId: round.id, candidateId: c1.id, body: { selected: true, reason: '实绩突出，全市前10%', position: A } }, assessor);
    }
    round = await call(RPC.selection.decide, { roundId: round.id, candidateId: c2.id, body: { selected: false, reason: '本次职位数有限' } }, assessor);
    // The notice waits for 周文斌, named.
    const undecided = await refusal(RPC.selection.publishNotice, { roundId: round.id, body: {} }, assessor);
    expect(undecided.status).toBe(409);
    expect(undecided.detail).toContain('周文斌');
    round = await call(RPC.selection.decide, { roundId: round.id, candidateId: c3.id, body: { selected: true, reason: '财政工作经验丰富', position: B } }, assessor);
    expect(round.counts).toMatchObject({ candidates: 3, undecided: 0, selected: 2, withdrawn: 0 });
    // Before the notice, a candidate sees nothing of the decision.
    for (const who of [c1, c2, c3]) expect((await mine(who)).candidacies[0]).toMatchObject({ status: 'inspecting', position: null });
  });

  it('the notice, objections from two people at once, conclusion refused while they are open and before the end, then concluded', async () => {
    expect((await refusal(RPC.selection.publishNotice, { roundId: round.id, body: {} }, c1)).status).toBe(403);
    round = roundViewSchema.parse(await call(RPC.selection.publishNotice, { roundId: round.id, body: {} }, assessor));
    expect(round).toMatchObject({ status: 'notice', statusLabel: '公示中', notice: { days: 5, publishedBy: { id: assessor.id } } });
    expect(round.decidedAt).toBe(round.notice!.startsAt);
    const endsAt = Date.parse(round.notice!.endsAt);
    expect(endsAt - Date.parse(round.notice!.startsAt)).toBe(4_000);

    // Two objectors at once: both kept (the round's lock serialises them).
    const file = (who: UserSeed, candidate: UserSeed, reason: string) => call<{ id: string; status: string }>(RPC.selection.objectionFile, { roundId: round.id, body: { candidateId: candidate.id, reason } }, who);
    const [o1, o2] = await Promise.all([file(objector1, c1, '该同志在项目招商中存在违规承诺问题'), file(objector2, c3, '该同志工作作风有群众反映')]);
    expect(o1).toEqual({ id: expect.any(String), status: 'open' });
    expect(o2.status).toBe('open');
    // The candidate may not object to themselves; one not in the notice is 404; a bad reason 400.
    const self = await refusal(RPC.selection.objectionFile, { roundId: round.id, body: { candidateId: c1.id, reason: '我对自己有意见啊' } }, c1);
    expect(self.status).toBe(403);
    expect((await refusal(RPC.selection.objectionFile, { roundId: round.id, body: { candidateId: c2.id, reason: '未入选的人也有问题' } }, objector1)).status).toBe(404);
    expect(paths(await refusal(RPC.selection.objectionFile, { roundId: round.id, body: { candidateId: c1.id, reason: '不同意' } }, objector1))).toEqual(['reason']);

    const conclusion = await refusal(RPC.selection.conclude, { roundId: round.id }, assessor);
    expect(conclusion.status).toBe(409);
    expect(conclusion.detail).toContain('尚有 2 条异议未答复（王海军、周文斌）');
    expect(conclusion.detail).toContain('公示期至');

    // What everybody reads: no objector, no reason, no 考察 note, no decision reason.
    const notices = noticeListSchema.parse(await call(RPC.selection.notices, {}, c2));
    const notice = notices.items.find((n) => n.roundId === round.id) as NoticeView;
    expect(notice).toMatchObject({ status: 'notice', statusLabel: '公示中', open: true });
    expect(notice.candidates.map((c) => [c.name, c.position, c.statusLabel])).toEqual([['王海军', A, '公示中'], ['周文斌', B, '公示中']]);
    expect(notice.candidates[0]!.summary).toEqual({
      points: 120,
      verifiedRecords: 3,
      concludedTasks: 1,
      topItems: [{ code: 'INVEST', name: '招商引资', points: 110 }, { code: 'TASK', name: '揭榜挂帅', points: 10 }],
      records: [{ title: '引进500强企业区域总部', itemName: expect.stringContaining('招商引资 / '), verifiedAt: '2026-03-02' }],
      grades: ['年度考核 优秀（2025）'],
    });
    const json = JSON.stringify(notices);
    for (const secret of [objector1.id, objector1.name, objector2.id, objector2.name, '违规承诺', '群众公认度高', '实绩突出，全市前10%']) expect(json).not.toContain(secret);

    // The candidate sees 公示中 and never an objection; the objector their own objection.
    const mineC1 = await mine(c1);
    expect(mineC1.candidacies[0]).toMatchObject({ status: 'in_notice', statusLabel: '公示中', position: A, noticeEndsAt: round.notice!.endsAt });
    expect(mineC1.objections).toEqual([]);
    expect(JSON.stringify(mineC1)).not.toContain('违规承诺');
    expect((await mine(c2)).candidacies[0]).toMatchObject({ status: 'not_selected', position: null });
    expect((await mine(objector1)).objections).toEqual([expect.objectContaining({ id: o1.id, roundName: '2026年龙华区提拔使用', candidateName: '王海军', status: 'open', statusLabel: '待核查', answer: null })]);

    // The organisation department sees both objections with their objectors.
    round = await call(RPC.selection.roundGet, { roundId: round.id }, admin);
    expect(round.objections.map((o) => [o.candidateName, o.filedBy.name, o.filedBy.departmentName, o.statusLabel]).sort()).toEqual([
      ['周文斌', '群众乙', '美兰区发改局', '待核查'],
      ['王海军', '群众甲', '龙华区财政局', '待核查'],
    ]);
    expect(JSON.stringify(round.history)).not.toContain('群众甲');
    expect(JSON.stringify(round.history)).not.toContain(objector1.id);

    // Investigation and answers: the organisation department only; 409 for a second answer.
    const ids = { roundId: round.id, objectionId: o1.id };
    expect((await refusal(RPC.selection.objectionInvestigate, { ...ids, body: { note: '调取材料' } }, c2)).status).toBe(403);
    expect((await refusal(RPC.selection.objectionInvestigate, { roundId: round.id, objectionId: 'no-such', body: { note: '调取材料' } }, assessor)).status).toBe(404);
    round = await call(RPC.selection.objectionInvestigate, { ...ids, body: { note: '调取招商协议核查' } }, assessor);
    expect(round.objections.find((o) => o.id === o1.id)).toMatchObject({ status: 'investigating', statusLabel: '核查中' });
    expect(paths(await refusal(RPC.selection.objectionAnswer, { ...ids, body: { outcome: 'rejected', answer: '不属实', withdrawCandidate: true } }, assessor))).toEqual(['withdrawCandidate']);
    round = await call(RPC.selection.objectionAnswer, { ...ids, body: { outcome: 'upheld', answer: '经核查，反映问题属实', withdrawCandidate: true } }, assessor);
    expect(round.candidates.find((c) => c.candidateId === c1.id)).toMatchObject({ status: 'withdrawn', statusLabel: '已撤回' });
    expect((await refusal(RPC.selection.objectionAnswer, { ...ids, body: { outcome: 'rejected', answer: '再答一次' } }, assessor)).status).toBe(409);
    round = await call(RPC.selection.objectionAnswer, { roundId: round.id, objectionId: o2.id, body: { outcome: 'rejected', answer: '经核查，反映问题不属实' } }, admin);
    expect(round.counts).toMatchObject({ openObjections: 0, withdrawn: 1, selected: 1 });
    expect((await mine(c1)).candidacies[0]).toMatchObject({ status: 'withdrawn', statusLabel: '已撤回' });

    // Still before the end: refused, naming the end.
    if (Date.now() < endsAt - 300) expect((await refusal(RPC.selection.conclude, { roundId: round.id }, assessor)).detail).toMatch(/^不能办结：公示期至 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 结束$/);
    await sleep(Math.max(0, endsAt - Date.now() + 100));
    expect((await refusal(RPC.selection.objectionFile, { roundId: round.id, body: { candidateId: c3.id, reason: '公示期后补充反映' } }, objector1)).status).toBe(409);
    expect((await refusal(RPC.selection.conclude, { roundId: round.id }, c3)).status).toBe(403);
    round = roundViewSchema.parse(await call(RPC.selection.conclude, { roundId: round.id }, assessor));
    expect(round).toMatchObject({ status: 'concluded', statusLabel: '已完成', concludedBy: { id: assessor.id, name: '陈研判' } });
    expect((await refusal(RPC.selection.conclude, { roundId: round.id }, assessor)).status).toBe(409);
    expect((await refusal(RPC.selection.objectionFile, { roundId: round.id, body: { candidateId: c3.id, reason: '办结后补充反映' } }, objector1)).status).toBe(409);
    expect(round.history.map((h) => h.action).filter((a) => a !== 'decide')).toEqual(['open', 'draw', 'inspect', 'publish_notice', 'object', 'object', 'investigate', 'answer_objection', 'withdraw', 'answer_objection', 'conclude']);
    expect(round.history.at(-1)!.detail).toBe('办结，确定 1 名：周文斌');
    expect(round.history.filter((h) => h.action === 'object').map((h) => h.by.name)).toEqual(['异议人', '异议人']);
  });

  it('after the conclusion: statuses in mine, outcomes by period, department and kind, each event once, the objector only in objection.answered', async () => {
    expect((await mine(c3)).candidacies[0]).toMatchObject({ status: 'confirmed', statusLabel: '已确定', position: B });
    expect((await mine(c1)).candidacies[0]).toMatchObject({ status: 'withdrawn' });
    expect((await mine(c2)).candidacies[0]).toMatchObject({ status: 'not_selected' });
    expect((await mine(objector1)).objections[0]).toMatchObject({ status: 'upheld', statusLabel: '属实', answer: '经核查，反映问题属实' });

    const outcomes = async (query: Record<string, unknown>) => outcomeListSchema.parse(await call(RPC.selection.outcomes, query, admin));
    const year = String(new Date(Date.now() + 8 * 3_600_000).getUTCFullYear());
    const all = await outcomes({ period: year });
    expect(all.items.map((o) => [o.name, o.position, o.kindLabel, o.points, o.topDecile, o.decidedBy.name])).toEqual([['周文斌', B, '提拔使用', 88, false, '陈研判']]);
    expect(all.total).toBe(1);
    expect((await outcomes({ departmentId: bureauB.id })).total).toBe(1);
    expect((await outcomes({ departmentId: bureauA.id })).total).toBe(0);
    expect((await outcomes({ kind: 'awarded' })).total).toBe(0);
    expect((await outcomes({ period: '2001' })).total).toBe(0);
    expect((await refusal(RPC.selection.outcomes, {}, c3)).status).toBe(403);
    expect(paths(await refusal(RPC.selection.outcomes, { period: '26', kind: 'x' }, admin))).toEqual(['kind', 'period']);

    // Concluded notices stay listed (30 days), closed to objections, the withdrawn one shown as such.
    const notice = (await call<{ items: NoticeView[] }>(RPC.selection.notices, {}, objector2)).items.find((n) => n.roundId === round.id)!;
    expect(notice).toMatchObject({ status: 'concluded', open: false });
    expect(notice.candidates.map((c) => [c.name, c.statusLabel])).toEqual([['王海军', '已撤回'], ['周文斌', '已确定']]);

    const events = await roundEvents(round.id);
    const of = (type: string) => events.filter((e) => e.type === type);
    expect(events.map((e) => e.eventId)).toHaveLength(new Set(events.map((e) => e.eventId)).size);
    expect(of(SELECTION_EVENTS.roundOpened)).toHaveLength(1);
    expect(of(SELECTION_EVENTS.noticePublished)).toHaveLength(1);
    expect(of(SELECTION_EVENTS.objectionFiled)).toHaveLength(2);
    expect(of(SELECTION_EVENTS.objectionAnswered)).toHaveLength(2);
    expect(of(SELECTION_EVENTS.roundConcluded)).toHaveLength(1);
    const published = of(SELECTION_EVENTS.noticePublished)[0]!.data as unknown as SelectionNoticeV1;
    expect(published.candidates.map((c) => [c.name, c.position])).toEqual([['王海军', A], ['周文斌', B]]);
    const concluded = of(SELECTION_EVENTS.roundConcluded)[0]!.data as unknown as SelectionConcludedV1;
    expect(concluded).toMatchObject({ status: 'concluded', candidates: 3, withdrawn: 1, decidedAt: round.decidedAt, concludedAt: round.concludedAt });
    expect(concluded.outcomes).toEqual([expect.objectContaining({ candidateId: c3.id, outcome: 'promoted', position: B, points: 88, topDecile: false, decidedBy: assessor.id })]);
    const versions = events.map((e) => (e.data as unknown as { version: number }).version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    const answered = of(SELECTION_EVENTS.objectionAnswered).map((e) => e.data as unknown as SelectionObjectionV1);
    expect(answered.map((a) => [a.candidateName, a.status, a.withdrewCandidate, a.filedBy]).sort()).toEqual([
      ['周文斌', 'rejected', false, objector2.id],
      ['王海军', 'upheld', true, objector1.id],
    ]);
    for (const e of events.filter((x) => x.type !== SELECTION_EVENTS.objectionAnswered)) {
      const text = JSON.stringify(e);
      for (const secret of [objector1.id, objector2.id, objector1.name, objector2.name]) expect(text).not.toContain(secret);
      expect(e.data).not.toHaveProperty('filedBy');
    }
  });

  it('an award round takes applications first: open awards in mine, the shortlist refused while 申报中, the applications’ draw moves it to 考察中', async () => {
    const applyUntil = new Date(Date.now() + 8 * 3_600_000 + 10 * 86_400_000).toISOString().slice(0, 10);
    const award = await call(RPC.selection.roundCreate, { kind: 'award', name: '2026年度优秀公务员', positions: [{ name: '优秀公务员', count: 2 }], departmentIds: [bureauA.id], applyUntil }, admin);
    expect(award).toMatchObject({ status: 'applying', statusLabel: '申报中', applyUntil, counts: { applications: 0 } });
    expect((await mine(c1)).openAwards).toEqual([{ roundId: award.id, name: '2026年度优秀公务员', applyUntil, awards: [{ name: '优秀公务员', count: 2 }] }]);
    expect((await mine(c3)).openAwards.map((a) => a.roundId)).not.toContain(award.id);
    expect((await refusal(RPC.selection.draw, { roundId: award.id, source: 'shortlist', candidates: [drawn(c1, 120)] }, admin)).status).toBe(409);
    const moved = await call(RPC.selection.draw, { roundId: award.id, source: 'applications', candidates: [] }, admin);
    expect(moved).toMatchObject({ status: 'inspecting', candidates: [] });
    expect(moved.history.at(-1)).toMatchObject({ action: 'draw', detail: '从推荐的申报确定考察对象：无新增；申报结束，进入考察' });
    expect((await mine(c1)).openAwards).toEqual([]);
    // Publishing a notice without anyone selected: 409.
    expect((await refusal(RPC.selection.publishNotice, { roundId: award.id, body: {} }, admin)).detail).toBe('没有拟任人选，不能发布公示');
  });
});
