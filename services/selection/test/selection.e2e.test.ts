/**
 * 选人用人 end to end, through the gateway's public API only (docs/API.md "Selection"), real processes: a private
 * NATS+JetStream server, every service from its build (selection among them), FerretDB and Redis. Build first
 * (`nx run-many -t build`).
 *
 * Department tree: root → 选任区 → 甲局 (a reviewer, four 科级 cadres) and 乙局 (two 科级 cadres); an outsider bureau
 * elsewhere; two assessors at the root. The notice window is shortened to a few seconds (`SELECTION_NOTICE_WINDOW`).
 *
 * 1. Evidence: verified records give 甲一 the most points; the shortlist knows it.
 * 2. A promotion round (提拔使用): drawn from the shortlist with the evidence frozen, 考察, decisions (a position's count
 *    holds), the 任前公示 read by everyone, two objections (one rejected, one upheld that withdraws its candidate),
 *    conclusion refused while an objection is open, the outcome; objectors never shown to the candidate or the public.
 * 3. An award round (评先评优): applications by a cadre and (先进集体) by a department's reviewer with records as evidence,
 *    the department's recommendation, the draw from applications, the notice, the outcome.
 * 4. Appeals (申诉): a returned and a rejected record, a points entry; the 15-day rules' 409s; two assessors at once;
 *    an upheld appeal of a rejected record reopens it (records: → reviewed).
 * 5. Outcomes in analytics (凭实绩, by department) and in the portrait; inbox items and messages.
 */
import {
  analyticsSelectionViewSchema,
  beijingDate,
  appealViewSchema,
  applicationViewSchema,
  currentScoringYear,
  mySelectionViewSchema,
  noticeListSchema,
  outcomeListSchema,
  portraitViewSchema,
  roundViewSchema,
  scoreViewSchema,
  type AppealView,
  type DepartmentView,
  type RoundView,
  type UserView,
} from '@cadre/contracts';
import { expectInvalid, expectRefused, expectProblem, expectStatus, matchesSchema, parseCsv, pool, startPlatform, waitUntil, type Platform } from '@cadre/testing';

jest.setTimeout(300_000);

const YEAR = currentScoringYear();
const WINDOW_MS = 12_000;

type Who = 'assessor' | 'assessor2' | 'reviewerA' | 'reviewerD' | 'a1' | 'a2' | 'a3' | 'a4' | 'b1' | 'b2' | 'outsider';


/** Today (Beijing) plus `days`, as `YYYY-MM-DD`. */
const beijingDay = (days: number) => beijingDate(Date.now() + days * 86_400_000);

