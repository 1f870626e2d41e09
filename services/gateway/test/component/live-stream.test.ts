/**
 * The live feed (`GET /notifications/stream`, Server-Sent Events) of the gateway in process, listening on a real port,
 * with a private NATS server standing in for the notifications service's publications: a message published on
 * `live.notification.<userId>` reaches that user's open streams within 2 s and nobody else's; a change of inboxes on
 * `live.inbox` reaches the named users and the holders of a role whose department lies on the item's path, not those
 * of another department; the token comes as a header or `?access_token=` and is checked like any other (401); the
 * stream keeps alive, ends when the token expires or the user is deactivated, is bounded per user and per process, and
 * never counts against GATEWAY_MAX_INFLIGHT.
 */
import { randomBytes } from 'node:crypto';
import { JSONCodec, connect, type NatsConnection } from 'nats';
import { LIVE_SUBJECTS, type Caller, type DepartmentView, type LiveInboxChange, type NotificationView, type Role, type UserView } from '@cadre/contracts';
import { TEST_JWT, sleep, tokenFor, waitUntil } from '@cadre/testing';
import { LiveStreams } from '../../src/notifications/live-streams';
import { startGateway, type ComponentGateway } from './harness';
import { openStream, type StreamClient } from '../sse-client';

jest.setTimeout(120_000);

const codec = JSONCodec();
const KEEPALIVE_MS = 400;
const MAX_STREAMS = 6;
const PER_USER = 2;

const callerOf = (user: UserView): Caller => ({
  userId: user.id,
  name: user.name,
  roles: user.roles as Role[],
  departmentId: user.departmentId,
  departmentPath: user.departmentPath,
});

const notification = (title: string): NotificationView => ({
  id: randomBytes(8).toString('hex'),
  kind: 'record_returned',
  title,
  body: '请补充佐证材料',
  link: '/records/r1',
  createdAt: new Date().toISOString(),
  readAt: null,
});

