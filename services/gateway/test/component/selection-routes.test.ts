/**
 * The selection routes of the gateway in process (选人用人 / 任前公示 / 评先评优 / 申诉, docs/API.md "Selection"), with
 * stand-ins for the selection, analytics, records, tasks and scoring services on the private NATS server (they answer
 * the RPC subjects as the services would, and record what they were asked): bodies and queries are checked with the
 * contract's schemas before any RPC (400 naming every field); a draw's candidates are composed from analytics'
 * shortlist and frozen (what the selection service receives is checked against `DrawnCandidate`); an application's
 * records are read as the caller and checked; an appeal's subject is read from its owner as the appellant; the
 * tables come as CSV files for people (BOM, Chinese headers, labels, Beijing time, 编号 last).
 */
import { randomBytes } from 'node:crypto';
import { JSONCodec, connect, type NatsConnection, type Subscription } from 'nats';
import { RPC, drawnCandidateSchema, type Caller, type CandidateView, type DepartmentView } from '@cadre/contracts';
import { startGateway, type ComponentGateway } from './harness';

jest.setTimeout(120_000);

const codec = JSONCodec();

interface Asked {
  subject: string;
  caller: Caller;
  payload: Record<string, any>;
}

const at = '2026-03-02T01:00:00.000Z';
const forbidden = (detail: string) => ({ type: 'about:blank', title: 'Forbidden', status: 403, detail });
const notFound = (detail: string) => ({ type: 'about:blank', title: 'Not Found', status: 404, detail });
const person = (id: string, name: string) => ({ id, name });

const evidence = (recordId: string) => ({
  records: [{ recordId, title: '引进500强企业', itemCode: 'INVEST-03', rating: 'good', impactLevel: 'city', verifiedAt: at, points: 7.68 }],
  tasks: [],
  ratings: { good: 1 },
  verifiedRecords: 1,
  concludedTasks: 0,
});
const grades = [{ cycleId: 'cy1', cycleName: '2025年度考核', kind: 'annual' as const, kindLabel: '年度考核', period: '2025', grade: 'excellent' as const, gradeLabel: '优秀' }];

