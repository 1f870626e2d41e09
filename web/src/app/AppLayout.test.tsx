import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { Providers, stubApi, userView, type FetchCall } from '../test-utils';
import { AppLayout } from './AppLayout';
import type { PageRoute } from './routes';
import { eventStream, inboxView, message } from '../features/inbox/testing';
import { INBOX_DEBOUNCE_MS } from './live';
import { ballots } from '../features/appraisal/testing';

vi.setConfig({ testTimeout: 40_000 });

const PAGES: PageRoute[] = [
  { path: '/inbox', element: <div />, label: 'nav.inbox' },
  { path: '/records/review', element: <div />, label: 'nav.records.review', roles: ['reviewer'], group: 'nav.group.records' },
  { path: '/records/assess', element: <div />, label: 'nav.records.assess', roles: ['assessor'], group: 'nav.group.records' },
  { path: '/appraisal/ballots', element: <div />, label: 'appraisal.nav.ballots', group: 'nav.group.appraisal' },
];

/** The API (as `stubApi`) and the live stream, answered by the test. */
function stubWithStream(handler: (method: string, path: string) => { status?: number; body?: unknown } | undefined) {
  const calls = stubApi(userView({ id: 'u-rev', name: '李审核', roles: ['reviewer'] }), handler);
  const api = globalThis.fetch;
  const stream = eventStream();
  const opened: RequestInit[] = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    if (String(input).includes('/notifications/stream')) {
      opened.push(init ?? {});
      return Promise.resolve(stream.response());
    }
    return api(input, init);
  });
  return { calls, stream, opened };
}

function renderFrame() {
  return render(
    <Providers session url="/">
      <Routes>
        <Route element={<AppLayout pages={PAGES} />}>
          <Route index element={<div data-testid="home" />} />
          <Route path="*" element={<div data-testid="elsewhere" />} />
        </Route>
      </Routes>
    </Providers>,
  );
}

const unreadOf = () => screen.getByTestId('notification-bell').getAttribute('aria-label');
const inboxReads = (calls: FetchCall[]) => calls.filter((c) => c.method === 'GET' && c.url.pathname === '/api/v1/inbox').length;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  sessionStorage.clear();
});

