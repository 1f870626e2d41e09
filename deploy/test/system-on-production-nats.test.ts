/**
 * The eight services, from their build, under the production NATS accounts (deploy/k8s/base/nats/accounts.conf,
 * rendered by the production overlay, Secret values made up): each service connects as its own user with the
 * credentials in its NATS_URL, as the manifests give them, and the whole loop works — directory events reach the
 * replicas, a record is filed, reviewed and verified, scoring turns it into points, analytics counts it; an
 * appraisal cycle is opened, graded, confirmed and surveyed, scoring (durable consumer) and analytics (ordered
 * reader) take its APPRAISAL events; a selection round is opened and read back, and an upheld appeal of a rejected
 * record reaches records (durable consumer `records` on SELECTION), which reopens it — while the server reports not
 * one permission violation. What nats.test.ts checks with hand-made clients, this checks
 * with the real code: a permission the code needs and the accounts lack fails here.
 */
import type { AppealView, AppraisalView, CycleView, MyBallotsView, OverviewView, PortraitView, RecordDetailView, RoundView, ScoreView } from '@cadre/contracts';
import { expectStatus, startPlatform, waitUntil, type Platform, type PlatformService } from '@cadre/testing';
import { TOOLS_TIMEOUT_MS, ensureTools } from './k8s-tools';
import { productionNats, runAccountsServer, type RunningNats } from './production-nats';

jest.setTimeout(240_000);