describe('gateway in process: the live stream (SSE)', () => {
  let gateway: ComponentGateway;
  let port: number;
  let nc: NatsConnection;
  let root: DepartmentView;
  let district: DepartmentView;
  let other: DepartmentView;
  let cadre: UserView;
  let colleague: UserView;
  let reviewer: UserView;
  let cadreToken: string;
  let colleagueToken: string;
  let reviewerToken: string;
  const open: StreamClient[] = [];
  const stream = async (options: { token?: string; query?: string }) => {
    const client = await openStream(port, options);
    open.push(client);
    return client;
  };
  const publish = async (subject: string, data: unknown) => {
    nc.publish(subject, codec.encode(data));
    await nc.flush();
  };
  const live = () => gateway.app.get(LiveStreams);
  const closeAll = async () => {
    for (const client of open.splice(0)) client.close();
    await waitUntil(() => live().open === 0, { timeoutMs: 5_000, what: 'every stream closed' });
  };

  beforeAll(async () => {
    gateway = await startGateway({
      SSE_KEEPALIVE_MS: String(KEEPALIVE_MS),
      SSE_MAX_STREAMS: String(MAX_STREAMS),
      SSE_MAX_STREAMS_PER_USER: String(PER_USER),
      GATEWAY_MAX_INFLIGHT: '2',
    });
    port = await gateway.listen();
    nc = await connect({ servers: gateway.nats.url });
    root = (await gateway.call('GET', '/departments', { token: gateway.adminToken })).body.items[0];
    const department = async (name: string, parentId: string) =>
      (await gateway.call('POST', '/departments', { token: gateway.adminToken, body: { name, code: `L${randomBytes(3).toString('hex').toUpperCase()}`, parentId } })).body as DepartmentView;
    district = await department('龙华区', root.id);
    other = await department('美兰区', root.id);
    cadre = await gateway.createUser(district.id, ['cadre']);
    colleague = await gateway.createUser(district.id, ['cadre']);
    reviewer = await gateway.createUser(district.id, ['cadre', 'reviewer']);
    // One at a time: this gateway admits two requests at once (GATEWAY_MAX_INFLIGHT).
    cadreToken = await gateway.tokenOf(cadre.username);
    colleagueToken = await gateway.tokenOf(colleague.username);
    reviewerToken = await gateway.tokenOf(reviewer.username);
  });
  afterEach(() => closeAll());
  afterAll(async () => {
    await nc?.drain().catch(() => undefined);
    await gateway?.stop();
  });

  it('answers an event stream that says hello, keeps alive, and carries a user’s notification to that user only, within 2 s', async () => {
    const mine = await stream({ token: cadreToken });
    const theirs = await stream({ token: colleagueToken });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(mine.headers.get('cache-control')).toMatch(/no-cache/);
    expect(mine.headers.get('x-accel-buffering')).toBe('no');
    expect(mine.headers.get('x-content-type-options')).toBe('nosniff');
    expect(JSON.parse((await mine.next('hello')).data)).toMatchObject({ userId: cadre.id });
    await theirs.next('hello');

    // The colleague's message first, then the user's: on one connection in order, so had the first reached the
    // wrong stream it would be there by the time the second arrives.
    await publish(LIVE_SUBJECTS.notification(colleague.id), notification('给同事的消息'));
    const sent = notification('纪实《招商引资》被退回');
    const started = Date.now();
    await publish(LIVE_SUBJECTS.notification(cadre.id), sent);
    const received = await mine.next('notification', 2_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(JSON.parse(received.data)).toEqual(sent);
    expect(mine.events.filter((e) => e.event === 'notification').map((e) => JSON.parse(e.data).title)).toEqual(['纪实《招商引资》被退回']);
    expect(JSON.parse((await theirs.next('notification')).data).title).toBe('给同事的消息');
    // Garbage on the subject reaches nobody.
    nc.publish(LIVE_SUBJECTS.notification(cadre.id), new TextEncoder().encode('not json'));
    await waitUntil(() => mine.comments.includes('keepalive'), { timeoutMs: 3_000, what: 'a keep-alive comment' });
    expect(mine.events.filter((e) => e.event === 'notification')).toHaveLength(1);
  });

  it('tells the holders of a role whose department lies on the item’s path that their inbox changed, not another department’s', async () => {
    const reviewing = await stream({ token: reviewerToken });
    const notReviewer = await stream({ token: cadreToken });
    await Promise.all([reviewing.next('hello'), notReviewer.next('hello')]);

    const elsewhere: LiveInboxChange = { userIds: [], roles: [{ role: 'reviewer', departmentPath: [root.id, other.id] }] };
    const here: LiveInboxChange = { userIds: [], roles: [{ role: 'reviewer', departmentPath: [root.id, district.id, 'a-bureau-below'] }] };
    await publish(LIVE_SUBJECTS.inbox, elsewhere);
    await publish(LIVE_SUBJECTS.inbox, here);
    expect((await reviewing.next('inbox')).data).toBe('{}');
    await sleep(200);
    expect(reviewing.events.filter((e) => e.event === 'inbox')).toHaveLength(1);
    // The cadre of the same department holds no reviewer role: nothing; a change naming them arrives.
    await publish(LIVE_SUBJECTS.inbox, { userIds: [cadre.id], roles: [] });
    await notReviewer.next('inbox');
    expect(notReviewer.events.filter((e) => e.event === 'inbox')).toHaveLength(1);
    // City-wide for the role.
    await publish(LIVE_SUBJECTS.inbox, { userIds: [], roles: [{ role: 'reviewer', departmentPath: null }] });
    await reviewing.next('inbox');
  });

  it('takes the token as ?access_token= for EventSource, and refuses a stream without a valid token (401)', async () => {
    const byQuery = await stream({ query: `?access_token=${encodeURIComponent(cadreToken)}` });
    expect(byQuery.status).toBe(200);
    await byQuery.next('hello');
    await publish(LIVE_SUBJECTS.notification(cadre.id), notification('经查询参数'));
    await byQuery.next('notification');

    const none = await stream({});
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await stream({ token: `${cadreToken}x` })).status).toBe(401);
    expect((await stream({ query: '?access_token=not-a-token' })).status).toBe(401);
    const foreign = await tokenFor(callerOf(cadre), { ...TEST_JWT, secret: 'another-secret-another-secret-another-secret' });
    expect((await stream({ token: foreign })).status).toBe(401);
  });

  it('ends the stream when the token expires, and when the user is deactivated', async () => {
    const shortLived = await tokenFor(callerOf(colleague), TEST_JWT, '2s');
    const expiring = await stream({ token: shortLived });
    await expiring.next('hello');
    await Promise.race([expiring.ended, sleep(6_000)]);
    expect(expiring.isEnded()).toBe(true);

    const leaving = await gateway.createUser(district.id, ['cadre']);
    const leavingStream = await stream({ token: await gateway.tokenOf(leaving.username) });
    await leavingStream.next('hello');
    expect((await gateway.call('PATCH', `/users/${leaving.id}`, { token: gateway.adminToken, body: { active: false } })).status).toBe(200);
    await Promise.race([leavingStream.ended, sleep(6_000)]);
    expect(leavingStream.isEnded()).toBe(true);
  });

  it('bounds the streams per user (the oldest closes) and per process (503), and cleans up when a client goes', async () => {
    const first = await stream({ token: reviewerToken });
    await first.next('hello');
    const second = await stream({ token: reviewerToken });
    await second.next('hello');
    const third = await stream({ token: reviewerToken });
    await third.next('hello');
    await Promise.race([first.ended, sleep(3_000)]);
    expect(first.isEnded()).toBe(true);
    expect(second.isEnded() || third.isEnded()).toBe(false);
    expect(live().open).toBe(PER_USER);

    const more = [];
    for (let i = 0; live().open < MAX_STREAMS; i += 1) {
      const user = await gateway.createUser(district.id, ['cadre']);
      const client = await stream({ token: await gateway.tokenOf(user.username) });
      await client.next('hello');
      more.push(client);
    }
    const refused = await stream({ token: cadreToken });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);

    more[0].close();
    await waitUntil(() => live().open === MAX_STREAMS - 1, { timeoutMs: 3_000, what: 'the closed stream to be let go' });
    const admitted = await stream({ token: cadreToken });
    expect(admitted.status).toBe(200);
  });

  it('does not count open streams against GATEWAY_MAX_INFLIGHT: other requests are answered while they stay open', async () => {
    const clients = await Promise.all([stream({ token: cadreToken }), stream({ token: colleagueToken }), stream({ token: reviewerToken })]);
    await Promise.all(clients.map((client) => client.next('hello')));
    for (let i = 0; i < 3; i += 1) {
      const me = await fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: { authorization: `Bearer ${cadreToken}` } });
      expect(me.status).toBe(200);
    }
    // Admission still works for ordinary requests: more at once than GATEWAY_MAX_INFLIGHT (2) meet 503s.
    const burst = await Promise.all(Array.from({ length: 12 }, () => fetch(`http://127.0.0.1:${port}/api/v1/people?q=x`, { headers: { authorization: `Bearer ${cadreToken}` } }).then((r) => r.status)));
    expect(burst.filter((status) => status === 200).length).toBeGreaterThan(0);
    expect(burst.every((status) => status === 200 || status === 503)).toBe(true);
  });
});