describe('the frame: bell, live feed and menu counts', () => {
  it('shows the unread count, bumps it on a live message (with a toast), and marks one read by opening it', async () => {
    let unread = 2;
    const { calls, stream, opened } = stubWithStream((method, path) => {
      if (method === 'GET' && path.startsWith('/notifications?')) return { body: { unread, total: 2, items: [message({ id: 'n1' }), message({ id: 'n0', title: '纪实《旧事》已认定', readAt: '2026-12-01T00:00:00Z', link: '/records/r0' })], limit: 20, offset: 0 } };
      if (method === 'GET' && path.startsWith('/inbox')) return { body: inboxView([], {}) };
      if (method === 'POST' && path === '/notifications/n2/read') return { body: { unread: (unread = 2) } };
      return undefined;
    });
    renderFrame();
    await waitFor(() => expect(unreadOf()).toBe('消息，2 条未读'));
    // One connection, with the session's token as a header (never in the URL).
    await waitFor(() => expect(opened).toHaveLength(1));
    expect((opened[0]!.headers as Record<string, string>).authorization).toBe('Bearer test-token');

    act(() => stream.send('notification', message({ id: 'n2', title: '您被邀请加入团队「攻坚小组」', body: '牵头人：王海军', link: '/tasks/teams/team1' })));
    await waitFor(() => expect(unreadOf()).toBe('消息，3 条未读'));
    expect(await screen.findByText('新消息')).toBeTruthy();

    fireEvent.click(screen.getByTestId('notification-bell'));
    const list = await screen.findByTestId('notification-list');
    expect(within(list).getAllByText('您被邀请加入团队「攻坚小组」').length).toBeGreaterThan(0);
    // Time as Beijing time: 01:00Z is 09:00 in Beijing.
    expect(within(list).getAllByText(/2026-12-03 09:00/).length).toBeGreaterThan(0);
    fireEvent.click(within(screen.getByTestId('notification-n2')).getByText('您被邀请加入团队「攻坚小组」'));
    await screen.findByTestId('elsewhere');
    expect(calls.some((c) => c.method === 'POST' && c.path === '/notifications/n2/read')).toBe(true);
    await waitFor(() => expect(unreadOf()).toBe('消息，2 条未读'));
  });

  it('全部已读 marks every message read and clears the badge', async () => {
    const { calls } = stubWithStream((method, path) => {
      if (method === 'GET' && path.startsWith('/notifications?')) return { body: { unread: 1, total: 1, items: [message()], limit: 20, offset: 0 } };
      if (method === 'POST' && path === '/notifications/read-all') return { body: { unread: 0 } };
      return undefined;
    });
    renderFrame();
    await waitFor(() => expect(unreadOf()).toBe('消息，1 条未读'));
    fireEvent.click(screen.getByTestId('notification-bell'));
    fireEvent.click(await screen.findByRole('button', { name: '全部已读' }));
    await waitFor(() => expect(unreadOf()).toBe('消息，0 条未读'));
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['/notifications/read-all']);
    expect(screen.queryByText('未读')).toBeNull();
  });

  it('counts the waiting work on the menu and reads the counts again on a live inbox event (once per burst)', async () => {
    let review = 3;
    const { calls, stream, opened } = stubWithStream((method, path) => {
      if (method === 'GET' && path.startsWith('/inbox')) return { body: inboxView([], { record_review: review, share_confirm: 1 }) };
      if (method === 'GET' && path.startsWith('/notifications?')) return { body: { unread: 0, total: 0, items: [], limit: 20, offset: 0 } };
      return undefined;
    });
    renderFrame();
    await waitFor(() => expect(screen.getByTestId('current-user').textContent).toBe('李审核'));
    fireEvent.click(await screen.findByRole('button', { name: 'menu' }));
    await screen.findByText('审核队列');
    const menu = document.querySelector('.ant-menu') as HTMLElement;
    await waitFor(() => expect(within(menu).getByText('待办').closest('li')!.textContent).toContain('4'));
    expect(within(menu).getByText('审核队列').closest('li')!.textContent).toContain('3');
    await waitFor(() => expect(opened).toHaveLength(1));
    const before = inboxReads(calls);
    review = 7;
    act(() => {
      stream.send('inbox', {});
      stream.send('inbox', {});
      stream.send('inbox', {});
    });
    await waitFor(() => expect(within(menu).getByText('审核队列').closest('li')!.textContent).toContain('7'));
    await new Promise((resolve) => setTimeout(resolve, INBOX_DEBOUNCE_MS * 2));
    expect(inboxReads(calls) - before).toBe(1);
    expect(within(menu).getByText('待办').closest('li')!.textContent).toContain('8');
  });

  it('works without the notifications service: no badge, no crash, no retry storm', async () => {
    const all = stubApi(userView({ roles: ['cadre'] }));
    renderFrame();
    await waitFor(() => expect(screen.getByTestId('notification-bell')).toBeTruthy());
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(unreadOf()).toBe('消息，0 条未读');
    // The stream answered 404: asked once, not again.
    expect(all.filter((c) => c.path === '/notifications/stream')).toHaveLength(1);
  });

  it('counts the ballots of 民主测评 waiting for the user on its menu entry', async () => {
    stubWithStream((method, path) => {
      if (method === 'GET' && path === '/appraisal/ballots/mine') return { body: ballots([{ voted: true }, {}, {}]) };
      return undefined;
    });
    renderFrame();
    await waitFor(() => expect(screen.getByTestId('current-user').textContent).toBe('李审核'));
    fireEvent.click(await screen.findByRole('button', { name: 'menu' }));
    const menu = (await screen.findByText('民主测评')).closest('.ant-menu') as HTMLElement;
    await waitFor(() => expect(within(menu).getByText('民主测评').closest('li')!.textContent).toContain('2'));
  });

  it('leaves 民主测评 out of the menu of someone never asked to rate', async () => {
    stubWithStream((method, path) => (method === 'GET' && path === '/appraisal/ballots/mine' ? { body: ballots([]) } : undefined));
    renderFrame();
    await waitFor(() => expect(screen.getByTestId('current-user').textContent).toBe('李审核'));
    fireEvent.click(await screen.findByRole('button', { name: 'menu' }));
    await screen.findByText('审核队列');
    await waitFor(() => expect(screen.queryByText('民主测评')).toBeNull());
  });
});