describe('the system on the production NATS accounts', () => {
  let server: RunningNats;
  let platform: Platform;
  const violations = () => server.log().split('\n').filter((line) => /violation/i.test(line));

  beforeAll(async () => {
    const binary = ensureTools()['nats-server'];
    const nats = productionNats();
    server = await runAccountsServer(binary, nats);
    const password = (service: PlatformService) => nats.passwords[`${service.toUpperCase()}_PASSWORD`];
    platform = await startPlatform({
      name: 'prod-nats',
      nats: { url: server.url, port: server.port, stop: async () => undefined },
      env: (service) => ({ NATS_URL: `nats://${service}:${encodeURIComponent(password(service))}@127.0.0.1:${server.port}` }),
    });
  }, TOOLS_TIMEOUT_MS);

  afterAll(async () => {
    await platform?.stop();
    await server?.stop();
  });

  it('runs the verification loop end to end with each service as its own NATS user, and nothing is refused', async () => {
    const root = await platform.rootDepartment();
    const district = await platform.createDepartment('甲区', 'PRODNATS', root.id);
    const cadre = await platform.createUser('pncadre', { departmentId: district.id, roles: ['cadre'] });
    const reviewer = await platform.createUser('pnreviewer', { departmentId: district.id, roles: ['reviewer'] });
    const assessor = await platform.createUser('pnassessor', { departmentId: root.id, roles: ['assessor'] });
    await platform.replicasKnow([cadre.user.id, reviewer.user.id, assessor.user.id], ['records', 'scoring']);

    const year = new Date().getUTCFullYear();
    const record = expectStatus(
      await platform.as(cadre.token).post<RecordDetailView>('/records', {
        itemCode: 'INVEST-03',
        title: '引进区域总部',
        description: '牵头洽谈，促成签约落地。',
        periodStart: `${year}-01-01`,
        periodEnd: `${year}-01-31`,
        impactLevel: 'city',
      }),
      201,
    );
    expectStatus(await platform.as(cadre.token).post(`/records/${record.id}/submit`), 200);
    expectStatus(await platform.as(reviewer.token).post(`/records/${record.id}/review`, { decision: 'approve', comment: '情况属实' }), 200);
    const verified = expectStatus(await platform.as(assessor.token).post<RecordDetailView>(`/records/${record.id}/assess`, { decision: 'confirm', comment: '予以认定', rating: 'good' }), 200);
    expect(verified.status).toBe('verified');

    // Scoring consumed the event (a durable consumer, acked) and its job published the new total.
    const score = await waitUntil(
      async () => {
        const reply = await platform.as(cadre.token).get<ScoreView>(`/scores/${cadre.user.id}`);
        return reply.status === 200 && reply.body.total > 0 ? reply.body : undefined;
      },
      { timeoutMs: 30_000, what: 'the cadre’s score' },
    );
    expect(score.total).toBeGreaterThan(0);
    // Analytics read RECORDS and SCORING with its ordered consumers.
    const overview = await waitUntil(
      async () => {
        const reply = await platform.as(assessor.token).get<OverviewView>('/analytics/overview');
        return reply.status === 200 && reply.body.points.total > 0 ? reply.body : undefined;
      },
      { timeoutMs: 30_000, what: 'analytics to count the verified record and its points' },
    );
    expect(overview.records.total).toBe(1);
    expect(overview.points.total).toBe(score.total);

    expect(violations()).toEqual([]);
  });

  it('runs an appraisal cycle as the appraisal user: its events reach scoring and analytics, and nothing is refused', async () => {
    const root = await platform.rootDepartment();
    const district = await platform.createDepartment('乙区', 'PRODAPPR', root.id);
    const cadre = await platform.createUser('pacadre', { departmentId: district.id, roles: ['cadre'], rankLevel: 'staff' });
    const appraiser = await platform.createUser('paappraiser', { departmentId: district.id, roles: ['appraiser'] });
    const reviewer = await platform.createUser('pareviewer', { departmentId: district.id, roles: ['reviewer'] });
    const assessor = await platform.createUser('paassessor', { departmentId: root.id, roles: ['assessor'] });
    await platform.replicasKnow([cadre.user.id, appraiser.user.id, reviewer.user.id, assessor.user.id], ['appraisal', 'scoring']);

    const year = String(new Date().getUTCFullYear());
    const admin = platform.as(platform.adminToken);
    const cycle = expectStatus(await admin.post<CycleView>('/appraisal/cycles', { kind: 'annual', name: `${year}年度考核`, period: year, departmentIds: [district.id], survey: {} }), 201);
    const graded = expectStatus(await platform.as(appraiser.token).put<AppraisalView>(`/appraisal/cycles/${cycle.id}/grades/${cadre.user.id}`, { grade: 'competent', comment: '完成年度任务', version: 0 }), 200);
    expectStatus(await platform.as(assessor.token).post<AppraisalView>(`/appraisal/cycles/${cycle.id}/grades/${cadre.user.id}/review`, { decision: 'confirm', comment: '同意', version: graded.version }), 200);

    // The reviewer of the cadre's department is a 上级 rater: a ballot, then the survey's close publishes the result.
    const mine = expectStatus(await platform.as(reviewer.token).get<MyBallotsView>('/appraisal/ballots/mine'), 200);
    const ballot = mine.items.find((item) => item.cycleId === cycle.id && item.cadreId === cadre.user.id)!;
    expect(ballot).toBeDefined();
    const scores = Object.fromEntries(ballot.criteria.map((criterion) => [criterion.code, 'good']));
    expectStatus(await platform.as(reviewer.token).post(`/appraisal/cycles/${cycle.id}/ballots`, { cadreId: cadre.user.id, scores, satisfaction: 'satisfied' }), 201);
    expectStatus(await admin.post(`/appraisal/cycles/${cycle.id}/survey/close`), 200);

    // Scoring's durable consumer on APPRAISAL turned the confirmed grade into points.
    const score = await waitUntil(
      async () => {
        const reply = await platform.as(cadre.token).get<ScoreView>(`/scores/${cadre.user.id}`);
        return reply.status === 200 && reply.body.appraisal > 0 ? reply.body : undefined;
      },
      { timeoutMs: 30_000, what: 'scoring to count the confirmed grade' },
    );
    expect(score.appraisal).toBeGreaterThan(0);
    // Analytics read APPRAISAL with its ordered consumer: the grade and the survey result in the portrait.
    const portrait = await waitUntil(
      async () => {
        const reply = await platform.as(cadre.token).get<PortraitView>(`/analytics/cadres/${cadre.user.id}/portrait?period=${year}`);
        return reply.status === 200 && reply.body.appraisal.grades.length > 0 && reply.body.appraisal.surveys.length > 0 ? reply.body : undefined;
      },
      { timeoutMs: 30_000, what: 'analytics to show the grade and the 测评 result' },
    );
    expect(portrait.appraisal.grades.map((g) => g.grade)).toEqual(['competent']);

    expect(violations()).toEqual([]);
  });

  it('runs selection as the selection user: a round opened and read back, an upheld appeal reopens a rejected record, and nothing is refused', async () => {
    const root = await platform.rootDepartment();
    const district = await platform.createDepartment('丙区', 'PRODSEL', root.id);
    const cadre = await platform.createUser('pscadre', { departmentId: district.id, roles: ['cadre'] });
    const reviewer = await platform.createUser('psreviewer', { departmentId: district.id, roles: ['reviewer'] });
    const assessor = await platform.createUser('psassessor', { departmentId: root.id, roles: ['assessor'] });
    await platform.replicasKnow([cadre.user.id, reviewer.user.id, assessor.user.id], ['records', 'selection']);

    // Request-reply as the selection user: the gateway calls rpc.selection.>, the service answers.
    const opened = expectStatus(
      await platform.as(assessor.token).post<RoundView>('/selection/rounds', { kind: 'promotion', name: '丙区副局长选任', positions: [{ name: '丙区发改局副局长', count: 1 }], departmentIds: [district.id] }),
      201,
    );
    const round = expectStatus(await platform.as(assessor.token).get<RoundView>(`/selection/rounds/${opened.id}`), 200);
    expect(round).toMatchObject({ id: opened.id, status: 'inspecting', name: '丙区副局长选任' });

    // A rejected record, appealed and upheld: selection publishes selection.appeal.decided, records consumes it.
    const year = new Date().getUTCFullYear();
    const record = expectStatus(
      await platform.as(cadre.token).post<RecordDetailView>('/records', {
        itemCode: 'INVEST-03',
        title: '引进区域总部',
        description: '牵头洽谈，促成签约落地。',
        periodStart: `${year}-01-01`,
        periodEnd: `${year}-01-31`,
        impactLevel: 'city',
      }),
      201,
    );
    expectStatus(await platform.as(cadre.token).post(`/records/${record.id}/submit`), 200);
    expectStatus(await platform.as(reviewer.token).post(`/records/${record.id}/review`, { decision: 'reject', comment: '与职责无关' }), 200);
    const appeal = expectStatus(await platform.as(cadre.token).post<AppealView>('/selection/appeals', { subjectType: 'record', subjectId: record.id, reason: '该项目由本人牵头，附签约材料' }), 201);
    expectStatus(await platform.as(assessor.token).post<AppealView>(`/selection/appeals/${appeal.id}/decide`, { outcome: 'upheld', answer: '材料属实，予以研判' }), 200);
    const reopened = await waitUntil(
      async () => {
        const reply = await platform.as(cadre.token).get<RecordDetailView>(`/records/${record.id}`);
        return reply.status === 200 && reply.body.status === 'reviewed' ? reply.body : undefined;
      },
      { timeoutMs: 30_000, what: 'records to reopen the record on the upheld appeal' },
    );
    expect(reopened.history.at(-1)).toMatchObject({ action: 'reopen', from: 'rejected', actorId: assessor.user.id, comment: '申诉成立：材料属实，予以研判' });

    expect(violations()).toEqual([]);
  });
});
