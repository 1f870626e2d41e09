/**
 * The walking skeleton: a request through the gateway to records (NATS request-reply) stores a document with
 * its event in the outbox; the relay publishes it; analytics consumes it durably. Real NATS (a private
 * JetStream server for this file), real FerretDB, real Redis; every service its own process.
 */
import { connect, JSONCodec, type NatsConnection } from 'nats';
import { RPC, STREAMS, type Caller, type EventEnvelope, type OverviewView, type RebuildView, type RecordDetailView, type UserView } from '@cadre/contracts';
import { RpcClient } from '@cadre/messaging';
import { infra, sleep, startNatsServer, startService, startServices, TEST_JWT, uniqueName, waitUntil, type NatsServerHandle, type ServiceHandle } from '@cadre/testing';
import { TEST_ADMIN_PASSWORD, createUser, login } from './support';
import mongoose from 'mongoose';

jest.setTimeout(120_000);

const draft = { periodStart: '2026-01-01', periodEnd: '2026-06-30', impactLevel: 'city' };

describe('walking skeleton: gateway → records → outbox → JetStream → analytics', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let records: ServiceHandle;
  let analytics: ServiceHandle | undefined;
  let gateway: ServiceHandle;
  let others: ServiceHandle[] = [];
  let token: string;
  let cadreId: string;
  let admin: Caller;
  /** The analytics figures before the first record: the counts below are what the test's records added. */
  let before: { total: number; draft: number };
  const run = uniqueName('skeleton');
  const env = () => ({ NATS_URL: nats.url, JWT_SECRET: TEST_JWT.secret, ADMIN_PASSWORD: TEST_ADMIN_PASSWORD });
  const startAnalytics = () => startService('analytics', { ...env(), MONGODB_DB: `${run}-analytics` });
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${gateway.port}/api/v1${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
    });
  /** The read model's record counts of this year, city-wide, asked over NATS as an admin (as the gateway would). */
  const counts = async () => {
    const overview = await rpc.request<OverviewView>(RPC.analytics.overview, {}, admin, 5_000);
    return { total: overview.records.total, draft: overview.records.byStatus.draft ?? 0 };
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    // The gateway is ready only when every service answers, so all seven run.
    [records, analytics, ...others] = await startServices(
      ['records', 'analytics', 'tasks', 'scoring', 'notifications', 'appraisal', 'selection'].map((name) => ({ name, env: { ...env(), MONGODB_DB: `${run}-${name}` } })),
    );
    gateway = await startService('gateway', { ...env(), MONGODB_DB: `${run}-gateway` });
    rpc = new RpcClient({ servers: nats.url, name: 'skeleton-test', timeoutMs: 5_000 });
    await rpc.connect();
    const adminToken = await login(gateway.port!, 'admin', TEST_ADMIN_PASSWORD);
    const me = (await (await fetch(`http://127.0.0.1:${gateway.port}/api/v1/me`, { headers: { authorization: `Bearer ${adminToken}` } })).json()) as UserView;
    admin = { userId: me.id, name: me.name, roles: ['admin'], departmentId: me.departmentId, departmentPath: me.departmentPath };
    const username = `cadre${run.slice(-6)}`.toLowerCase().replace(/[^a-z0-9]/g, 'x');
    cadreId = (await createUser(gateway.port!, adminToken, { username, password: 'Cadre-Test-2026', roles: ['cadre'] })).id;
    token = await login(gateway.port!, username, 'Cadre-Test-2026');
  });

  afterAll(async () => {
    await Promise.all([records?.stop(), analytics?.stop(), gateway?.stop(), ...others.map((service) => service.stop())]);
    await rpc?.close();
    await nc?.drain();
    await nats?.stop();
    const connection = await mongoose.createConnection(infra.mongoUri).asPromise();
    for (const name of ['records', 'analytics', 'tasks', 'scoring', 'notifications', 'appraisal', 'selection', 'gateway']) await connection.useDb(`${run}-${name}`).dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it('creates a draft through the gateway and analytics counts it from the event', async () => {
    // Analytics learns the root department from the directory stream; its overview answers once it has.
    before = await waitUntil(() => counts(), { what: 'analytics to answer the overview' });
    const response = await api('/records', { method: 'POST', body: JSON.stringify({ ...draft, itemCode: 'INVEST-03', title: '引进世界500强企业区域总部' }) });
    expect(response.status).toBe(201);
    const record = (await response.json()) as RecordDetailView;
    expect(record).toMatchObject({ cadreId, itemCode: 'INVEST-03', status: 'draft', version: 1 });

    const fetched = await api(`/records/${record.id}`);
    expect(fetched.status).toBe(200);
    expect(((await fetched.json()) as RecordDetailView).title).toBe('引进世界500强企业区域总部');

    await waitUntil(async () => (await counts()).total === before.total + 1, { what: 'analytics to count the record' });
    expect(await counts()).toEqual({ total: before.total + 1, draft: before.draft + 1 });
  });

  it('rejects bad input with 400 naming every field, stores nothing, and refuses a missing token', async () => {
    const bad = await api('/records', { method: 'POST', body: JSON.stringify({ ...draft, itemCode: 'INVEST', title: '', owner: 'me' }) });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await bad.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['itemCode', 'owner', 'title']);

    const anonymous = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/records`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(anonymous.status).toBe(401);
    await sleep(300);
    expect(await counts()).toEqual({ total: before.total + 1, draft: before.draft + 1 });
  });

  it('analytics stopped while a record is created catches up when it starts again', async () => {
    await analytics!.stop();
    analytics = undefined;
    const response = await api('/records', { method: 'POST', body: JSON.stringify({ ...draft, itemCode: 'PARTY-01', title: '理论学习' }) });
    expect(response.status).toBe(201);
    await expect(counts()).rejects.toMatchObject({ status: 503 });

    analytics = await startAnalytics();
    await waitUntil(async () => (await counts()).total === before.total + 2, { what: 'analytics to catch up' });
    expect(await counts()).toEqual({ total: before.total + 2, draft: before.draft + 2 });
  });

  it('an event delivered again (past JetStream de-duplication) changes nothing', async () => {
    const jsm = await nc.jetstreamManager();
    const last = await jsm.streams.getMessage(STREAMS.RECORDS.name, { last_by_subj: 'records.record.created' });
    const envelope = JSONCodec<EventEnvelope>().decode(last.data);
    // A new msgID, so the stream stores it again and analytics receives the same event a second time.
    const ack = await nc.jetstream().publish('records.record.created', last.data, { msgID: `replay-${envelope.eventId}` });
    // Analytics keeps its own position on each stream: wait until it has applied the copy.
    await waitUntil(async () => (await rpc.request<RebuildView>(RPC.analytics.rebuildStatus, {}, admin, 2_000)).positions[STREAMS.RECORDS.name]! >= ack.seq, {
      what: 'analytics to apply the copy',
    });
    expect(await counts()).toEqual({ total: before.total + 2, draft: before.draft + 2 });
  });

  it('answers 503 within the timeout when the owning service is down', async () => {
    await records.stop();
    const started = Date.now();
    const response = await api('/records', { method: 'POST', body: JSON.stringify({ ...draft, itemCode: 'INVEST-03', title: 'x' }) });
    expect(response.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(6_000);
    const ready = await fetch(`http://127.0.0.1:${gateway.port}/readyz`);
    expect(ready.status).toBe(503);
  });
});