describe('选人用人 (end to end through the gateway)', () => {
  let platform: Platform;
  let district: DepartmentView;
  let ba: DepartmentView;
  let bb: DepartmentView;
  const people = {} as Record<Who, { user: UserView; token: string }>;
  const id = (who: Who) => people[who].user.id;
  const name = (who: Who) => people[who].user.name;
  const as = (who: Who | 'admin') => platform.as(who === 'admin' ? platform.adminToken : people[who].token);
  let seq = 0;

  const draft = (fields: Record<string, unknown>) => ({
    title: `履职纪实 ${++seq}`,
    description: '依托专项工作取得实效。',
    itemCode: 'INVEST-03',
    periodStart: `${YEAR}-01-01`,
    periodEnd: `${YEAR}-01-31`,
    impactLevel: 'city',
    ...fields,
  });
  const file = async (who: Who, fields: Record<string, unknown> = {}) => expectStatus(await as(who).post('/records', draft(fields)), 201);
  const submit = async (who: Who, record: { id: string }) => expectStatus(await as(who).post(`/records/${record.id}/submit`), 200);
  const review = async (record: { id: string }, decision: 'approve' | 'return' | 'reject', comment = decision === 'approve' ? '情况属实' : '佐证材料不足') =>
    expectStatus(await as('reviewerA').post(`/records/${record.id}/review`, { decision, comment }), 200);
  const verified = async (who: Who, fields: Record<string, unknown>, rating = 'excellent') => {
    const record = await file(who, fields);
    await submit(who, record);
    await review(record, 'approve');
    return expectStatus(await as('assessor').post(`/records/${record.id}/assess`, { decision: 'confirm', rating, comment: '研判' }), 200);
  };

  const getRound = async (roundId: string) => matchesSchema(roundViewSchema, expectStatus(await as('assessor').get(`/selection/rounds/${roundId}`), 200));
  const csv = async (path: string, who: Who | 'admin' = 'assessor') => {
    const token = who === 'admin' ? platform.adminToken : people[who].token;
    const response = await fetch(`${platform.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'text/csv' } });
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect({ status: response.status, type: response.headers.get('content-type'), bom: [...bytes.subarray(0, 3)] }).toEqual({ status: 200, type: expect.stringMatching(/^text\/csv/), bom: [0xef, 0xbb, 0xbf] });
    // TextDecoder drops the BOM.
    return parseCsv(new TextDecoder().decode(bytes)).filter((r) => r.some((c) => c !== ''));
  };
  const inboxKinds = async (who: Who) => {
    const inbox = expectStatus(await as(who).get('/inbox?limit=100'), 200);
    return inbox.items.map((i: { kind: string; subject: { id: string } }) => `${i.kind}:${i.subject.id}`) as string[];
  };
  const messages = async (who: Who) => expectStatus(await as(who).get('/notifications?limit=100'), 200).items as { kind: string; title: string; body: string; link: string }[];

  let a1Record: { id: string };
  let a2Record: { id: string };
  let a4Record: { id: string };
  let returnedRecord: { id: string };
  let rejectedRecord: { id: string };

  beforeAll(async () => {
    platform = await startPlatform({
      name: 'selection-e2e',
      killAfterMs: 15_000,
      env: (service): Record<string, string> => (service === 'selection' ? { SELECTION_NOTICE_WINDOW: `${WINDOW_MS}ms` } : {}),
    });
    const root = await platform.rootDepartment();
    district = await platform.createDepartment('选任区', 'XRQ', root.id);
    ba = await platform.createDepartment('选任区甲局', 'XRJJ', district.id);
    bb = await platform.createDepartment('选任区乙局', 'XRYJ', district.id);
    const elsewhere = await platform.createDepartment('他区丙局', 'TQBJ', root.id);
    const specs: [Who, Parameters<Platform['createUser']>[1]][] = [
      ['assessor', { departmentId: root.id, roles: ['assessor'], name: '组织部干部科' }],
      ['assessor2', { departmentId: root.id, roles: ['assessor'], name: '组织部考核办' }],
      ['reviewerA', { departmentId: ba.id, roles: ['reviewer'], name: '甲局人事' }],
      ['reviewerD', { departmentId: district.id, roles: ['reviewer'], name: '选任区人事' }],
      ['a1', { departmentId: ba.id, roles: ['cadre'], name: '甲一科', rankLevel: 'section', title: '科长' }],
      ['a2', { departmentId: ba.id, roles: ['cadre'], name: '甲二科', rankLevel: 'section', title: '科长' }],
      ['a3', { departmentId: ba.id, roles: ['cadre'], name: '甲三科', rankLevel: 'section', title: '副科长' }],
      ['a4', { departmentId: ba.id, roles: ['cadre'], name: '甲四科', rankLevel: 'section', title: '副科长' }],
      ['b1', { departmentId: bb.id, roles: ['cadre'], name: '乙一科', rankLevel: 'section', title: '科长' }],
      ['b2', { departmentId: bb.id, roles: ['cadre'], name: '乙二员', rankLevel: 'staff', title: '科员' }],
      ['outsider', { departmentId: elsewhere.id, roles: ['cadre'], name: '丙外科', rankLevel: 'section', title: '科长' }],
    ];
    const made = await pool(specs, 4, ([key, fields]) => platform.createUser(key, fields));
    specs.forEach(([key], i) => (people[key] = made[i]));
    await platform.replicasKnow(made.map((m) => m.user.id), ['selection', 'records', 'notifications']);

    // Evidence: 甲一 two excellent records, 甲二 and 甲四 one each, 乙一 none; one returned (甲三) and one rejected (甲四)
    // record for the appeals.
    a1Record = await verified('a1', { title: '引进世界500强企业区域总部' });
    await verified('a1', { title: '重点项目签约落地', itemCode: 'INVEST-01' });
    a2Record = await verified('a2', { title: '政务服务优化', itemCode: 'BIZENV-03' }, 'good');
    a4Record = await verified('a4', { title: '社区网格化治理', itemCode: 'GOVERNANCE-01' }, 'pass');
    returnedRecord = await file('a3', { title: '信访积案化解' });
    await submit('a3', returnedRecord);
    await review(returnedRecord, 'return', '佐证材料不足，请补充');
    rejectedRecord = await file('a4', { title: '特色农业品牌' });
    await submit('a4', rejectedRecord);
    await review(rejectedRecord, 'reject', '不属于本人履职范围');
    await waitUntil(
      async () => {
        const list = expectStatus(await as('assessor').get(`/analytics/candidates?period=${YEAR}&departmentId=${district.id}&rankLevel=section&limit=20`), 200);
        return list.items[0]?.cadreId === id('a1') && list.items.some((c: { cadreId: string }) => c.cadreId === id('a2'));
      },
      { timeoutMs: 60_000, what: 'the shortlist to rank 甲一 first' },
    );
  });

  afterAll(async () => {
    await platform?.stop();
  });

  let round: RoundView;

  it('a promotion round: opened by the organisation department only, drawn from the shortlist with the evidence frozen', async () => {
    const body = {
      kind: 'promotion',
      name: `${YEAR}年第一批提拔使用`,
      positions: [
        { name: '甲局副局长', count: 1 },
        { name: '乙局副局长', count: 1 },
      ],
      rankLevel: 'section',
      departmentIds: [district.id],
      criteria: { period: YEAR, limit: 10, withoutGrades: ['basic', 'incompetent'] },
    };
    expectRefused(await as('a1').post('/selection/rounds', body), 'a cadre opening a round');
    expectRefused(await as('reviewerA').post('/selection/rounds', body), 'a reviewer opening a round');
    expectInvalid(await as('assessor').post('/selection/rounds', { ...body, applyUntil: beijingDay(3) }), ['applyUntil']);
    expectInvalid(await as('assessor').post('/selection/rounds', { ...body, positions: [], name: '' }), ['positions', 'name']);
    expectInvalid(await as('assessor').post('/selection/rounds', { ...body, departmentIds: [district.id, '00000000-0000-4000-8000-000000000000'] }), ['departmentIds.1']);

    round = matchesSchema(roundViewSchema, expectStatus(await as('assessor').post('/selection/rounds', body), 201));
    expect(round).toMatchObject({ kind: 'promotion', kindLabel: '提拔使用', status: 'inspecting', statusLabel: '考察中', noticeDays: 5, applyUntil: null, candidates: [] });
    expect(round.openedBy).toEqual({ id: id('assessor'), name: name('assessor') });
    expectRefused(await as('a1').get(`/selection/rounds/${round.id}`), 'a cadre reading the round');

    // Named cadres outside the round's departments: 400 naming each.
    expectInvalid(await as('assessor').post(`/selection/rounds/${round.id}/candidates/draw`, { source: 'shortlist', cadreIds: [id('a1'), id('outsider')] }), ['cadreIds.1']);

    round = matchesSchema(roundViewSchema, expectStatus(await as('assessor').post(`/selection/rounds/${round.id}/candidates/draw`, { source: 'shortlist' }), 200));
    const byId = new Map(round.candidates.map((c) => [c.candidateId, c]));
    expect(byId.has(id('a1')) && byId.has(id('a2'))).toBe(true);
    expect(byId.has(id('b2'))).toBe(false); // 科员: another rank level
    const first = byId.get(id('a1'))!;
    expect(first).toMatchObject({ type: 'cadre', name: '甲一科', departmentName: '选任区甲局', rankLabel: expect.any(String), status: 'candidate', statusLabel: '考察对象', source: 'shortlist', decision: null });
    expect(first.evidence.points).toBeGreaterThan(0);
    expect(first.evidence).toMatchObject({ period: YEAR, cityRank: 1, topDecile: true });
    expect(first.evidence.evidence.records.map((r) => r.recordId)).toContain(a1Record.id);

    // 乙一 (no points) named by hand: drawn with the evidence of that moment.
    round = matchesSchema(roundViewSchema, expectStatus(await as('assessor').post(`/selection/rounds/${round.id}/candidates/draw`, { source: 'shortlist', cadreIds: [id('b1')] }), 200));
    expect(round.candidates.find((c) => c.candidateId === id('b1'))).toMatchObject({ name: '乙一科', departmentName: '选任区乙局' });

    // Frozen: a later verification does not change the evidence drawn.
    const drawnPoints = first.evidence.points;
    await verified('a1', { title: '园区运营提质', itemCode: 'PROJECT-02' });
    const again = await getRound(round.id);
    expect(again.candidates.find((c) => c.candidateId === id('a1'))!.evidence.points).toBe(drawnPoints);
  });

  it('考察 and decisions: by name, a position’s count holds, the wrong role refused; the notice needs every decision', async () => {
    const candidate = (who: Who) => `/selection/rounds/${round.id}/candidates/${id(who)}`;
    expectStatus(await as('assessor').post(`${candidate('a1')}/inspection`, { note: '个别谈话 12 人，评价较高' }), 200);
    expectRefused(await as('reviewerA').post(`${candidate('a1')}/inspection`, { note: '越权' }), 'a reviewer writing a 考察 note');
    expectInvalid(await as('assessor').post(`${candidate('a1')}/decision`, { selected: true, reason: '实绩突出' }), ['position']);
    expectInvalid(await as('assessor').post(`${candidate('a1')}/decision`, { selected: true, reason: '实绩突出', position: '不存在的职位' }), ['position']);

    // The last place of 甲局副局长, two decisions at once: one wins.
    const [x, y] = await Promise.all([
      as('assessor').post(`${candidate('a1')}/decision`, { selected: true, reason: '招商引资实绩突出，群众公认', position: '甲局副局长' }),
      as('assessor2').post(`${candidate('a2')}/decision`, { selected: true, reason: '政务服务优化成效明显', position: '甲局副局长' }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    if (x.status !== 200) {
      // a2 won: turn it around so a1 holds the place (decisions may change until the notice).
      expectStatus(await as('assessor').post(`${candidate('a2')}/decision`, { selected: false, reason: '本次职数已满' }), 200);
      expectStatus(await as('assessor').post(`${candidate('a1')}/decision`, { selected: true, reason: '招商引资实绩突出，群众公认', position: '甲局副局长' }), 200);
    } else {
      expectProblem(y, 409);
      expectStatus(await as('assessor2').post(`${candidate('a2')}/decision`, { selected: false, reason: '本次职数已满' }), 200);
    }
    expectStatus(await as('assessor').post(`${candidate('b1')}/decision`, { selected: true, reason: '基层经验丰富', position: '乙局副局长' }), 200);

    const undecided = (await getRound(round.id)).candidates.filter((c) => c.decision === null);
    if (undecided.length) {
      const refused = expectProblem(await as('assessor').post(`/selection/rounds/${round.id}/notice`, {}), 409);
      expect(refused.detail).toContain(undecided[0].name);
      for (const c of undecided) expectStatus(await as('assessor').post(`/selection/rounds/${round.id}/candidates/${c.candidateId}/decision`, { selected: false, reason: '综合比选未入选' }), 200);
    }
    const decided = await getRound(round.id);
    expect(decided.candidates.find((c) => c.candidateId === id('a1'))!.decision).toMatchObject({ selected: true, position: '甲局副局长', by: { id: expect.any(String), name: expect.any(String) } });
    expect(decided.positions.find((p) => p.name === '甲局副局长')).toMatchObject({ count: 1, selected: 1 });

    // The candidate sees 考察中, nothing of the decision.
    const mine = matchesSchema(mySelectionViewSchema, expectStatus(await as('a1').get('/selection/mine'), 200));
    expect(mine.candidacies.find((c) => c.roundId === round.id)).toMatchObject({ status: 'inspecting', statusLabel: '考察中', position: null });
  });

  let objectionRejected: string;
  let objectionUpheld: string;

  it('任前公示: read by everyone; objections by anyone but the candidate; the objector is never shown to the candidate or the public', async () => {
    round = matchesSchema(roundViewSchema, expectStatus(await as('assessor').post(`/selection/rounds/${round.id}/notice`, {}), 200));
    expect(round).toMatchObject({ status: 'notice', statusLabel: '公示中' });
    expect(Date.parse(round.notice!.endsAt) - Date.parse(round.notice!.startsAt)).toBe(WINDOW_MS);

    const notices = matchesSchema(noticeListSchema, expectStatus(await as('b2').get('/selection/notices'), 200));
    const notice = notices.items.find((n) => n.roundId === round.id)!;
    expect(notice).toMatchObject({ status: 'notice', open: true });
    expect(notice.candidates.map((c) => [c.name, c.position, c.statusLabel]).sort()).toEqual([
      ['乙一科', '乙局副局长', expect.any(String)],
      ['甲一科', '甲局副局长', expect.any(String)],
    ]);
    const a1Notice = notice.candidates.find((c) => c.name === '甲一科')!;
    expect(a1Notice.summary.verifiedRecords).toBeGreaterThanOrEqual(2);
    expect(a1Notice.summary.records.map((r) => r.title)).toContain('引进世界500强企业区域总部');

    const objections = `/selection/rounds/${round.id}/objections`;
    expectRefused(await as('a1').post(objections, { candidateId: id('a1'), reason: '本人对自己提出异议' }), 'the candidate objecting to themselves');
    expectProblem(await as('b2').post(objections, { candidateId: id('a2'), reason: '未入选者不在公示中' }), 404);
    expectInvalid(await as('b2').post(objections, { candidateId: id('a1'), reason: '不' }), ['reason']);
    // Two objectors at once: both kept.
    const [one, two] = await Promise.all([
      as('b2').post(objections, { candidateId: id('a1'), reason: '反映其在项目招商中有违规承诺问题' }),
      as('a3').post(objections, { candidateId: id('b1'), reason: '反映其近三年年度考核存在基本称职等次' }),
    ]);
    objectionRejected = expectStatus(one, 201).id;
    objectionUpheld = expectStatus(two, 201).id;

    const held = await getRound(round.id);
    expect(held.objections.map((o) => [o.id, o.filedBy.id, o.statusLabel]).sort()).toEqual(
      [
        [objectionRejected, id('b2'), '待核查'],
        [objectionUpheld, id('a3'), '待核查'],
      ].sort(),
    );
    // Never to the candidate, never in the public notice, never in the history's words.
    for (const reply of [await as('a1').get('/selection/mine'), await as('b1').get('/selection/mine'), await as('a4').get('/selection/notices')]) {
      const text = JSON.stringify(expectStatus(reply, 200));
      for (const secret of [id('b2'), id('a3'), name('b2'), name('a3'), '违规承诺', '基本称职等次']) expect(text).not.toContain(secret);
    }
    const historyText = JSON.stringify(held.history);
    expect(historyText).not.toContain(name('b2'));
    expect(historyText).not.toContain(name('a3'));
    expect(matchesSchema(mySelectionViewSchema, expectStatus(await as('a1').get('/selection/mine'), 200)).candidacies.find((c) => c.roundId === round.id)).toMatchObject({ status: 'in_notice', position: '甲局副局长' });
    // The objector reads their own objection.
    const objectorView = matchesSchema(mySelectionViewSchema, expectStatus(await as('b2').get('/selection/mine'), 200));
    expect(objectorView.objections.map((o) => o.id)).toContain(objectionRejected);
    // The organisation department has it in the inbox.
    await waitUntil(async () => (await inboxKinds('assessor')).includes(`objection_handle:${round.id}:${objectionRejected}`), { timeoutMs: 30_000, what: '待核查异议 in the assessor’s inbox' });
    await waitUntil(async () => (await messages('a1')).some((m) => m.kind === 'notice_published'), { timeoutMs: 30_000, what: 'the candidate told of the notice' });
  });

  it('objections answered (不属实; 属实 withdrawing the candidate); the round concludes only when all are answered and the window ended', async () => {
    const objection = (oid: string) => `/selection/rounds/${round.id}/objections/${oid}`;
    expectProblem(await as('assessor').post(`/selection/rounds/${round.id}/conclude`), 409);
    expectRefused(await as('reviewerA').post(`${objection(objectionRejected)}/answer`, { outcome: 'rejected', answer: '经核查不属实' }), 'a reviewer answering');
    expectStatus(await as('assessor').post(`${objection(objectionRejected)}/investigate`, { note: '调阅项目招商档案，约谈相关企业' }), 200);
    expectInvalid(await as('assessor').post(`${objection(objectionRejected)}/answer`, { outcome: 'rejected', answer: '经核查不属实', withdrawCandidate: true }), ['withdrawCandidate']);
    expectStatus(await as('assessor').post(`${objection(objectionRejected)}/answer`, { outcome: 'rejected', answer: '经核查，招商承诺均经集体决策，反映问题不属实' }), 200);
    expectProblem(await as('assessor').post(`${objection(objectionRejected)}/answer`, { outcome: 'upheld', answer: '再次答复' }), 409);
    const open = expectProblem(await as('assessor').post(`/selection/rounds/${round.id}/conclude`), 409);
    expect(open.detail).toContain('乙一科');
    expectStatus(await as('assessor').post(`${objection(objectionUpheld)}/answer`, { outcome: 'upheld', answer: '经核查属实，取消拟任资格', withdrawCandidate: true }), 200);

    const answered = await getRound(round.id);
    expect(answered.candidates.find((c) => c.candidateId === id('b1'))).toMatchObject({ status: 'withdrawn', statusLabel: '已撤回' });
    const publicNow = matchesSchema(noticeListSchema, expectStatus(await as('b2').get('/selection/notices'), 200)).items.find((n) => n.roundId === round.id)!;
    expect(publicNow.candidates.find((c) => c.name === '乙一科')).toMatchObject({ status: 'withdrawn', statusLabel: '已撤回' });

    if (Date.now() < Date.parse(answered.notice!.endsAt) - 1_000) expectProblem(await as('assessor').post(`/selection/rounds/${round.id}/conclude`), 409);
    round = await waitUntil(
      async () => {
        const reply = await as('assessor').post<RoundView>(`/selection/rounds/${round.id}/conclude`);
        return reply.status === 200 ? matchesSchema(roundViewSchema, reply.body) : undefined;
      },
      { timeoutMs: WINDOW_MS + 20_000, intervalMs: 1_000, what: 'the round to conclude once the window ended' },
    );
    expect(round).toMatchObject({ status: 'concluded', statusLabel: '已完成', concludedBy: { id: id('assessor') } });
    expect(round.history.map((h) => h.action)).toEqual(expect.arrayContaining(['open', 'draw', 'inspect', 'decide', 'publish_notice', 'object', 'investigate', 'answer_objection', 'withdraw', 'conclude']));

    expect(matchesSchema(mySelectionViewSchema, expectStatus(await as('a1').get('/selection/mine'), 200)).candidacies.find((c) => c.roundId === round.id)).toMatchObject({ status: 'confirmed', statusLabel: '已确定' });
    expect(matchesSchema(mySelectionViewSchema, expectStatus(await as('b1').get('/selection/mine'), 200)).candidacies.find((c) => c.roundId === round.id)).toMatchObject({ status: 'withdrawn' });
    const outcomes = matchesSchema(outcomeListSchema, expectStatus(await as('assessor').get(`/selection/outcomes?period=${YEAR}`), 200));
    expect(outcomes.items.filter((o) => o.roundId === round.id).map((o) => [o.name, o.kind, o.position, o.topDecile])).toEqual([['甲一科', 'promoted', '甲局副局长', true]]);
    expectRefused(await as('a1').get('/selection/outcomes'), 'a cadre reading the outcomes');
    const rows = await csv(`/selection/outcomes?period=${YEAR}&format=csv`);
    expect(rows[0]).toEqual(expect.arrayContaining(['对象', '单位', '职位/奖项']));
    expect(rows.some((r) => r.includes('甲一科') && r.includes('提拔使用'))).toBe(true);
    expect(rows.flat().join()).not.toContain('promoted');

    await waitUntil(async () => (await messages('b2')).some((m) => m.kind === 'objection_answered'), { timeoutMs: 30_000, what: 'the objector told of the answer' });
    await waitUntil(async () => !(await inboxKinds('assessor')).some((k) => k.startsWith('objection_handle:') && k.includes(round.id)), { timeoutMs: 30_000, what: 'the answered objections to leave the inbox' });
  });

  it('评先评优: applications with records, the department’s recommendation, the draw from applications, the outcome', async () => {
    const body = { kind: 'award', name: `${YEAR}年度优秀公务员评选`, positions: [{ name: '优秀公务员', count: 2 }, { name: '先进集体', count: 1 }], departmentIds: [district.id], applyUntil: beijingDay(7) };
    expectInvalid(await as('assessor').post('/selection/rounds', { ...body, applyUntil: undefined }), ['applyUntil']);
    let award = matchesSchema(roundViewSchema, expectStatus(await as('assessor').post('/selection/rounds', body), 201));
    expect(award).toMatchObject({ status: 'applying', statusLabel: '申报中', applyUntil: body.applyUntil });
    const applications = `/selection/rounds/${award.id}/applications`;

    const mine = matchesSchema(mySelectionViewSchema, expectStatus(await as('a2').get('/selection/mine'), 200));
    expect(mine.openAwards.map((r) => r.roundId)).toContain(award.id);

    expectInvalid(await as('a2').post(applications, { applicantType: 'cadre', award: '优秀公务员', statement: '本人履职情况', recordIds: [a1Record.id] }), ['recordIds.0']);
    expectInvalid(await as('a2').post(applications, { applicantType: 'cadre', award: '不存在的奖项', statement: '本人履职情况', recordIds: [a2Record.id] }), ['award']);
    expectRefused(await as('outsider').post(applications, { applicantType: 'cadre', award: '优秀公务员', statement: '外区申报', recordIds: [] }), 'a cadre outside the round’s departments');
    expectRefused(await as('a2').post(applications, { applicantType: 'department', departmentId: ba.id, award: '先进集体', statement: '集体申报', recordIds: [] }), 'a cadre applying for a department');
    const a2App = matchesSchema(applicationViewSchema, expectStatus(await as('a2').post(applications, { applicantType: 'cadre', award: '优秀公务员', statement: '推进政务服务优化，群众满意度提升', recordIds: [a2Record.id] }), 201));
    expect(a2App).toMatchObject({ applicantName: '甲二科', statusLabel: '待推荐', records: [{ recordId: a2Record.id }] });
    expectProblem(await as('a2').post(applications, { applicantType: 'cadre', award: '优秀公务员', statement: '再次申报', recordIds: [] }), 409);
    const a4App = matchesSchema(applicationViewSchema, expectStatus(await as('a4').post(applications, { applicantType: 'cadre', award: '优秀公务员', statement: '基层治理', recordIds: [a4Record.id] }), 201));
    const deptApp = matchesSchema(applicationViewSchema, expectStatus(await as('reviewerA').post(applications, { applicantType: 'department', departmentId: ba.id, award: '先进集体', statement: '甲局招商引资成效显著', recordIds: [a1Record.id] }), 201));
    expect(deptApp).toMatchObject({ applicantType: 'department', applicantName: '选任区甲局' });

    await waitUntil(async () => (await inboxKinds('reviewerA')).some((k) => k.startsWith('application_recommend:') && k.includes(a2App.id)), { timeoutMs: 30_000, what: '待推荐 in the reviewer’s inbox' });
    expectRefused(await as('a2').post(`${applications}/${a2App.id}/recommend`, { recommend: true, comment: '自荐' }), 'the applicant recommending');
    expectStatus(await as('reviewerA').post(`${applications}/${a2App.id}/recommend`, { recommend: true, comment: '同意推荐' }), 200);
    expectStatus(await as('reviewerA').post(`${applications}/${a4App.id}/recommend`, { recommend: false, comment: '本年度实绩不够突出' }), 200);
    // The submitter of the department's application does not recommend it; a reviewer above does.
    expectRefused(await as('reviewerA').post(`${applications}/${deptApp.id}/recommend`, { recommend: true, comment: '自荐' }), 'the submitter recommending');
    expectStatus(await as('reviewerD').post(`${applications}/${deptApp.id}/recommend`, { recommend: true, comment: '同意推荐' }), 200);
    const listed = expectStatus(await as('reviewerA').get(applications), 200);
    expect(listed.items.map((a: { id: string }) => a.id).sort()).toEqual([a2App.id, a4App.id, deptApp.id].sort());
    const appRows = await csv(`${applications}?format=csv`);
    expect(appRows.some((r) => r.includes('甲二科') && r.includes('已推荐'))).toBe(true);

    award = matchesSchema(roundViewSchema, expectStatus(await as('assessor').post(`/selection/rounds/${award.id}/candidates/draw`, { source: 'applications' }), 200));
    expect(award.status).toBe('inspecting');
    const drawn = award.candidates.map((c) => c.candidateId);
    expect(drawn).toContain(id('a2'));
    expect(drawn).toContain(ba.id);
    expect(drawn).not.toContain(id('a4'));
    // Applications close with the draw.
    expectProblem(await as('b1').post(applications, { applicantType: 'cadre', award: '优秀公务员', statement: '迟到的申报', recordIds: [] }), 409);

    for (const c of award.candidates) {
      const position = c.type === 'department' ? '先进集体' : '优秀公务员';
      expectStatus(await as('assessor').post(`/selection/rounds/${award.id}/candidates/${c.candidateId}/decision`, { selected: true, reason: '推荐材料翔实，实绩突出', position }), 200);
    }
    expectStatus(await as('assessor').post(`/selection/rounds/${award.id}/notice`, {}), 200);
    award = await waitUntil(
      async () => {
        const reply = await as('assessor').post<RoundView>(`/selection/rounds/${award.id}/conclude`);
        return reply.status === 200 ? matchesSchema(roundViewSchema, reply.body) : undefined;
      },
      { timeoutMs: WINDOW_MS + 20_000, intervalMs: 1_000, what: 'the award round to conclude' },
    );
    const outcomes = matchesSchema(outcomeListSchema, expectStatus(await as('assessor').get(`/selection/outcomes?period=${YEAR}&kind=awarded`), 200));
    expect(outcomes.items.filter((o) => o.roundId === award.id).map((o) => o.name).sort()).toEqual(drawn.map((d) => award.candidates.find((c) => c.candidateId === d)!.name).sort());
  });

  it('appeals: a returned and a rejected record, a points entry; the rules; two assessors at once; an upheld rejection reopens the record', async () => {
    expectRefused(await as('a4').post('/selection/appeals', { subjectType: 'record', subjectId: returnedRecord.id, reason: '替他人申诉的理由' }), 'appealing someone else’s record');
    expectProblem(await as('a2').post('/selection/appeals', { subjectType: 'record', subjectId: a2Record.id, reason: '已认定的纪实不可申诉' }), 409);
    expectInvalid(await as('a3').post('/selection/appeals', { subjectType: 'grade', subjectId: returnedRecord.id, reason: '类型不对' }), ['subjectType']);
    const returnedAppeal = matchesSchema(appealViewSchema, expectStatus(await as('a3').post('/selection/appeals', { subjectType: 'record', subjectId: returnedRecord.id, reason: '佐证材料已在附件中完整提供' }), 201));
    expect(returnedAppeal).toMatchObject({ status: 'pending', statusLabel: '待处理', subject: { type: 'record', title: '信访积案化解' }, appellant: { id: id('a3') } });
    expect(Date.parse(returnedAppeal.deadline) - Date.parse(returnedAppeal.subject.decidedAt)).toBe(15 * 86_400_000);
    expectProblem(await as('a3').post('/selection/appeals', { subjectType: 'record', subjectId: returnedRecord.id, reason: '重复申诉同一事项' }), 409);
    const rejectedAppeal = matchesSchema(appealViewSchema, expectStatus(await as('a4').post('/selection/appeals', { subjectType: 'record', subjectId: rejectedRecord.id, reason: '该项目由本人牵头推进，有任务分工文件为证' }), 201));

    const score = matchesSchema(scoreViewSchema, expectStatus(await as('a1').get(`/scores/${id('a1')}?period=${YEAR}`), 200));
    const entry = score.entries[0] as unknown as { id: string };
    const entryAppeal = matchesSchema(appealViewSchema, expectStatus(await as('a1').post('/selection/appeals', { subjectType: 'score_entry', subjectId: entry.id, reason: '评定等次与实际贡献不符' }), 201));
    expect(entryAppeal.subject.type).toBe('score_entry');
    expectRefused(await as('a2').post('/selection/appeals', { subjectType: 'score_entry', subjectId: entry.id, reason: '他人的积分条目' }), 'appealing someone else’s entry');

    // Who reads: the appellant and the organisation department.
    expectStatus(await as('a3').get(`/selection/appeals/${returnedAppeal.id}`), 200);
    expectProblem(await as('a4').get(`/selection/appeals/${returnedAppeal.id}`), 404);
    const own = expectStatus(await as('a3').get('/selection/appeals'), 200);
    expect(own.items.map((a: AppealView) => a.id)).toEqual([returnedAppeal.id]);
    const all = expectStatus(await as('assessor').get('/selection/appeals?status=pending'), 200);
    expect(all.items.map((a: AppealView) => a.id)).toEqual(expect.arrayContaining([returnedAppeal.id, rejectedAppeal.id, entryAppeal.id]));
    await waitUntil(async () => (await inboxKinds('assessor')).some((k) => k.startsWith('appeal_decide:') && k.includes(rejectedAppeal.id)), { timeoutMs: 30_000, what: '待处理申诉 in the assessor’s inbox' });

    // The appellant never decides; two assessors at once: one wins.
    expectRefused(await as('a3').post(`/selection/appeals/${returnedAppeal.id}/decide`, { outcome: 'upheld', answer: '自己决定' }), 'the appellant deciding');
    const [p, q] = await Promise.all([
      as('assessor').post(`/selection/appeals/${returnedAppeal.id}/decide`, { outcome: 'dismissed', answer: '退回理由成立，请补充佐证后再提交' }),
      as('assessor2').post(`/selection/appeals/${returnedAppeal.id}/decide`, { outcome: 'upheld', answer: '同时处理' }),
    ]);
    expect([p.status, q.status].sort()).toEqual([200, 409]);
    const decided = matchesSchema(appealViewSchema, expectStatus(await as('a3').get(`/selection/appeals/${returnedAppeal.id}`), 200));
    expect(decided.history.map((h) => h.action)).toEqual(['file', 'decide']);
    expect(decided.decidedBy).not.toBeNull();

    expectStatus(await as('assessor').post(`/selection/appeals/${rejectedAppeal.id}/decide`, { outcome: 'upheld', answer: '经核实确由本人牵头，重新研判' }), 200);
    const reopened = await waitUntil(
      async () => {
        const record = expectStatus(await as('a4').get(`/records/${rejectedRecord.id}`), 200);
        return record.status === 'reviewed' ? record : undefined;
      },
      { timeoutMs: 30_000, what: 'the rejected record reopened by the upheld appeal' },
    );
    expect(reopened.history.at(-1)).toMatchObject({ action: 'reopen' });
    await waitUntil(async () => (await messages('a4')).some((m) => m.kind === 'appeal_decided'), { timeoutMs: 30_000, what: 'the appellant told of the decision' });

    const rows = await csv('/selection/appeals?format=csv');
    expect(rows.some((r) => r.includes('信访积案化解'))).toBe(true);
    expect(rows.flat().join()).not.toContain('dismissed');
  });

  it('outcomes in analytics (凭实绩, by department) and in the portrait', async () => {
    const view = await waitUntil(
      async () => {
        const reply = expectStatus(await as('assessor').get(`/analytics/selection?period=${YEAR}&departmentId=${district.id}`), 200);
        return reply.outcomes.promoted >= 1 && reply.outcomes.awarded >= 1 ? matchesSchema(analyticsSelectionViewSchema, reply) : undefined;
      },
      { timeoutMs: 60_000, what: 'analytics to count the outcomes' },
    );
    expect(view.outcomes.promoted).toBe(1);
    expect(view.merit.selected).toBeGreaterThanOrEqual(1);
    expect(view.merit.share).not.toBeNull();
    expect(view.byDepartment.find((d) => d.departmentId === ba.id)).toMatchObject({ departmentName: '选任区甲局', promoted: 1 });
    expect(view.rounds.concluded).toBe(2);
    expectRefused(await as('a1').get(`/analytics/selection?period=${YEAR}`), 'a cadre reading selection analytics');
    const portrait = matchesSchema(portraitViewSchema, expectStatus(await as('a1').get(`/analytics/cadres/${id('a1')}/portrait?period=${YEAR}`), 200));
    expect(portrait.outcomes.map((o) => [o.roundId, o.outcomeLabel, o.position])).toEqual([[round.id, '提拔使用', '甲局副局长']]);
    const rows = await csv(`/analytics/selection?period=${YEAR}&departmentId=${district.id}&format=csv`);
    expect(rows.some((r) => r.includes('选任区甲局'))).toBe(true);
  });
});
