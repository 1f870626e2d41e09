/**
 * Notifications end to end, through the gateway's HTTP API only: a cadre connected to the live feed
 * (`GET /notifications/stream`, Server-Sent Events) receives the `notification` event of their returned record
 * within 2 s of the reviewer's POST, and the message is in `GET /notifications` (then read through the API).
 *
 * Real processes only: a private NATS+JetStream server, every service from its build (the notifications service
 * among them), FerretDB and Redis. Build first: `nx build gateway` and `nx build notifications` (and the others).
 *
 * Department tree: root (CITY) → district → bureau.
 */
import type { DepartmentView, NotificationListView, NotificationView, RecordDetailView, UserView } from '@cadre/contracts';
import { expectStatus, startPlatform, waitUntil, type Platform } from '@cadre/testing';

jest.setTimeout(240_000);

interface SseEvent {
  event: string;
  data: string;
  at: number;
}

/** An SSE connection read with fetch (Authorization header), its events collected as they arrive. */
async function openStream(apiUrl: string, token: string): Promise<{ events: SseEvent[]; close: () => void }> {
  const controller = new AbortController();
  const response = await fetch(`${apiUrl}/notifications/stream`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: SseEvent[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
          }
          if (data.length > 0 || event !== 'message') events.push({ event, data: data.join('\n'), at: Date.now() });
        }
      }
    } catch {
      // aborted at the end of the test
    }
  })();
  return { events, close: () => controller.abort() };
}

describe('notifications (end to end through the gateway)', () => {
  let platform: Platform;
  let bureau: DepartmentView;
  let cadre: { user: UserView; token: string };
  let reviewer: { user: UserView; token: string };

  beforeAll(async () => {
    platform = await startPlatform({ name: 'notifications-e2e', killAfterMs: 15_000 });
    const root = await platform.rootDepartment();
    const district = await platform.createDepartment('龙华区', 'LONGHUA', root.id);
    bureau = await platform.createDepartment('龙华区发改局', 'LHFGJ', district.id);
    cadre = await platform.createUser('cadre', { departmentId: bureau.id, roles: ['cadre'], name: '王海军' });
    reviewer = await platform.createUser('reviewer', { departmentId: bureau.id, roles: ['reviewer'], name: '张审核' });
    await platform.replicasKnow([cadre.user.id, reviewer.user.id], ['records', 'notifications' as never]);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('a connected cadre receives the notification of their returned record within 2 s of the reviewer’s POST, and it is in GET /notifications', async () => {
    const me = platform.as(cadre.token);
    const record = expectStatus(
      await me.post<RecordDetailView>('/records', { itemCode: 'INVEST-03', title: '引进世界500强企业区域总部', description: '牵头洽谈，促成区域总部签约落地。', periodStart: '2026-01-01', periodEnd: '2026-06-30', impactLevel: 'city' }),
      201,
    );
    expectStatus(await me.post(`/records/${record.id}/submit`), 200);

    const stream = await openStream(platform.apiUrl, cadre.token);
    try {
      // Connected (the server's first event), then the reviewer returns the record.
      await waitUntil(() => stream.events.length > 0 || undefined, { timeoutMs: 10_000, what: 'the stream to open' });
      const posted = Date.now();
      expectStatus(await platform.as(reviewer.token).post(`/records/${record.id}/review`, { decision: 'return', comment: '请补充合同扫描件' }), 200);
      const answered = Date.now();
      const arrived = await waitUntil(() => stream.events.find((e) => e.event === 'notification' && (JSON.parse(e.data) as NotificationView).kind === 'record_returned'), {
        timeoutMs: 10_000,
        intervalMs: 20,
        what: 'the notification event',
      });
      expect(arrived.at - answered).toBeLessThan(2_000);
      expect(arrived.at - posted).toBeLessThan(2_000 + (answered - posted));
      const live = JSON.parse(arrived.data) as NotificationView;
      expect(live).toMatchObject({ kind: 'record_returned', title: '纪实《引进世界500强企业区域总部》被退回修改', link: `/records/${record.id}`, readAt: null });
      expect(live.body).toContain('请补充合同扫描件');
      expect(live.body).toContain('张审核');

      const listed = expectStatus(await me.get<NotificationListView>('/notifications'), 200);
      expect(listed.items.map((m) => m.id)).toContain(live.id);
      expect(listed.unread).toBeGreaterThanOrEqual(1);
      // Another person's message is 404 to them; the recipient marks it read.
      expect((await platform.as(reviewer.token).post(`/notifications/${live.id}/read`)).status).toBe(404);
      const read = expectStatus(await me.post<{ unread: number }>(`/notifications/${live.id}/read`), 200);
      expect(read.unread).toBe(listed.unread - 1);
      expect(expectStatus(await platform.as(reviewer.token).get<NotificationListView>('/notifications'), 200).items.map((m) => m.id)).not.toContain(live.id);
    } finally {
      stream.close();
    }
  });
});
