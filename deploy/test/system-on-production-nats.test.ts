/**
 * The seven services, from their build, under the production NATS accounts (deploy/k8s/base/nats/accounts.conf,
 * rendered by the production overlay, Secret values made up): each service connects as its own user with the
 * credentials in its NATS_URL, as the manifests give them, and the whole loop works — directory events reach the
 * replicas, a record is filed, reviewed and verified, scoring turns it into points, analytics counts it — while
 * the server reports not one permission violation. What nats.test.ts checks with hand-made clients, this checks
 * with the real code: a permission the code needs and the accounts lack fails here.
 */
import type { OverviewView, RecordDetailView, ScoreView } from '@cadre/contracts';
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
});
