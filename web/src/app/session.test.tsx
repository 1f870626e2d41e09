/**
 * The session across tabs: this provider is one tab (this window's sessionStorage); a bare BroadcastChannel on the
 * same name plays the console open in another tab.
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { tokenStore } from '../api/client';
import { userView } from '../test-utils';
import { SessionProvider, useSession } from './session';

function Probe() {
  const { user, loading, signIn, signOut } = useSession();
  return (
    <div>
      <span data-testid="state">{loading ? 'loading' : (user?.name ?? 'signed-out')}</span>
      <button onClick={() => void signIn('cadre1', 'pw')}>in</button>
      <button onClick={signOut}>out</button>
    </div>
  );
}

const me = userView({ name: '王海军' });
let channelNo = 0;

describe('the session shared by the open tabs', () => {
  let name: string;
  let otherTab: BroadcastChannel;
  let heard: unknown[];
  beforeEach(() => {
    name = `cadre-session-test-${++channelNo}`;
    otherTab = new BroadcastChannel(name);
    heard = [];
    otherTab.onmessage = (event) => heard.push(event.data);
    tokenStore.set(null);
    // POST /auth/login answers token-login; GET /me answers the user for token-a (the other tab's) or token-login, 401 for any other.
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string, init?: RequestInit) => {
        if (input === '/api/v1/auth/login') return json(200, { accessToken: 'token-login', user: me });
        const auth = (init?.headers as Record<string, string> | undefined)?.authorization;
        if (input === '/api/v1/me' && (auth === 'Bearer token-a' || auth === 'Bearer token-login')) return json(200, me);
        return json(401, { type: 'about:blank', title: 'Unauthorized', status: 401 });
      }),
    );
  });
  afterEach(() => {
    otherTab.close();
    vi.unstubAllGlobals();
    tokenStore.set(null);
  });

  const state = () => screen.getByTestId('state').textContent;
  const renderTab = () => render(<SessionProvider channelName={name}><Probe /></SessionProvider>);

  it('a tab opened without a token takes the session of an open tab before asking to sign in', async () => {
    otherTab.onmessage = (event) => {
      heard.push(event.data);
      if ((event.data as { type: string }).type === 'ask') otherTab.postMessage({ type: 'token', token: 'token-a' });
    };
    renderTab();
    expect(state()).toBe('loading');
    await screen.findByText('王海军');
    expect(tokenStore.get()).toBe('token-a');
    expect(heard).toEqual([{ type: 'ask' }]);
  });

  it('with no other tab open, stops loading signed out after the wait', async () => {
    renderTab();
    expect(state()).toBe('loading');
    expect(await screen.findByText('signed-out')).toBeTruthy();
    expect(tokenStore.get()).toBeNull();
  });

  it('a tab at sign-in is signed in when another tab signs in', async () => {
    renderTab();
    await screen.findByText('signed-out');
    act(() => otherTab.postMessage({ type: 'token', token: 'token-a' }));
    await screen.findByText('王海军');
    expect(tokenStore.get()).toBe('token-a');
  });

  it('signing in here tells the other tabs, and answers their asks', async () => {
    renderTab();
    await screen.findByText('signed-out');
    fireEvent.click(screen.getByText('in'));
    await screen.findByText('王海军');
    await vi.waitFor(() => expect(heard).toContainEqual({ type: 'token', token: 'token-login' }));
    otherTab.postMessage({ type: 'ask' });
    await vi.waitFor(() => expect(heard.filter((message) => JSON.stringify(message) === '{"type":"token","token":"token-login"}')).toHaveLength(2));
  });

  it('signing out in another tab signs this one out', async () => {
    tokenStore.set('token-a');
    renderTab();
    await screen.findByText('王海军');
    act(() => otherTab.postMessage({ type: 'signed-out' }));
    await screen.findByText('signed-out');
    expect(tokenStore.get()).toBeNull();
  });

  it('signing out here signs the other tabs out', async () => {
    tokenStore.set('token-a');
    renderTab();
    await screen.findByText('王海军');
    fireEvent.click(screen.getByText('out'));
    await vi.waitFor(() => expect(heard).toEqual([{ type: 'signed-out' }]));
    expect(state()).toBe('signed-out');
  });

  it('a session that expired (401) signs the other tabs out', async () => {
    tokenStore.set('token-expired');
    renderTab();
    await screen.findByText('signed-out');
    await vi.waitFor(() => expect(heard).toEqual([{ type: 'signed-out' }]));
  });
});
