import { ASK_TIMEOUT_MS, openSessionChannel, type SessionChannel } from './sessionChannel';

/** A tab: its own token (its sessionStorage) and its end of the channel. */
function tab(name: string, token: string | null = null) {
  const state = { token, signedOut: 0, adopted: [] as string[] };
  const channel: SessionChannel = openSessionChannel(
    {
      token: () => state.token,
      onToken: (next) => {
        state.token = next;
        state.adopted.push(next);
      },
      onSignedOut: () => {
        state.token = null;
        state.signedOut++;
      },
    },
    name,
  );
  return { state, channel };
}

describe('the session channel between tabs', () => {
  const opened: SessionChannel[] = [];
  const open = (name: string, token: string | null = null) => {
    const made = tab(name, token);
    opened.push(made.channel);
    return made;
  };
  afterEach(() => opened.splice(0).forEach((channel) => channel.close()));

  it('answers a new tab’s ask with the open tab’s token', async () => {
    open('s-ask', 'token-a');
    const b = open('s-ask');
    await expect(b.channel.ask()).resolves.toBe('token-a');
  });

  it('answers null after the wait when no tab holds a session', async () => {
    open('s-none');
    const b = open('s-none');
    const started = Date.now();
    await expect(b.channel.ask()).resolves.toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(ASK_TIMEOUT_MS - 20);
  });

  it('signs in the tabs without a session when one signs in, and leaves a signed-in tab alone', async () => {
    const a = open('s-in');
    const atLogin = open('s-in');
    const other = open('s-in', 'token-other');
    a.state.token = 'token-a';
    a.channel.signedIn('token-a');
    await vi.waitFor(() => expect(atLogin.state.adopted).toEqual(['token-a']));
    expect(other.state.token).toBe('token-other');
  });

  it('signs every tab out when one signs out', async () => {
    const a = open('s-out', 'token-a');
    const b = open('s-out', 'token-a');
    const c = open('s-out', 'token-a');
    a.channel.signedOut();
    await vi.waitFor(() => expect([b.state.signedOut, c.state.signedOut]).toEqual([1, 1]));
    expect([b.state.token, c.state.token]).toEqual([null, null]);
    expect(a.state.signedOut).toBe(0);
  });

  it('ignores messages that are not the session’s', async () => {
    const b = open('s-junk');
    const stranger = new BroadcastChannel('s-junk');
    stranger.postMessage({ type: 'token', token: 42 });
    stranger.postMessage('signed-out');
    await new Promise((resolve) => setTimeout(resolve, 50));
    stranger.close();
    expect(b.state).toEqual({ token: null, signedOut: 0, adopted: [] });
  });

  it('answers null at once where BroadcastChannel is missing', async () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    try {
      const lone = openSessionChannel({ token: () => null, onToken: () => undefined, onSignedOut: () => undefined });
      const started = Date.now();
      await expect(lone.ask()).resolves.toBeNull();
      expect(Date.now() - started).toBeLessThan(ASK_TIMEOUT_MS);
      lone.signedOut();
      lone.close();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