describe('gateway in process: selection routes', () => {
  let gateway: ComponentGateway;
  let nc: NatsConnection;
  let subscriptions: Subscription[] = [];
  let assessor: { id: string; token: string };
  let cadre: { id: string; token: string; departmentId: string };
  let district: DepartmentView;
  let street: DepartmentView;
  const asked: Asked[] = [];
  const askedOf = (subject: string) => asked.filter((a) => a.subject === subject);

  /** A shortlist row of analytics (`CandidateView`) in `departmentId`. */
  const row = (cadreId: string, name: string, points: number, cityRank: number, departmentId: string, departmentName: string): CandidateView => ({
    rank: 1,
    cadreId,
    name,
    departmentId,
    departmentName,
    rankLevel: 'section',
    title: '科长',
    points,
    byItem: { INVEST: points },
    evidence: evidence(`r-${cadreId}`),
    grades,
    satisfaction: 92.5,
    cityRank,
    cityCadres: 40,
    topDecile: cityRank <= 4,
  });
  let rows: CandidateView[] = [];

  const round = (status = 'inspecting') => ({
    id: 'rd1',
    kind: 'promotion',
    kindLabel: '提拔使用',
    name: '2026年区发改委副主任选任',
    status,
    statusLabel: '考察中',
    positions: [{ name: '区发改委副主任', count: 1, selected: 1 }],
    rankLevel: 'section',
    rankLabel: '科级',
    departments: [
      { id: district.id, name: district.name },
      { id: street.id, name: street.name },
    ],
    criteria: { period: '2026', withoutGrades: ['basic', 'incompetent'], gradeYears: 2, minSatisfaction: 80, limit: 3 },
    noticeDays: 5,
    applyUntil: null,
    candidates: [
      {
        type: 'cadre',
        typeLabel: '个人',
        candidateId: 'c1',
        name: '王海军',
        departmentId: district.id,
        departmentName: district.name,
        rankLevel: 'section',
        rankLabel: '科级',
        title: '科长',
        source: 'shortlist',
        applicationId: null,
        status: 'selected',
        statusLabel: '拟任人选',
        evidence: { capturedAt: at, period: '2026', points: 88.5, byItem: {}, cityRank: 2, cityCadres: 40, topDecile: true, evidence: evidence('r1'), grades, satisfaction: 92.5 },
        inspection: [],
        decision: { selected: true, position: '区发改委副主任', reason: '实绩突出', by: person('u-org', '组织部李明'), at },
        drawnAt: at,
        drawnBy: person('u-org', '组织部李明'),
      },
    ],
    notice: { startsAt: at, endsAt: '2026-03-09T15:59:59.999Z', days: 5, publishedBy: person('u-org', '组织部李明') },
    objections: [],
    counts: { candidates: 1, undecided: 0, selected: 1, withdrawn: 0, openObjections: 2, applications: 0 },
    openedBy: person('u-org', '组织部李明'),
    openedAt: at,
    decidedAt: null,
    concludedAt: null,
    concludedBy: null,
    history: [],
    version: 3,
  });

  const application = (id: string, applicantType: 'cadre' | 'department', applicantId: string, applicantName: string, departmentId: string, departmentName: string) => ({
    id,
    roundId: 'rd1',
    roundName: '2026年度评先评优',
    applicantType,
    applicantId,
    applicantName,
    departmentId,
    departmentName,
    award: '优秀公务员',
    statement: '全年完成任务150%',
    records: [{ recordId: 'r9', title: '营商环境改革', itemCode: 'REFORM-01', itemName: '改革创新 / 营商环境', verifiedAt: at }],
    status: 'recommended',
    statusLabel: '已推荐',
    recommendation: { recommend: true, comment: '同意推荐', by: person('u-rev', '审核员'), at },
    drawn: false,
    submittedBy: person(applicantId, applicantName),
    submittedAt: '2026-03-01T16:30:00.000Z',
    version: 2,
  });

  /** Records as the records service answers them to the caller: `hidden` is not visible (404). */
  const record = (id: string, fields: Record<string, unknown> = {}) => ({
    id,
    version: 4,
    status: 'verified',
    cadreId: cadre.id,
    cadreName: '张伟',
    departmentId: street.id,
    departmentPath: street.path,
    itemCode: 'INVEST-03',
    firstLevelCode: 'INVEST',
    title: `纪实${id}`,
    participants: [],
    history: [],
    verifiedAt: at,
    updatedAt: at,
    ...fields,
  });
  const records: Record<string, Record<string, unknown>> = {};

  const task = (fields: Record<string, unknown> = {}) => ({
    id: 't1',
    status: 'concluded',
    title: '营商环境攻坚',
    bids: [
      { teamId: 'team-a', status: 'awarded', members: [{ userId: 'u-other' }] },
      { teamId: 'team-b', status: 'awarded', members: [{ userId: cadre.id }] },
    ],
    teamVerdicts: [
      { teamId: 'team-a', verdict: 'excellent' },
      { teamId: 'team-b', verdict: 'pass' },
    ],
    verdict: 'excellent',
    reward: null,
    concludedAt: '2026-02-27T08:00:00.000Z',
    ...fields,
  });

  /** The stand-in services: answer each subject with `answer(payload, caller)` (a problem as `err` when it throws). */
  const serve = (answers: Record<string, (payload: Record<string, any>, caller: Caller) => unknown>) => {
    subscriptions = Object.entries(answers).map(([subject, answer]) =>
      nc.subscribe(subject, {
        callback: (_error, message) => {
          const request = codec.decode(message.data) as { id: string; data: { caller: Caller; payload: Record<string, any> } };
          asked.push({ subject, caller: request.data.caller, payload: request.data.payload });
          try {
            message.respond(codec.encode({ id: request.id, response: answer(request.data.payload, request.data.caller), isDisposed: true }));
          } catch (problem) {
            message.respond(codec.encode({ id: request.id, err: problem, isDisposed: true }));
          }
        },
      }),
    );
  };

  beforeAll(async () => {
    gateway = await startGateway({ RPC_TIMEOUT_MS: '1000' });
    nc = await connect({ servers: gateway.nats.url });
    const root = (await gateway.call('GET', '/departments', { token: gateway.adminToken })).body.items[0] as DepartmentView;
    const department = async (name: string, parentId: string) =>
      (await gateway.call('POST', '/departments', { token: gateway.adminToken, body: { name, code: `S${randomBytes(3).toString('hex').toUpperCase()}`, parentId } })).body as DepartmentView;
    district = await department('龙华区', root.id);
    street = await department('中山街道', district.id);
    const org = await gateway.createUser(root.id, ['assessor']);
    assessor = { id: org.id, token: await gateway.tokenOf(org.username) };
    const own = await gateway.createUser(street.id, ['cadre', 'reviewer']);
    cadre = { id: own.id, token: await gateway.tokenOf(own.username), departmentId: street.id };

    rows = [
      row('c1', '王海军', 88.5, 2, district.id, district.name),
      row('c2', '李红', 60, 9, district.id, district.name),
      row('c3', '赵强', 95, 1, street.id, street.name),
      row('c4', '钱进', 70, 6, street.id, street.name),
    ];
    Object.assign(records, {
      r1: record('r1'),
      r2: record('r2', { cadreId: 'someone', participants: [{ userId: cadre.id, name: '张伟', role: 'member', share: 40, confirmation: 'confirmed', comment: '' }] }),
      'r-draft': record('r-draft', { status: 'submitted' }),
      'r-other': record('r-other', { cadreId: 'someone', departmentId: root.id, departmentPath: [root.id] }),
      'r-returned': record('r-returned', {
        status: 'draft',
        history: [
          { action: 'submit', from: 'draft', to: 'submitted', actorId: cadre.id, actorName: '张伟', at: '2026-02-20T01:00:00.000Z', comment: '', version: 2 },
          { action: 'review:return', from: 'submitted', to: 'draft', actorId: 'u-rev', actorName: '审核员', at: '2026-02-21T02:00:00.000Z', comment: '材料不全', version: 3 },
        ],
      }),
      'r-rejected': record('r-rejected', {
        status: 'rejected',
        history: [{ action: 'review:reject', from: 'submitted', to: 'rejected', actorId: 'u-rev', actorName: '审核员', at: '2026-02-22T03:00:00.000Z', comment: '不属于履职范围', version: 3 }],
      }),
      'r-elses': record('r-elses', { cadreId: 'someone', status: 'rejected', history: [{ action: 'review:reject', from: 'submitted', to: 'rejected', actorId: 'u-rev', actorName: '审核员', at, comment: '', version: 3 }] }),
    });

    serve({
      [RPC.selection.roundCreate]: (payload) => ({ ...round(), name: payload.name }),
      [RPC.selection.roundGet]: (payload) => {
        if (payload.roundId === 'hidden') throw forbidden('Only the organisation department manages rounds.');
        if (payload.roundId === 'nope') throw notFound('No such round.');
        return round();
      },
      [RPC.selection.roundList]: (payload) => ({ items: payload.page === 1 ? [{ ...round('notice'), statusLabel: '公示中' }] : [], total: 1, page: payload.page, pageSize: payload.pageSize }),
      [RPC.selection.draw]: () => round(),
      [RPC.selection.drawable]: () => [
        application('a1', 'cadre', 'c3', '赵强', street.id, street.name),
        application('a2', 'department', street.id, street.name, street.id, street.name),
        application('a3', 'cadre', 'c-new', '孙新', street.id, street.name),
      ],
      [RPC.selection.inspect]: () => round(),
      [RPC.selection.decide]: () => round(),
      [RPC.selection.publishNotice]: () => round('notice'),
      [RPC.selection.conclude]: () => round('concluded'),
      [RPC.selection.objectionFile]: () => ({ id: 'ob1', status: 'open' }),
      [RPC.selection.objectionInvestigate]: () => round('notice'),
      [RPC.selection.objectionAnswer]: () => round('notice'),
      [RPC.selection.notices]: () => ({ items: [] }),
      [RPC.selection.mine]: () => ({ candidacies: [], applications: [], objections: [], openAwards: [] }),
      [RPC.selection.applicationSubmit]: (payload) => ({ ...application('a9', payload.body.applicantType, payload.applicant.id, payload.applicant.name, payload.applicant.departmentId, ''), records: payload.records }),
      [RPC.selection.applicationList]: () => ({ items: [application('a1', 'cadre', 'c3', '赵强', street.id, street.name), application('a2', 'department', street.id, street.name, street.id, street.name)], total: 2 }),
      [RPC.selection.applicationRecommend]: () => application('a1', 'cadre', 'c3', '赵强', street.id, street.name),
      [RPC.selection.appealFile]: (payload) => ({ id: 'ap1', subject: payload.subject, status: 'pending' }),
      [RPC.selection.appealList]: (payload) => ({
        items:
          payload.page === 1
            ? [
                {
                  id: 'ap1',
                  subject: { type: 'record', typeLabel: '纪实', id: 'r-returned', title: '纪实r-returned', decision: '退回：材料不全', decidedAt: '2026-02-21T02:00:00.000Z', link: '/records/r-returned' },
                  appellant: { id: cadre.id, name: '张伟', departmentName: '中山街道' },
                  reason: '材料已经齐全，请复核',
                  status: 'upheld',
                  statusLabel: '申诉成立',
                  filedAt: '2026-02-22T16:10:00.000Z',
                  deadline: '2026-03-08T02:00:00.000Z',
                  answer: '予以重新审核',
                  decidedBy: person('u-org', '组织部李明'),
                  decidedAt: '2026-02-23T01:00:00.000Z',
                  history: [],
                  version: 2,
                },
              ]
            : [],
        total: 1,
        page: payload.page,
        pageSize: payload.pageSize,
      }),
      [RPC.selection.appealGet]: (payload) => {
        if (payload.appealId !== 'ap1') throw notFound('No such appeal.');
        return { id: 'ap1' };
      },
      [RPC.selection.appealDecide]: () => ({ id: 'ap1', status: 'upheld' }),
      [RPC.selection.outcomes]: () => ({
        items: [
          {
            roundId: 'rd1',
            roundName: '2026年区发改委副主任选任',
            kind: 'promoted',
            kindLabel: '提拔使用',
            candidateType: 'cadre',
            candidateId: 'c1',
            name: '王海军',
            departmentId: district.id,
            departmentName: '龙华区',
            position: '区发改委副主任',
            points: 88.5,
            topDecile: true,
            openedAt: at,
            decidedAt: '2026-03-02T08:30:00.000Z',
            concludedAt: '2026-03-10T16:00:00.000Z',
            decidedBy: person('u-org', '组织部李明'),
          },
        ],
        total: 1,
      }),
      [RPC.analytics.candidates]: (payload) => {
        if (payload.cadreIds) return { period: payload.period ?? '2026', items: (payload.cadreIds as string[]).flatMap((id) => rows.filter((r) => r.cadreId === id)) };
        return { period: payload.period ?? '2026', items: rows.filter((r) => r.departmentId === payload.departmentId || (payload.departmentId === district.id && r.departmentId === street.id)) };
      },
      [RPC.analytics.selection]: (payload) =>
        payload.format === 'csv' ? { filename: 'analytics-selection-2026.csv', header: ['范围', '龙华区'], rows: [], next: null } : {
        period: payload.period,
        scope: { departmentId: district.id, departmentName: '龙华区' },
        outcomes: { promoted: 2, advanced: 1, awarded: 3, total: 6 },
        byDepartment: [
          { departmentId: street.id, departmentName: '中山街道', promoted: 1, advanced: 1, awarded: 2, total: 4 },
          { departmentId: district.id, departmentName: '龙华区', promoted: 1, advanced: 0, awarded: 1, total: 2 },
        ],
        merit: { selected: 3, topDecile: 2, share: 66.67 },
        rounds: { concluded: 2, averageDaysToDecision: 12.5, medianDaysToDecision: 12.5 },
        asOf: {},
      },
      [RPC.records.get]: (payload) => {
        const found = records[payload.id];
        if (!found) throw notFound('No such record.');
        return found;
      },
      [RPC.records.taxonomyGet]: () => ({ version: 2, createdAt: at, items: [{ code: 'INVEST', name: '招商引资', children: [{ code: 'INVEST-03', name: '500强企业引进' }] }] }),
      [RPC.tasks.get]: (payload) => {
        if (payload.id === 't-hidden') throw notFound('No such task.');
        if (payload.id === 't-open') return task({ status: 'in_progress', concludedAt: null, teamVerdicts: [{ teamId: 'team-b', verdict: null }] });
        if (payload.id === 't-others') return task({ bids: [{ teamId: 'team-a', status: 'awarded', members: [{ userId: 'u-other' }] }] });
        return task();
      },
      [RPC.scoring.score]: (payload) => ({
        cadreId: payload.id,
        period: payload.period,
        entries: [{ id: 'e-1', points: 12.5, explanation: '纪实《引进500强企业》：招商引资 …', occurredAt: '2026-02-25T04:00:00.000Z' }],
      }),
    });
    await nc.flush();
  });
  afterAll(async () => {
    await nc?.drain().catch(() => undefined);
    await gateway?.stop();
  });

  const fieldsOf = (answer: { body: { errors?: { path: string }[] } }) => (answer.body.errors ?? []).map((e) => e.path).sort();

  it('refuses invalid bodies and queries before any RPC, naming every field (400)', async () => {
    const before = asked.length;
    const cases: [string, string, unknown, string[]][] = [
      ['POST', '/selection/rounds', { kind: 'boss', name: ' ', positions: [], departmentIds: [], extra: 1 }, ['departmentIds', 'extra', 'kind', 'name', 'positions']],
      ['POST', '/selection/rounds', { kind: 'award', name: '评优', positions: [{ name: '优秀', count: 0 }], departmentIds: ['d1'] }, ['applyUntil', 'positions.0.count']],
      ['POST', '/selection/rounds', { kind: 'promotion', name: 'x', positions: [{ name: 'a', count: 1 }], departmentIds: ['d1'], criteria: { withoutGrades: ['bad'], limit: 101 } }, ['criteria.limit', 'criteria.withoutGrades.0']],
      ['POST', '/selection/rounds', { kind: 'promotion', name: 'x', positions: [{ name: 'a', count: 1 }], departmentIds: ['d1'], applyUntil: '2026-03-01' }, ['applyUntil']],
      ['POST', '/selection/rounds/rd1/candidates/draw', { source: 'applications', cadreIds: ['c1'] }, ['cadreIds']],
      ['POST', '/selection/rounds/rd1/candidates/draw', { source: 'everyone', cadreIds: ['c1', 'c1'] }, ['cadreIds', 'source']],
      ['POST', '/selection/rounds/rd1/candidates/c1/inspection', { note: '' }, ['note']],
      ['POST', '/selection/rounds/rd1/candidates/c1/decision', { selected: true, reason: '好' }, ['position']],
      ['POST', '/selection/rounds/rd1/candidates/c1/decision', { selected: 'yes', reason: '' }, ['reason', 'selected']],
      ['POST', '/selection/rounds/rd1/notice', { noticeDays: 0 }, ['noticeDays']],
      ['POST', '/selection/rounds/rd1/objections', { candidateId: 'c/1', reason: '不同意' }, ['candidateId', 'reason']],
      ['POST', '/selection/rounds/rd1/objections/ob1/investigate', {}, ['note']],
      ['POST', '/selection/rounds/rd1/objections/ob1/answer', { outcome: 'rejected', answer: '不属实', withdrawCandidate: true }, ['withdrawCandidate']],
      ['POST', '/selection/rounds/rd1/conclude', { force: true }, ['force']],
      ['POST', '/selection/rounds/rd1/applications', { applicantType: 'department', award: '', statement: 'x', recordIds: ['r1', 'r1'] }, ['award', 'departmentId', 'recordIds']],
      ['POST', '/selection/rounds/rd1/applications', { applicantType: 'cadre', departmentId: 'd1', award: '优秀', statement: '' }, ['departmentId', 'statement']],
      ['POST', '/selection/rounds/rd1/applications/a1/recommend', { recommend: 1, comment: '' }, ['comment', 'recommend']],
      ['POST', '/selection/appeals', { subjectType: 'grade', subjectId: '', reason: '不服' }, ['reason', 'subjectId', 'subjectType']],
      ['POST', '/selection/appeals/ap1/decide', { outcome: 'maybe', answer: '' }, ['answer', 'outcome']],
    ];
    for (const [method, url, body, fields] of cases) {
      const answer = await gateway.call(method, url, { token: assessor.token, body });
      expect({ method, url, status: answer.status, type: answer.headers['content-type'], fields: fieldsOf(answer) }).toEqual({
        method,
        url,
        status: 400,
        type: 'application/problem+json; charset=utf-8',
        fields,
      });
    }
    for (const [url, fields] of [
      ['/selection/rounds?status=done&kind=x&pageSize=500&sort=name', ['kind', 'pageSize', 'sort', 'status']],
      ['/selection/rounds/rd1?format=pdf', ['format']],
      ['/selection/rounds/rd1/applications?status=maybe&departmentId=a.b', ['departmentId', 'status']],
      ['/selection/appeals?mine=yes&status=open', ['mine', 'status']],
      ['/selection/outcomes?period=26&kind=promotion', ['kind', 'period']],
    ] as const) {
      const answer = await gateway.call('GET', url, { token: assessor.token });
      expect({ url, status: answer.status, fields: fieldsOf(answer) }).toEqual({ url, status: 400, fields: [...fields].sort() });
    }
    expect(asked.length).toBe(before);
  });

  it('draws the shortlist: each department’s with the round’s criteria, merged, the best `limit` by points, frozen with the directory’s paths', async () => {
    const before = Date.now();
    const answer = await gateway.call('POST', '/selection/rounds/rd1/candidates/draw', { token: assessor.token, body: {} });
    expect(answer.status).toBe(200);
    expect(askedOf(RPC.selection.roundGet).at(-1)).toMatchObject({ caller: { userId: assessor.id }, payload: { roundId: 'rd1' } });
    const queries = askedOf(RPC.analytics.candidates).slice(-2);
    expect(queries.map((q) => q.payload).sort((a, b) => String(a.departmentId).localeCompare(String(b.departmentId)))).toEqual(
      [district.id, street.id]
        .sort()
        .map((departmentId) => ({ departmentId, limit: 3, gradeYears: 2, period: '2026', rankLevel: 'section', withoutGrades: 'basic,incompetent', minSatisfaction: 80 })),
    );
    expect(queries.every((q) => q.caller.userId === assessor.id)).toBe(true);

    const drawn = askedOf(RPC.selection.draw).at(-1)!;
    expect(drawn.caller.userId).toBe(assessor.id);
    expect(drawn.payload.roundId).toBe('rd1');
    expect(drawn.payload.source).toBe('shortlist');
    const candidates = (drawn.payload.candidates as unknown[]).map((c) => drawnCandidateSchema.parse(c));
    // The street's cadres come from both departments' answers (the district's subtree holds the street): each once.
    expect(candidates.map((c) => [c.candidateId, c.evidence.points])).toEqual([
      ['c3', 95],
      ['c1', 88.5],
      ['c4', 70],
    ]);
    const best = candidates[0]!;
    expect(best).toMatchObject({
      type: 'cadre',
      name: '赵强',
      departmentId: street.id,
      departmentName: street.name,
      departmentPath: street.path,
      rankLevel: 'section',
      title: '科长',
      applicationId: null,
      evidence: { period: '2026', points: 95, byItem: { INVEST: 95 }, cityRank: 1, cityCadres: 40, topDecile: true, evidence: evidence('r-c3'), grades, satisfaction: 92.5 },
    });
    expect(Date.parse(best.evidence.capturedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(candidates[1]!.departmentPath).toEqual(district.path);
  });

  it('draws named cadres in the order named, and 400 naming cadreIds.<i> for one analytics does not know', async () => {
    const answer = await gateway.call('POST', '/selection/rounds/rd1/candidates/draw', { token: assessor.token, body: { cadreIds: ['c4', 'c1'] } });
    expect(answer.status).toBe(200);
    expect(askedOf(RPC.analytics.candidates).at(-1)?.payload).toEqual({ cadreIds: ['c4', 'c1'], gradeYears: 2, period: '2026' });
    expect(askedOf(RPC.selection.draw).at(-1)?.payload.candidates.map((c: { candidateId: string }) => c.candidateId)).toEqual(['c4', 'c1']);

    const draws = askedOf(RPC.selection.draw).length;
    const unknown = await gateway.call('POST', '/selection/rounds/rd1/candidates/draw', { token: assessor.token, body: { source: 'shortlist', cadreIds: ['c1', 'ghost', 'c2', 'nobody'] } });
    expect({ status: unknown.status, fields: fieldsOf(unknown) }).toEqual({ status: 400, fields: ['cadreIds.1', 'cadreIds.3'] });
    expect(askedOf(RPC.selection.draw).length).toBe(draws);
  });

  it('draws the recommended applications: a cadre with their shortlist row, a department (and a cadre without figures) with the application’s records', async () => {
    const answer = await gateway.call('POST', '/selection/rounds/rd1/candidates/draw', { token: assessor.token, body: { source: 'applications' } });
    expect(answer.status).toBe(200);
    expect(askedOf(RPC.selection.drawable).at(-1)).toMatchObject({ caller: { userId: assessor.id }, payload: { roundId: 'rd1' } });
    expect(askedOf(RPC.analytics.candidates).at(-1)?.payload).toEqual({ cadreIds: ['c3', 'c-new'], gradeYears: 2, period: '2026' });
    const drawn = askedOf(RPC.selection.draw).at(-1)!;
    expect(drawn.payload.source).toBe('applications');
    const [cadreCandidate, departmentCandidate, newcomer] = (drawn.payload.candidates as unknown[]).map((c) => drawnCandidateSchema.parse(c));
    expect(cadreCandidate).toMatchObject({ type: 'cadre', candidateId: 'c3', applicationId: 'a1', departmentPath: street.path, evidence: { points: 95, cityRank: 1, topDecile: true } });
    expect(departmentCandidate).toMatchObject({
      type: 'department',
      candidateId: street.id,
      name: street.name,
      departmentId: street.id,
      departmentPath: street.path,
      rankLevel: null,
      title: '',
      applicationId: 'a2',
      evidence: {
        period: '2026',
        points: null,
        byItem: {},
        cityRank: null,
        cityCadres: null,
        topDecile: null,
        grades: [],
        satisfaction: null,
        evidence: {
          records: [{ recordId: 'r9', title: '营商环境改革', itemCode: 'REFORM-01', rating: null, impactLevel: null, verifiedAt: at, points: null }],
          tasks: [],
          ratings: {},
          verifiedRecords: 1,
          concludedTasks: 0,
        },
      },
    });
    expect(newcomer).toMatchObject({ type: 'cadre', candidateId: 'c-new', applicationId: 'a3', evidence: { points: null, cityRank: null } });
  });

  it('passes the round’s refusal on before reading any shortlist (403, 404)', async () => {
    const shortlists = askedOf(RPC.analytics.candidates).length;
    expect((await gateway.call('POST', '/selection/rounds/hidden/candidates/draw', { token: cadre.token, body: {} })).status).toBe(403);
    expect((await gateway.call('POST', '/selection/rounds/nope/candidates/draw', { token: assessor.token })).status).toBe(404);
    expect(askedOf(RPC.analytics.candidates).length).toBe(shortlists);
  });

  it('files an application with its records read as the caller: verified ones of the applicant only, 400 naming recordIds.<i>', async () => {
    const body = { applicantType: 'cadre', award: '优秀公务员', statement: '全年完成任务150%', recordIds: ['r1', 'r2'] };
    const filed = await gateway.call('POST', '/selection/rounds/rd1/applications', { token: cadre.token, body });
    expect(filed.status).toBe(201);
    expect(askedOf(RPC.records.get).slice(-2).every((a) => a.caller.userId === cadre.id)).toBe(true);
    const submitted = askedOf(RPC.selection.applicationSubmit).at(-1)!;
    expect(submitted.caller.userId).toBe(cadre.id);
    expect(submitted.payload).toEqual({
      roundId: 'rd1',
      body,
      applicant: { id: cadre.id, name: expect.any(String), departmentId: street.id, departmentPath: street.path },
      records: [
        { recordId: 'r1', title: '纪实r1', itemCode: 'INVEST-03', itemName: '招商引资 / 500强企业引进', verifiedAt: at },
        { recordId: 'r2', title: '纪实r2', itemCode: 'INVEST-03', itemName: '招商引资 / 500强企业引进', verifiedAt: at },
      ],
    });

    const submits = askedOf(RPC.selection.applicationSubmit).length;
    const refused = await gateway.call('POST', '/selection/rounds/rd1/applications', { token: cadre.token, body: { ...body, recordIds: ['r1', 'hidden', 'r-draft', 'r-other'] } });
    expect({ status: refused.status, fields: fieldsOf(refused) }).toEqual({ status: 400, fields: ['recordIds.1', 'recordIds.2', 'recordIds.3'] });
    expect(askedOf(RPC.selection.applicationSubmit).length).toBe(submits);
  });

  it('files a department’s application: the department from the directory (400 naming departmentId when unknown), records of its subtree', async () => {
    const body = { applicantType: 'department', departmentId: district.id, award: '先进集体', statement: '营商环境改革成效显著', recordIds: ['r1', 'r-other'] };
    const refused = await gateway.call('POST', '/selection/rounds/rd1/applications', { token: cadre.token, body });
    expect({ status: refused.status, fields: fieldsOf(refused) }).toEqual({ status: 400, fields: ['recordIds.1'] });

    const filed = await gateway.call('POST', '/selection/rounds/rd1/applications', { token: cadre.token, body: { ...body, recordIds: ['r1'] } });
    expect(filed.status).toBe(201);
    expect(askedOf(RPC.selection.applicationSubmit).at(-1)?.payload).toMatchObject({
      applicant: { id: district.id, name: district.name, departmentId: district.id, departmentPath: district.path },
      records: [{ recordId: 'r1' }],
    });

    const unknown = await gateway.call('POST', '/selection/rounds/rd1/applications', { token: cadre.token, body: { ...body, departmentId: 'no-such-department' } });
    expect({ status: unknown.status, fields: fieldsOf(unknown) }).toEqual({ status: 400, fields: ['departmentId'] });
  });

  it('builds the appeal’s subject from a record read as the appellant: returned, rejected, another state, someone else’s; 404 passed on', async () => {
    const subjectOf = async (subjectId: string) => {
      const answer = await gateway.call('POST', '/selection/appeals', { token: cadre.token, body: { subjectType: 'record', subjectId, reason: '理由充分，请复核' } });
      expect(answer.status).toBe(201);
      const filed = askedOf(RPC.selection.appealFile).at(-1)!;
      expect(filed.caller.userId).toBe(cadre.id);
      expect(filed.payload.body).toEqual({ subjectType: 'record', subjectId, reason: '理由充分，请复核' });
      return filed.payload.subject;
    };
    const scope = { departmentId: street.id, departmentPath: street.path };
    expect(await subjectOf('r-returned')).toEqual({
      type: 'record',
      id: 'r-returned',
      title: '纪实r-returned',
      decision: '退回：材料不全',
      decidedAt: '2026-02-21T02:00:00.000Z',
      link: '/records/r-returned',
      state: 'returned',
      entitled: true,
      ...scope,
    });
    expect(await subjectOf('r-rejected')).toMatchObject({ decision: '不予通过：不属于履职范围', decidedAt: '2026-02-22T03:00:00.000Z', state: 'rejected', entitled: true });
    expect(await subjectOf('r1')).toMatchObject({ state: 'verified', decision: '已认定', entitled: true });
    expect(await subjectOf('r-elses')).toMatchObject({ state: 'rejected', decision: '不予通过', entitled: false });

    const files = askedOf(RPC.selection.appealFile).length;
    const hidden = await gateway.call('POST', '/selection/appeals', { token: cadre.token, body: { subjectType: 'record', subjectId: 'r-secret', reason: '理由充分，请复核' } });
    expect({ status: hidden.status, detail: hidden.body.detail }).toEqual({ status: 404, detail: 'No such record.' });
    expect(askedOf(RPC.selection.appealFile).length).toBe(files);
  });

  it('builds the appeal’s subject from a task’s verdict (the caller’s team’s) and from a points entry of the caller', async () => {
    const file = (subjectType: string, subjectId: string) =>
      gateway.call('POST', '/selection/appeals', { token: cadre.token, body: { subjectType, subjectId, reason: '评审结果与实际不符' } });
    expect((await file('verdict', 't1')).status).toBe(201);
    expect(askedOf(RPC.tasks.get).at(-1)).toMatchObject({ caller: { userId: cadre.id }, payload: { id: 't1' } });
    expect(askedOf(RPC.selection.appealFile).at(-1)?.payload.subject).toEqual({
      type: 'verdict',
      id: 't1',
      title: '营商环境攻坚',
      decision: '评审结果 合格',
      decidedAt: '2026-02-27T08:00:00.000Z',
      link: '/tasks/t1',
      state: 'verdict',
      entitled: true,
      departmentId: street.id,
      departmentPath: street.path,
    });
    expect((await file('verdict', 't-others')).status).toBe(201);
    expect(askedOf(RPC.selection.appealFile).at(-1)?.payload.subject).toMatchObject({ entitled: false, decision: '评审结果 优秀' });

    const files = askedOf(RPC.selection.appealFile).length;
    const open = await file('verdict', 't-open');
    expect(open.status).toBe(409);
    expect((await file('verdict', 't-hidden')).status).toBe(404);
    expect(askedOf(RPC.selection.appealFile).length).toBe(files);

    expect((await file('score_entry', 'e-1')).status).toBe(201);
    expect(askedOf(RPC.scoring.score).at(-1)).toMatchObject({ caller: { userId: cadre.id }, payload: { id: cadre.id, period: 'rolling3' } });
    expect(askedOf(RPC.selection.appealFile).at(-1)?.payload.subject).toEqual({
      type: 'score_entry',
      id: 'e-1',
      title: '纪实《引进500强企业》：招商引资 …',
      decision: '积分 +12.50',
      decidedAt: '2026-02-25T04:00:00.000Z',
      link: '/scores',
      state: 'entry',
      entitled: true,
      departmentId: street.id,
      departmentPath: street.path,
    });
    const missing = await file('score_entry', 'e-someone-else');
    expect(missing.status).toBe(404);
    expect(askedOf(RPC.selection.appealFile).length).toBe(files + 1);
  });

  it('forwards every command as {roundId, …, body} with the caller; an objection answers only its id and status', async () => {
    const commands: [string, string, unknown, string, Record<string, unknown>][] = [
      ['POST', '/selection/rounds/rd1/candidates/c1/inspection', { note: ' 谈话12人 ' }, RPC.selection.inspect, { roundId: 'rd1', candidateId: 'c1', body: { note: '谈话12人' } }],
      ['POST', '/selection/rounds/rd1/candidates/c1/decision', { selected: true, position: '区发改委副主任', reason: '实绩突出' }, RPC.selection.decide, { roundId: 'rd1', candidateId: 'c1', body: { selected: true, position: '区发改委副主任', reason: '实绩突出' } }],
      ['POST', '/selection/rounds/rd1/notice', {}, RPC.selection.publishNotice, { roundId: 'rd1', body: {} }],
      ['POST', '/selection/rounds/rd1/objections/ob1/investigate', { note: '调取材料' }, RPC.selection.objectionInvestigate, { roundId: 'rd1', objectionId: 'ob1', body: { note: '调取材料' } }],
      ['POST', '/selection/rounds/rd1/objections/ob1/answer', { outcome: 'upheld', answer: '属实', withdrawCandidate: true }, RPC.selection.objectionAnswer, { roundId: 'rd1', objectionId: 'ob1', body: { outcome: 'upheld', answer: '属实', withdrawCandidate: true } }],
      ['POST', '/selection/rounds/rd1/conclude', undefined, RPC.selection.conclude, { roundId: 'rd1' }],
      ['POST', '/selection/rounds/rd1/applications/a1/recommend', { recommend: false, comment: '材料不足' }, RPC.selection.applicationRecommend, { roundId: 'rd1', applicationId: 'a1', body: { recommend: false, comment: '材料不足' } }],
      ['POST', '/selection/appeals/ap1/decide', { outcome: 'dismissed', answer: '维持原决定' }, RPC.selection.appealDecide, { appealId: 'ap1', body: { outcome: 'dismissed', answer: '维持原决定' } }],
    ];
    for (const [method, url, body, subject, payload] of commands) {
      const answer = await gateway.call(method, url, { token: assessor.token, body });
      expect({ url, status: answer.status }).toEqual({ url, status: 200 });
      expect(askedOf(subject).at(-1)).toMatchObject({ caller: { userId: assessor.id } });
      expect(askedOf(subject).at(-1)?.payload).toEqual(payload);
    }
    const created = await gateway.call('POST', '/selection/rounds', {
      token: assessor.token,
      body: { kind: 'promotion', name: '2026年区发改委副主任选任', positions: [{ name: '区发改委副主任', count: 1 }], departmentIds: [district.id] },
    });
    expect(created.status).toBe(201);
    expect(askedOf(RPC.selection.roundCreate).at(-1)?.payload).toEqual({
      kind: 'promotion',
      name: '2026年区发改委副主任选任',
      positions: [{ name: '区发改委副主任', count: 1 }],
      departmentIds: [district.id],
      criteria: { withoutGrades: [], gradeYears: 3, limit: 20 },
      noticeDays: 5,
    });

    const objection = await gateway.call('POST', '/selection/rounds/rd1/objections', { token: cadre.token, body: { candidateId: 'c1', reason: '存在违规审批问题' } });
    expect({ status: objection.status, body: objection.body }).toEqual({ status: 201, body: { id: 'ob1', status: 'open' } });
    expect(askedOf(RPC.selection.objectionFile).at(-1)).toMatchObject({ caller: { userId: cadre.id }, payload: { roundId: 'rd1', body: { candidateId: 'c1', reason: '存在违规审批问题' } } });

    for (const [url, subject, payload] of [
      ['/selection/notices', RPC.selection.notices, {}],
      ['/selection/mine', RPC.selection.mine, {}],
      ['/selection/appeals/ap1', RPC.selection.appealGet, { appealId: 'ap1' }],
      ['/selection/rounds?status=notice&kind=promotion&page=2&pageSize=10', RPC.selection.roundList, { status: 'notice', kind: 'promotion', page: 2, pageSize: 10 }],
      ['/selection/appeals?status=pending&mine=true', RPC.selection.appealList, { status: 'pending', mine: 'true', page: 1, pageSize: 20 }],
      ['/selection/outcomes?period=2026&kind=promoted', RPC.selection.outcomes, { period: '2026', kind: 'promoted' }],
      [`/selection/rounds/rd1/applications?departmentId=${street.id}&status=recommended`, RPC.selection.applicationList, { roundId: 'rd1', query: { departmentId: street.id, status: 'recommended' } }],
    ] as const) {
      const answer = await gateway.call('GET', url, { token: cadre.token });
      expect({ url, status: answer.status }).toEqual({ url, status: 200 });
      expect(askedOf(subject).at(-1)?.payload).toEqual(payload);
    }
    expect((await gateway.call('GET', '/selection/appeals/other', { token: cadre.token })).status).toBe(404);
  });

  it('answers the tables as CSV files for people: BOM, Chinese headers, labels, Beijing time, 编号 last', async () => {
    const csvOf = async (url: string) => {
      const answer = await gateway.call('GET', url, { token: assessor.token });
      expect({ url, status: answer.status, type: answer.headers['content-type'] }).toEqual({ url, status: 200, type: 'text/csv; charset=utf-8' });
      expect(String(answer.body).startsWith('\uFEFF')).toBe(true);
      return String(answer.body).slice(1).split('\r\n');
    };
    expect((await csvOf('/selection/rounds?format=csv')).slice(0, 2)).toEqual([
      '名称,类别,状态,职位/奖项,考察对象,拟任,撤回,待核查异议,发起人,发起时间,公示截止,办结时间,编号',
      '2026年区发改委副主任选任,提拔使用,公示中,区发改委副主任×1,1,1,0,2,组织部李明,2026-03-02 09:00,2026-03-09 23:59,,rd1',
    ]);
    expect(askedOf(RPC.selection.roundList).at(-1)?.payload).toEqual({ page: 1, pageSize: 100 });

    expect((await csvOf('/selection/rounds/rd1?format=csv')).slice(0, 2)).toEqual([
      '姓名,单位,职务,职级,积分,全市名次,前10%,状态,拟任职位,决定理由,决定人,编号',
      '王海军,龙华区,科长,科级,88.5,2/40,是,拟任人选,区发改委副主任,实绩突出,组织部李明,c1',
    ]);

    expect((await csvOf('/selection/rounds/rd1/applications?format=csv')).slice(0, 3)).toEqual([
      '申报对象,类别,单位,奖项,申报理由,佐证纪实,状态,推荐意见,推荐人,申报人,申报时间,编号',
      '赵强,个人,中山街道,优秀公务员,全年完成任务150%,营商环境改革,已推荐,同意推荐,审核员,赵强,2026-03-02 00:30,a1',
      '中山街道,集体,中山街道,优秀公务员,全年完成任务150%,营商环境改革,已推荐,同意推荐,审核员,中山街道,2026-03-02 00:30,a2',
    ]);

    expect((await csvOf('/selection/appeals?format=csv')).slice(0, 2)).toEqual([
      '申诉事项,类别,原决定,决定时间,申诉人,单位,申诉理由,状态,处理意见,处理人,申诉时间,申诉截止,处理时间,编号',
      '纪实r-returned,纪实,退回：材料不全,2026-02-21 10:00,张伟,中山街道,材料已经齐全，请复核,申诉成立,予以重新审核,组织部李明,2026-02-23 00:10,2026-03-08 10:00,2026-02-23 09:00,ap1',
    ]);

    expect((await csvOf('/selection/outcomes?format=csv')).slice(0, 2)).toEqual([
      '选任,类别,对象,单位,职位/奖项,积分,前10%,发起时间,决定时间,办结时间,决定人,编号',
      '2026年区发改委副主任选任,提拔使用,王海军,龙华区,区发改委副主任,88.5,是,2026-03-02 09:00,2026-03-02 16:30,2026-03-11 00:00,组织部李明,c1',
    ]);
  });

  it('serves /analytics/selection: the figures from analytics as the caller; the CSV as analytics renders it', async () => {
    const figures = await gateway.call('GET', `/analytics/selection?period=2026&departmentId=${district.id}`, { token: assessor.token });
    expect(figures.status).toBe(200);
    expect(figures.body.outcomes).toEqual({ promoted: 2, advanced: 1, awarded: 3, total: 6 });
    expect(askedOf(RPC.analytics.selection).at(-1)).toMatchObject({ caller: { userId: assessor.id }, payload: { period: '2026', departmentId: district.id } });

    const csv = await gateway.call('GET', '/analytics/selection?period=2026&format=csv', { token: assessor.token });
    expect({ status: csv.status, type: csv.headers['content-type'] }).toEqual({ status: 200, type: 'text/csv; charset=utf-8' });
    expect(askedOf(RPC.analytics.selection).at(-1)?.payload).toEqual({ period: '2026', format: 'csv' });
    expect(String(csv.body)).toContain('范围,龙华区');
  });

  it('needs a token on every route (401), and answers 503 when the selection service is away', async () => {
    const routes: [string, string][] = [
      ['POST', '/selection/rounds'],
      ['GET', '/selection/rounds'],
      ['GET', '/selection/rounds/rd1'],
      ['POST', '/selection/rounds/rd1/candidates/draw'],
      ['POST', '/selection/rounds/rd1/candidates/c1/inspection'],
      ['POST', '/selection/rounds/rd1/candidates/c1/decision'],
      ['POST', '/selection/rounds/rd1/notice'],
      ['GET', '/selection/notices'],
      ['POST', '/selection/rounds/rd1/objections'],
      ['POST', '/selection/rounds/rd1/objections/ob1/investigate'],
      ['POST', '/selection/rounds/rd1/objections/ob1/answer'],
      ['POST', '/selection/rounds/rd1/conclude'],
      ['GET', '/selection/outcomes'],
      ['GET', '/selection/mine'],
      ['POST', '/selection/rounds/rd1/applications'],
      ['GET', '/selection/rounds/rd1/applications'],
      ['POST', '/selection/rounds/rd1/applications/a1/recommend'],
      ['POST', '/selection/appeals'],
      ['GET', '/selection/appeals'],
      ['GET', '/selection/appeals/ap1'],
      ['POST', '/selection/appeals/ap1/decide'],
      ['GET', '/analytics/selection'],
    ];
    const before = asked.length;
    for (const [method, url] of routes) expect({ url, status: (await gateway.call(method, url, { body: method === 'GET' ? undefined : {} })).status }).toEqual({ url, status: 401 });
    expect(asked.length).toBe(before);

    for (const subscription of subscriptions) subscription.unsubscribe();
    await nc.flush();
    const away = await gateway.call('GET', '/selection/rounds/rd1', { token: assessor.token });
    expect(away.status).toBe(503);
    expect(away.headers['retry-after']).toBeDefined();
  });
});
