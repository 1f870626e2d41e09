/**
 * The inbox and notification routes of the gateway in process, with a stand-in for the notifications service on the
 * private NATS server (it answers the RPC subjects as the service would, and records what it was asked): each route
 * forwards the query or the id with the caller the gateway resolved, answers the service's view (a CSV file for
 * `?format=csv`, 202 for a rebuild, its problems as they are), 401 without a token, 503 when the service is away.
 */
import { JSONCodec, connect, type NatsConnection, type Subscription } from 'nats';
import { RPC, inboxRebuildViewSchema, inboxViewSchema, notificationListViewSchema, unreadCountViewSchema, type Caller, type InboxView, type NotificationListView } from '@cadre/contracts';
import { matchesSchema } from '@cadre/testing';
import { startGateway, type ComponentGateway } from './harness';

jest.setTimeout(120_000);

const codec = JSONCodec();

interface Asked {
  subject: string;
  caller: Caller;
  payload: Record<string, unknown>;
}

const emptyCounts = { record_review: 0, record_assess: 0, share_confirm: 0, record_fix: 0, team_invitation: 0, bid_evaluate: 0, result_review: 0, task_award: 0, task_conclude: 0, appraisal_review: 0, appraisal_revise: 0, objection_handle: 0, appeal_decide: 0, application_recommend: 0 };
const inbox: InboxView = {
  total: 1,
  counts: { ...emptyCounts, record_review: 1 },
  overdue: 0,
  items: [
    {
      id: 'record_review:r1',
      kind: 'record_review',
      kindLabel: '待审核',
      title: '招商引资专项',
      summary: '王海军 报送《招商引资专项》',
      subject: { type: 'record', id: 'r1' },
      link: '/records/r1',
      departmentId: 'd1',
      departmentName: '龙华区',
      openedAt: '2026-03-02T01:00:00.000Z',
      dueAt: '2026-03-09T01:00:00.000Z',
      overdue: false,
      escalated: false,
    },
  ],
  limit: 50,
  offset: 0,
};
const notifications: NotificationListView = {
  unread: 1,
  total: 1,
  items: [{ id: 'n1', kind: 'record_returned', title: '纪实《招商引资专项》被退回', body: '请补充佐证', link: '/records/r1', createdAt: '2026-03-02T01:00:00.000Z', readAt: null }],
  limit: 20,
  offset: 0,
};

describe('gateway in process: inbox and notification routes', () => {
  let gateway: ComponentGateway;
  let nc: NatsConnection;
  let service: Subscription[] = [];
  let token: string;
  let userId: string;
  const asked: Asked[] = [];

  /** The stand-in service: answers each subject with `answer(payload)` (a problem as `err` when it throws). */
  const serve = (answers: Record<string, (payload: Record<string, unknown>, caller: Caller) => unknown>) => {
    service = Object.entries(answers).map(([subject, answer]) =>
      nc.subscribe(subject, {
        callback: (_error, message) => {
          const request = codec.decode(message.data) as { id: string; data: { caller: Caller; payload: Record<string, unknown> } };
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
    const user = await gateway.createUser(root.id, ['cadre', 'reviewer']);
    userId = user.id;
    token = await gateway.tokenOf(user.username);
    serve({
      [RPC.notifications.inbox]: (payload) => (payload.format === 'csv' ? { filename: '待办.csv', header: ['类型', '标题'], rows: [['待审核', '招商引资专项']], next: null } : inbox),
      [RPC.notifications.list]: () => notifications,
      [RPC.notifications.read]: (payload) => {
        if (payload.id !== 'n1') throw { type: 'about:blank', title: 'Not Found', status: 404, detail: 'No such message.' };
        return { unread: 0 };
      },
      [RPC.notifications.readAll]: () => ({ unread: 0 }),
      [RPC.notifications.rebuild]: (_payload, caller) => {
        if (!caller.roles.includes('admin')) throw { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Only an administrator may rebuild the inbox.' };
        return { running: true, startedAt: '2026-03-02T01:00:00.000Z', finishedAt: null, replayed: 0, error: null };
      },
    });
    await nc.flush();
  });
  afterAll(async () => {
    await nc?.drain().catch(() => undefined);
    await gateway?.stop();
  });

  it('forwards the inbox query with the caller and answers the view, or the CSV file', async () => {
    const answer = await gateway.call('GET', '/inbox?kind=record_review&limit=10', { token });
    expect(answer.status).toBe(200);
    expect(matchesSchema(inboxViewSchema, answer.body)).toEqual(inbox);
    expect(asked.at(-1)).toMatchObject({ subject: RPC.notifications.inbox, caller: { userId, roles: ['cadre', 'reviewer'] }, payload: { kind: 'record_review', limit: '10' } });

    const csv = await gateway.call('GET', '/inbox?format=csv', { token });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(csv.headers['content-disposition'])).toContain("filename*=UTF-8''%E5%BE%85%E5%8A%9E.csv");
    expect(String(csv.body)).toContain('待审核,招商引资专项');
  });

  it('lists the caller’s messages and marks them read, the service’s 404 passed on', async () => {
    const list = await gateway.call('GET', '/notifications?unread=true', { token });
    expect(matchesSchema(notificationListViewSchema, list.body)).toEqual(notifications);
    expect(asked.at(-1)).toMatchObject({ subject: RPC.notifications.list, caller: { userId }, payload: { unread: 'true' } });

    const read = await gateway.call('POST', '/notifications/n1/read', { token });
    expect({ status: read.status, body: matchesSchema(unreadCountViewSchema, read.body) }).toEqual({ status: 200, body: { unread: 0 } });
    expect(asked.at(-1)).toMatchObject({ subject: RPC.notifications.read, caller: { userId }, payload: { id: 'n1' } });
    expect((await gateway.call('POST', '/notifications/other/read', { token })).status).toBe(404);
    const all = await gateway.call('POST', '/notifications/read-all', { token });
    expect({ status: all.status, body: all.body }).toEqual({ status: 200, body: { unread: 0 } });
    expect(asked.at(-1)?.subject).toBe(RPC.notifications.readAll);
  });

  it('starts a rebuild for an administrator (202), the service refusing others (403)', async () => {
    const started = await gateway.call('POST', '/inbox/rebuild', { token: gateway.adminToken });
    expect(started.status).toBe(202);
    matchesSchema(inboxRebuildViewSchema, started.body);
    expect((await gateway.call('POST', '/inbox/rebuild', { token })).status).toBe(403);
  });

  it('needs a token (401) and answers 503 when the notifications service is away', async () => {
    for (const [method, url] of [['GET', '/inbox'], ['GET', '/notifications'], ['POST', '/notifications/n1/read'], ['POST', '/notifications/read-all'], ['POST', '/inbox/rebuild']]) {
      expect({ url, status: (await gateway.call(method, url)).status }).toEqual({ url, status: 401 });
    }
    for (const subscription of service) subscription.unsubscribe();
    await nc.flush();
    const away = await gateway.call('GET', '/inbox', { token });
    expect(away.status).toBe(503);
    expect(away.headers['retry-after']).toBeDefined();
  });
});
