/**
 * The session shared by the console's open tabs, over a BroadcastChannel (same origin only). The token itself stays
 * in each tab's sessionStorage, never in localStorage: nothing outlives the browser, and a script injected into one
 * page does not find it on disk. A tab without a token asks the others; signing in answers the tabs still at sign-in;
 * signing out (or a session expired) in one tab signs every tab out.
 */
export const SESSION_CHANNEL = 'cadre-session';
/**
 * How long a tab without a token waits for another to answer before it asks the user to sign in: every cold visit
 * waits this long before its first paint, and an open tab answers within milliseconds.
 */
export const ASK_TIMEOUT_MS = 150;

type SessionMessage = { type: 'ask' } | { type: 'token'; token: string } | { type: 'signed-out' };

export interface SessionChannelHandlers {
  /** This tab's token (answered to a tab that asks). */
  token(): string | null;
  /** Another tab signed in (or answered an ask) while this one has no session. */
  onToken(token: string): void;
  /** Another tab signed out, or its session expired. */
  onSignedOut(): void;
}

export interface SessionChannel {
  /** The token another open tab holds, or null after ASK_TIMEOUT_MS (at once where there is no BroadcastChannel). */
  ask(): Promise<string | null>;
  /** Tells the other tabs this one signed in with `token`. */
  signedIn(token: string): void;
  /** Tells the other tabs to sign out. */
  signedOut(): void;
  close(): void;
}

function isMessage(data: unknown): data is SessionMessage {
  if (!data || typeof data !== 'object') return false;
  const { type, token } = data as { type?: unknown; token?: unknown };
  return type === 'ask' || type === 'signed-out' || (type === 'token' && typeof token === 'string' && token.length > 0);
}

export function openSessionChannel(handlers: SessionChannelHandlers, name = SESSION_CHANNEL): SessionChannel {
  if (typeof BroadcastChannel === 'undefined') {
    return { ask: () => Promise.resolve(null), signedIn: () => undefined, signedOut: () => undefined, close: () => undefined };
  }
  const channel = new BroadcastChannel(name);
  const waiting = new Set<(token: string | null) => void>();
  let closed = false;
  const post = (message: SessionMessage) => {
    if (!closed) channel.postMessage(message);
  };
  channel.onmessage = (event: MessageEvent) => {
    if (!isMessage(event.data)) return;
    const message = event.data;
    if (message.type === 'ask') {
      const token = handlers.token();
      if (token) post({ type: 'token', token });
    } else if (message.type === 'signed-out') {
      handlers.onSignedOut();
    } else if (waiting.size > 0) {
      for (const resolve of [...waiting]) resolve(message.token);
    } else if (!handlers.token()) {
      handlers.onToken(message.token);
    }
  };
  return {
    ask() {
      if (closed) return Promise.resolve(null);
      return new Promise<string | null>((resolve) => {
        const done = (token: string | null) => {
          clearTimeout(timer);
          waiting.delete(done);
          resolve(token);
        };
        const timer = setTimeout(() => done(null), ASK_TIMEOUT_MS);
        waiting.add(done);
        post({ type: 'ask' });
      });
    },
    signedIn: (token) => post({ type: 'token', token }),
    signedOut: () => post({ type: 'signed-out' }),
    close() {
      closed = true;
      for (const resolve of [...waiting]) resolve(null);
      channel.close();
    },
  };
}
