/**
 * The appraisal routes of the gateway in process (考评情况 / 民主测评, docs/API.md "Appraisal"), with stand-ins for the
 * appraisal and scoring services on the private NATS server (they answer the RPC subjects as the services would, and
 * record what they were asked): bodies and queries are checked with the contract's schemas before any RPC (400
 * naming every field), each route forwards `{cycleId, cadreId, body}` with the caller the gateway resolved, the
 * tables come as CSV files for people (BOM, Chinese headers, labels, Beijing time, 编号 last), and the combined view
 * (综合考评) is composed from both services, a refusal of either being the answer.
 */
import { JSONCodec, connect, type NatsConnection, type Subscription } from 'nats';
import {
  RPC,
  appraisalViewSchema,
  ballotReceiptViewSchema,
  cadreAppraisalViewSchema,
  cyclePageSchema,
  cycleViewSchema,
  myBallotsViewSchema,
  sheetViewSchema,
  surveyCadreViewSchema,
  surveyCloseViewSchema,
  surveyViewSchema,
  type AppraisalView,
  type CadreAppraisalPart,
  type Caller,
  type CycleView,
  type MyBallotsView,
  type ScoreView,
  type SheetView,
  type SurveyView,
} from '@cadre/contracts';
import { matchesSchema } from '@cadre/testing';
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

const department = { departmentId: 'd1', departmentName: '龙华区', cadres: 5, byStatus: { pending: 3, submitted: 1, returned: 0, confirmed: 1 }, topGrade: { grade: 'excellent' as const, used: 1, max: 1 } };
const criteria = [
  { code: 'de', name: '德', weight: 0.5 },
  { code: 'ji', name: '绩', weight: 0.5 },
];
const cycle: CycleView = {
  id: 'cy1',
  kind: 'annual',
  kindLabel: '年度考核',
  name: '2026年度考核',
  period: '2026',
  status: 'open',
  statusLabel: '进行中',
  topGradeQuota: 0.2,
  dueDate: '2027-01-15',
  departmentIds: ['d1'],
  departments: [department],
  survey: { status: 'closed', criteria, groups: [{ group: 'peer', weight: 1, minRaters: 1 }], closedAt: at },
  createdBy: { id: 'admin', name: '管理员' },
  createdAt: at,
  closedAt: null,
  version: 1,
};
const appraisal: AppraisalView = {
  id: 'cy1:c1',
  cycleId: 'cy1',
  cadreId: 'c1',
  name: '王海军',
  title: '副区长',
  rankLevel: 'division',
  departmentId: 'd1',
  departmentName: '龙华区',
  grade: 'excellent',
  gradeLabel: '优秀',
  comment: '招商引资成效突出',
  status: 'submitted',
  statusLabel: '待审核',
  version: 1,
  updatedAt: '2026-12-31T16:05:00.000Z',
  history: [{ at, action: 'grade', actionLabel: '评定', by: { id: 'u-app', name: '考核专员' }, grade: 'excellent', comment: '招商引资成效突出' }],
};
const sheet: SheetView = {
  cycle: { id: 'cy1', name: '2026年度考核', kind: 'annual', period: '2026', status: 'open' },
  department,
  grades: [{ grade: 'excellent', label: '优秀' }],
  items: [appraisal],
};
const result = {
  cycleId: 'cy1',
  cycleName: '2026年度考核',
  period: '2026',
  cadreId: 'c1',
  shown: true,
  groups: [{ group: 'peer' as const, label: '同级', weight: 1, invited: 3, voted: 3, counted: true }],
  criteria: [
    { code: 'de', name: '德', weight: 0.5, score: 93.33 },
    { code: 'ji', name: '绩', weight: 0.5, score: 80 },
  ],
  overall: 86.67,
  satisfaction: 100,
};
const surveyCadre = { cadreId: 'c1', name: '王海军', invited: 3, voted: 3, raters: [{ userId: 'u-r1', name: '李红', group: 'peer' as const, groupLabel: '同级', voted: true }], result };
const survey: SurveyView = {
  cycle: { id: 'cy1', name: '2026年度考核', status: 'open', surveyStatus: 'closed' },
  departmentId: 'd1',
  departmentName: '龙华区',
  items: [surveyCadre, { cadreId: 'c2', name: '张伟', invited: 2, voted: 0, raters: [], result: null }],
};
const ballots: MyBallotsView = {
  items: [{ cycleId: 'cy1', cycleName: '2026年度考核', cadreId: 'c1', name: '王海军', title: '副区长', departmentName: '龙华区', group: 'peer', groupLabel: '同级', voted: false, criteria }],
  answers: [{ answer: 'good', label: '好', score: 100 }],
};
const part: CadreAppraisalPart = {
  cadre: { id: 'c1', name: '王海军', departmentId: 'd1', departmentName: '龙华区', title: '副区长', rankLevel: 'division' },
  period: '2026',
  grades: [{ cycleId: 'cy1', cycleName: '2026年度考核', kind: 'annual', kindLabel: '年度考核', period: '2026', grade: 'excellent', gradeLabel: '优秀', status: 'confirmed', statusLabel: '已确认', comment: '成效突出', history: [] }],
  surveys: [result],
};
const ledgerEntry = (source: { type: 'record' | 'task' | 'appraisal'; id: string; title: string }, points: number, explanation: string, extra: Record<string, unknown> = {}) => ({
  id: `e-${source.id}`,
  cadreId: 'c1',
  points,
  hundredths: Math.round(points * 100),
  counted: Math.round(points * 100),
  part: source.type === 'appraisal' ? 'appraisal' : 'contribution',
  source: { ...source, version: 1 },
  standardVersion: 1,
  period: '2026',
  explanation,
  occurredAt: at,
  createdAt: at,
  ...extra,
});
const score = {
  cadreId: 'c1',
  period: '2026',
  total: 37.68,
  participation: 0,
  contribution: 27.68,
  bonus: 0,
  reversal: 0,
  appraisal: 10,
  byItem: { INVEST: 7.68, TASK: 20, APPRAISAL: 10 },
  capped: [],
  entries: [
    ledgerEntry({ type: 'record', id: 'r1', title: '引进500强企业' }, 7.68, '纪实《引进500强企业》：招商引资 / 500强企业引进 …', { itemCode: 'INVEST-03', firstLevelCode: 'INVEST' }),
    ledgerEntry({ type: 'task', id: 't1', title: '营商环境攻坚' }, 20, '任务《营商环境攻坚》：奖励 …'),
    ledgerEntry({ type: 'appraisal', id: 'cy1:c1', title: '2026年度考核' }, 10, '考核《2026年度考核》：年度考核 优秀 → 10.00'),
  ],
  standardVersion: 1,
  updatedAt: at,
} as unknown as ScoreView;

describe('gateway in process: appraisal routes', () => {
  let gateway: ComponentGateway;
  let nc: NatsConnection;
  let subscriptions: Subscription[] = [];
  let token: string;
  let userId: string;
  const asked: Asked[] = [];
  const askedOf = (subject: string) => asked.filter((a) => a.subject === subject);

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
    const root = (await gateway.call('GET', '/departments', { token: gateway.adminToken })).body.items[0];
    const user = await gateway.createUser(root.id, ['cadre', 'appraiser']);
    userId = user.id;
    token = await gateway.tokenOf(user.username);
    serve({
      [RPC.appraisal.cycleCreate]: () => cycle,
      [RPC.appraisal.cycleList]: (payload) => ({ items: payload.page === 1 ? [cycle] : [], total: 1, page: payload.page, pageSize: payload.pageSize }),
      [RPC.appraisal.cycleGet]: (payload) => {
        if (payload.cycleId !== 'cy1') throw notFound('No such cycle.');
        return cycle;
      },
      [RPC.appraisal.cycleClose]: () => ({ ...cycle, status: 'closed', statusLabel: '已结束', closedAt: at }),
      [RPC.appraisal.sheet]: () => sheet,
      [RPC.appraisal.grade]: () => appraisal,
      [RPC.appraisal.review]: () => ({ ...appraisal, status: 'confirmed', statusLabel: '已确认', version: 2 }),
      [RPC.appraisal.ballot]: () => ({ counted: true }),
      [RPC.appraisal.ballotsMine]: () => ballots,
      [RPC.appraisal.survey]: () => survey,
      [RPC.appraisal.raters]: () => surveyCadre,
      [RPC.appraisal.surveyClose]: (payload) => ({ cycleId: payload.cycleId, surveyStatus: 'closed', closedAt: at, results: 2 }),
      [RPC.appraisal.cadre]: (payload) => {
        if (payload.cadreId === 'hidden-appraisal') throw forbidden('Not your department.');
        if (payload.cadreId === 'nobody' || payload.cadreId === 'mixed') throw notFound('No such cadre.');
        return { ...part, period: payload.period };
      },
      [RPC.analytics.appraisal]: (payload) => (payload.format === 'csv' ? { filename: '考评统计.csv', header: ['单位', '优秀', '编号'], rows: [['龙华区', 1, 'd1']], next: null } : { period: payload.period ?? '2026' }),
      [RPC.analytics.candidates]: () => ({ period: '2026', items: [] }),
      [RPC.scoring.score]: (payload) => {
        if (payload.id === 'hidden-score' || payload.id === 'mixed') throw forbidden('You may not see this score.');
        if (payload.id === 'nobody') throw notFound('No such cadre.');
        return { ...score, period: payload.period };
      },
    });
    await nc.flush();
  });
  afterAll(async () => {
    await nc?.drain().catch(() => undefined);
    await gateway?.stop();
  });

  const fieldsOf = (answer: { body: { errors?: { path: string }[] } }) => (answer.body.errors ?? []).map((e) => e.path).sort();

  it('opens a cycle (201), forwarding the validated body with the caller', async () => {
    const body = { kind: 'annual', name: '2026年度考核', period: '2026', departmentIds: ['d1'], survey: {} };
    const created = await gateway.call('POST', '/appraisal/cycles', { token, body });
    expect(created.status).toBe(201);
    expect(matchesSchema(cycleViewSchema, created.body)).toEqual(cycle);
    const forwarded = askedOf(RPC.appraisal.cycleCreate).at(-1);
    expect(forwarded?.caller).toMatchObject({ userId, roles: ['cadre', 'appraiser'] });
    // The contract's defaults applied: the quota and the default criteria and groups.
    expect(forwarded?.payload).toMatchObject({ ...body, topGradeQuota: 0.2, survey: { criteria: expect.arrayContaining([expect.objectContaining({ code: 'de', name: '德' })]) } });
  });

  it('refuses invalid bodies and queries before any RPC, naming every field (400)', async () => {
    const before = asked.length;
    const cases: [string, string, unknown, string[]][] = [
      ['POST', '/appraisal/cycles', { kind: 'yearly', name: ' ', period: '26', departmentIds: [], extra: 1 }, ['departmentIds', 'extra', 'kind', 'name', 'period']],
      ['POST', '/appraisal/cycles', { kind: 'annual', name: 'x', period: '2026', departmentIds: ['d1'], survey: { criteria: [{ code: 'de', name: '德', weight: 0.5 }] } }, ['survey.criteria']],
      ['PUT', '/appraisal/cycles/cy1/grades/c1', { grade: 'best', comment: '', version: -1 }, ['comment', 'grade', 'version']],
      ['POST', '/appraisal/cycles/cy1/grades/c1/review', { decision: 'return', version: 1 }, ['comment']],
      ['POST', '/appraisal/cycles/cy1/grades/c1/review', { decision: 'maybe', comment: 'x', version: 1.5 }, ['decision', 'version']],
      ['POST', '/appraisal/cycles/cy1/ballots', { cadreId: 'c/1', scores: { de: 'great', 'Bad Code': 'good' }, satisfaction: 'happy' }, ['cadreId', 'satisfaction', 'scores.Bad Code', 'scores.de']],
      ['PUT', '/appraisal/cycles/cy1/survey/raters/c1', { raters: [{ userId: 'u1', group: 'boss' }, { userId: 'u 2', group: 'peer' }] }, ['raters.0.group', 'raters.1.userId']],
      ['PUT', '/appraisal/cycles/cy1/survey/raters/c1', { raters: [{ userId: 'u1', group: 'peer' }, { userId: 'u1', group: 'superior' }] }, ['raters']],
      ['POST', '/appraisal/cycles/cy1/close', { force: true }, ['force']],
      ['POST', '/appraisal/cycles/cy1/survey/close', { now: 1 }, ['now']],
    ];
    for (const [method, url, body, fields] of cases) {
      const answer = await gateway.call(method, url, { token, body });
      expect({ method, url, status: answer.status, type: answer.headers['content-type'], fields: fieldsOf(answer) }).toEqual({
        method,
        url,
        status: 400,
        type: 'application/problem+json; charset=utf-8',
        fields,
      });
    }
    for (const [url, fields] of [
      ['/appraisal/cycles?status=done&kind=x&period=2026-Q5&pageSize=500&sort=name', ['kind', 'pageSize', 'period', 'sort', 'status']],
      ['/appraisal/cycles?format=docx', ['format']],
      ['/appraisal/cycles/cy1/sheet', ['departmentId']],
      ['/appraisal/cycles/cy1/sheet?departmentId=d1&format=pdf', ['format']],
      ['/appraisal/cycles/cy1/survey?departmentId=a.b', ['departmentId']],
      ['/appraisal/cadres/c1?period=26&x=1', ['period', 'x']],
    ] as const) {
      const answer = await gateway.call('GET', url, { token });
      expect({ url, status: answer.status, fields: fieldsOf(answer) }).toEqual({ url, status: 400, fields: [...fields].sort() });
    }
    expect(asked.length).toBe(before);
  });

  it('forwards every command as {cycleId, cadreId, body} with the caller and answers the service’s view', async () => {
    const graded = await gateway.call('PUT', '/appraisal/cycles/cy1/grades/c1', { token, body: { grade: 'excellent', comment: ' 成效突出 ', version: 0 } });
    expect({ status: graded.status, body: matchesSchema(appraisalViewSchema, graded.body) }).toEqual({ status: 200, body: appraisal });
    expect(askedOf(RPC.appraisal.grade).at(-1)).toMatchObject({ caller: { userId }, payload: { cycleId: 'cy1', cadreId: 'c1', body: { grade: 'excellent', comment: '成效突出', version: 0 } } });

    const reviewed = await gateway.call('POST', '/appraisal/cycles/cy1/grades/c1/review', { token, body: { decision: 'confirm', version: 1 } });
    expect(reviewed.status).toBe(200);
    matchesSchema(appraisalViewSchema, reviewed.body);
    expect(askedOf(RPC.appraisal.review).at(-1)?.payload).toEqual({ cycleId: 'cy1', cadreId: 'c1', body: { decision: 'confirm', comment: '', version: 1 } });

    const ballot = { cadreId: 'c1', scores: { de: 'good', ji: 'average' }, satisfaction: 'satisfied' };
    const cast = await gateway.call('POST', '/appraisal/cycles/cy1/ballots', { token, body: ballot });
    expect({ status: cast.status, body: matchesSchema(ballotReceiptViewSchema, cast.body) }).toEqual({ status: 201, body: { counted: true } });
    expect(askedOf(RPC.appraisal.ballot).at(-1)).toMatchObject({ caller: { userId }, payload: { cycleId: 'cy1', body: ballot } });

    const raters = { raters: [{ userId: 'u-r1', group: 'peer' }] };
    const set = await gateway.call('PUT', '/appraisal/cycles/cy1/survey/raters/c1', { token, body: raters });
    expect({ status: set.status, body: matchesSchema(surveyCadreViewSchema, set.body) }).toEqual({ status: 200, body: surveyCadre });
    expect(askedOf(RPC.appraisal.raters).at(-1)?.payload).toEqual({ cycleId: 'cy1', cadreId: 'c1', body: raters });

    // Commands without a body: nothing, or {}.
    const closed = await gateway.call('POST', '/appraisal/cycles/cy1/close', { token });
    expect(closed.status).toBe(200);
    expect(matchesSchema(cycleViewSchema, closed.body).status).toBe('closed');
    expect(askedOf(RPC.appraisal.cycleClose).at(-1)?.payload).toEqual({ cycleId: 'cy1' });
    const surveyClosed = await gateway.call('POST', '/appraisal/cycles/cy1/survey/close', { token, body: {} });
    expect({ status: surveyClosed.status, body: matchesSchema(surveyCloseViewSchema, surveyClosed.body) }).toEqual({ status: 200, body: { cycleId: 'cy1', surveyStatus: 'closed', closedAt: at, results: 2 } });
    expect(askedOf(RPC.appraisal.surveyClose).at(-1)?.payload).toEqual({ cycleId: 'cy1' });
  });

  it('forwards the reads and passes the service’s problems on', async () => {
    const got = await gateway.call('GET', '/appraisal/cycles/cy1', { token });
    expect(matchesSchema(cycleViewSchema, got.body)).toEqual(cycle);
    expect(askedOf(RPC.appraisal.cycleGet).at(-1)).toMatchObject({ caller: { userId }, payload: { cycleId: 'cy1' } });
    const missing = await gateway.call('GET', '/appraisal/cycles/other', { token });
    expect({ status: missing.status, type: missing.headers['content-type'] }).toEqual({ status: 404, type: 'application/problem+json; charset=utf-8' });

    const list = await gateway.call('GET', '/appraisal/cycles?status=open&kind=annual&period=2026&page=1&pageSize=10', { token });
    expect(matchesSchema(cyclePageSchema, list.body).items).toEqual([cycle]);
    expect(askedOf(RPC.appraisal.cycleList).at(-1)?.payload).toEqual({ status: 'open', kind: 'annual', period: '2026', page: 1, pageSize: 10 });

    const sheetAnswer = await gateway.call('GET', '/appraisal/cycles/cy1/sheet?departmentId=d1', { token });
    expect(matchesSchema(sheetViewSchema, sheetAnswer.body)).toEqual(sheet);
    expect(askedOf(RPC.appraisal.sheet).at(-1)?.payload).toEqual({ cycleId: 'cy1', departmentId: 'd1' });

    const surveyAnswer = await gateway.call('GET', '/appraisal/cycles/cy1/survey?departmentId=d1', { token });
    expect(matchesSchema(surveyViewSchema, surveyAnswer.body)).toEqual(survey);
    expect(askedOf(RPC.appraisal.survey).at(-1)?.payload).toEqual({ cycleId: 'cy1', departmentId: 'd1' });

    const mine = await gateway.call('GET', '/appraisal/ballots/mine', { token });
    expect(matchesSchema(myBallotsViewSchema, mine.body)).toEqual(ballots);
    expect(askedOf(RPC.appraisal.ballotsMine).at(-1)).toMatchObject({ caller: { userId }, payload: {} });
  });

  it('answers the tables as CSV files for people: BOM, Chinese headers, labels, Beijing time, 编号 last', async () => {
    const csvOf = async (url: string) => {
      const answer = await gateway.call('GET', url, { token });
      expect({ url, status: answer.status, type: answer.headers['content-type'] }).toEqual({ url, status: 200, type: 'text/csv; charset=utf-8' });
      expect(String(answer.body).startsWith('\uFEFF')).toBe(true);
      return { lines: String(answer.body).slice(1).split('\r\n'), disposition: String(answer.headers['content-disposition']) };
    };
    const sheetCsv = await csvOf('/appraisal/cycles/cy1/sheet?departmentId=d1&format=csv');
    expect(sheetCsv.lines.slice(0, 2)).toEqual(['姓名,职务,职级,等次,评语,状态,更新时间,编号', '王海军,副区长,处级,优秀,招商引资成效突出,待审核,2027-01-01 00:05,c1']);
    expect(sheetCsv.disposition).toContain(`filename*=UTF-8''${encodeURIComponent('2026年度考核-龙华区-评定表.csv')}`);

    const surveyCsv = await csvOf('/appraisal/cycles/cy1/survey?departmentId=d1&format=csv');
    expect(surveyCsv.lines.slice(0, 3)).toEqual(['姓名,应评人数,已评人数,德,绩,综合得分,满意度,编号', '王海军,3,3,93.33,80,86.67,100,c1', '张伟,2,0,,,,,c2']);

    const cyclesCsv = await csvOf('/appraisal/cycles?format=csv');
    expect(cyclesCsv.lines.slice(0, 2)).toEqual([
      '名称,类型,期间,状态,民主测评,单位数,干部数,已确认,截止日期,创建人,创建时间,结束时间,编号',
      '2026年度考核,年度考核,2026,进行中,已结束,1,5,1,2027-01-15,管理员,2026-03-02 09:00,,cy1',
    ]);
    // Every cycle: the service is asked page by page (100 at a time), never with `format`.
    expect(askedOf(RPC.appraisal.cycleList).at(-1)?.payload).toEqual({ page: 1, pageSize: 100 });

    const cadreCsv = await csvOf('/appraisal/cadres/c1?period=2026&format=csv');
    expect(cadreCsv.lines[0]).toBe('类别,事项,结果,积分,说明,编号');
    expect(cadreCsv.lines).toEqual(
      expect.arrayContaining([
        '积分明细,引进500强企业,招商引资 / 500强企业引进,7.68,纪实《引进500强企业》：招商引资 / 500强企业引进 …,r1',
        '考核,2026年度考核（年度考核 2026）,优秀（已确认）,,成效突出,cy1',
        '民主测评,2026年度考核（2026）,综合得分 86.67，满意度 100%,,德 93.33，绩 80,cy1',
        '揭榜挂帅,营商环境攻坚,,20,,t1',
      ]),
    );
  });

  it('composes the combined view from appraisal and scoring, asked in parallel with the caller', async () => {
    const answer = await gateway.call('GET', '/appraisal/cadres/c1?period=2025', { token });
    expect(answer.status).toBe(200);
    const view = matchesSchema(cadreAppraisalViewSchema, answer.body);
    expect(askedOf(RPC.appraisal.cadre).at(-1)).toMatchObject({ caller: { userId }, payload: { cadreId: 'c1', period: '2025' } });
    expect(askedOf(RPC.scoring.score).at(-1)).toMatchObject({ caller: { userId }, payload: { id: 'c1', period: '2025' } });
    expect(view.cadre).toEqual(part.cadre);
    expect(view.period).toBe('2025');
    expect(view.points).toMatchObject({ total: 37.68, participation: 0, contribution: 27.68, appraisal: 10 });
    expect(view.points.entries).toEqual([
      { source: { type: 'record', id: 'r1', title: '引进500强企业' }, item: 'INVEST-03', itemName: '招商引资 / 500强企业引进', points: 7.68, explanation: score.entries[0].explanation, link: '/records/r1' },
      { source: { type: 'task', id: 't1', title: '营商环境攻坚' }, item: 'TASK', itemName: '揭榜挂帅', points: 20, explanation: score.entries[1].explanation, link: '/tasks/t1' },
      { source: { type: 'appraisal', id: 'cy1:c1', title: '2026年度考核' }, item: 'APPRAISAL', itemName: '考核等次', points: 10, explanation: score.entries[2].explanation, link: null },
    ]);
    expect(view.grades).toEqual(part.grades);
    expect(view.surveys).toEqual([result]);
    expect(view.tasks).toEqual([{ taskId: 't1', title: '营商环境攻坚', verdict: null, verdictLabel: '', points: 20, link: '/tasks/t1' }]);

    // No period: the current scoring year (UTC+8).
    await gateway.call('GET', '/appraisal/cadres/c1', { token });
    const year = String(new Date(Date.now() + 8 * 3_600_000).getUTCFullYear());
    expect(askedOf(RPC.appraisal.cadre).at(-1)?.payload).toEqual({ cadreId: 'c1', period: year });
    expect(askedOf(RPC.scoring.score).at(-1)?.payload).toEqual({ id: 'c1', period: year });
  });

  it('answers a refusal of either service (403, 404) as the combined view’s answer', async () => {
    const byScoring = await gateway.call('GET', '/appraisal/cadres/hidden-score', { token });
    expect({ status: byScoring.status, detail: byScoring.body.detail }).toEqual({ status: 403, detail: 'You may not see this score.' });
    const byAppraisal = await gateway.call('GET', '/appraisal/cadres/hidden-appraisal', { token });
    expect({ status: byAppraisal.status, detail: byAppraisal.body.detail }).toEqual({ status: 403, detail: 'Not your department.' });
    const unknown = await gateway.call('GET', '/appraisal/cadres/nobody', { token });
    expect(unknown.status).toBe(404);
    // Refused by one, unknown to the other: the refusal (the caller learns nothing of who exists).
    expect((await gateway.call('GET', '/appraisal/cadres/mixed', { token })).status).toBe(403);
  });

  it('passes the analytics of appraisal and the shortlist’s new filters to the analytics service', async () => {
    const figures = await gateway.call('GET', '/analytics/appraisal?period=2026&departmentId=d1', { token });
    expect({ status: figures.status, body: figures.body }).toEqual({ status: 200, body: { period: '2026' } });
    expect(askedOf(RPC.analytics.appraisal).at(-1)).toMatchObject({ caller: { userId }, payload: { period: '2026', departmentId: 'd1' } });
    const csv = await gateway.call('GET', '/analytics/appraisal?format=csv', { token });
    expect({ status: csv.status, type: csv.headers['content-type'] }).toEqual({ status: 200, type: 'text/csv; charset=utf-8' });
    expect(String(csv.body)).toBe('\uFEFF单位,优秀,编号\r\n龙华区,1,d1\r\n');

    await gateway.call('GET', '/analytics/candidates?withoutGrades=basic,incompetent&gradeYears=2&minSatisfaction=80', { token });
    expect(askedOf(RPC.analytics.candidates).at(-1)?.payload).toEqual({ withoutGrades: 'basic,incompetent', gradeYears: '2', minSatisfaction: '80' });
    expect((await gateway.call('GET', '/analytics/appraisal')).status).toBe(401);
  });

  it('needs a token on every route (401), and answers 503 when the appraisal service is away', async () => {
    const routes: [string, string][] = [
      ['POST', '/appraisal/cycles'],
      ['GET', '/appraisal/cycles'],
      ['GET', '/appraisal/cycles/cy1'],
      ['POST', '/appraisal/cycles/cy1/close'],
      ['GET', '/appraisal/cycles/cy1/sheet?departmentId=d1'],
      ['PUT', '/appraisal/cycles/cy1/grades/c1'],
      ['POST', '/appraisal/cycles/cy1/grades/c1/review'],
      ['GET', '/appraisal/ballots/mine'],
      ['POST', '/appraisal/cycles/cy1/ballots'],
      ['GET', '/appraisal/cycles/cy1/survey?departmentId=d1'],
      ['PUT', '/appraisal/cycles/cy1/survey/raters/c1'],
      ['POST', '/appraisal/cycles/cy1/survey/close'],
      ['GET', '/appraisal/cadres/c1'],
    ];
    const before = asked.length;
    for (const [method, url] of routes) expect({ url, status: (await gateway.call(method, url, { body: method === 'GET' ? undefined : {} })).status }).toEqual({ url, status: 401 });
    expect(asked.length).toBe(before);

    for (const subscription of subscriptions) subscription.unsubscribe();
    await nc.flush();
    const away = await gateway.call('GET', '/appraisal/cycles/cy1', { token });
    expect(away.status).toBe(503);
    expect(away.headers['retry-after']).toBeDefined();
  });
});
