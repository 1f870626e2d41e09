import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Role, UserView } from '@cadre/contracts';
import { api, tokenStore } from '../api/client';
import { openSessionChannel, type SessionChannel } from '../api/sessionChannel';

interface Session {
  /** The signed-in user (from `GET /me`), or null. */
  user: UserView | null;
  /** True until the stored token (or one another open tab holds) has been checked. */
  loading: boolean;
  signIn(username: string, password: string): Promise<void>;
  signOut(): void;
  hasRole(...roles: Role[]): boolean;
}

const SessionContext = createContext<Session | null>(null);

const canAskOtherTabs = () => typeof BroadcastChannel !== 'undefined';

/**
 * The signed-in user of this tab, shared with the console's other open tabs (see sessionChannel.ts): a tab opened
 * without a token (a new tab, an invitation link) takes the session of an open one before it asks to sign in.
 */
export function SessionProvider({ children, channelName }: { children: ReactNode; channelName?: string }) {
  const [user, setUser] = useState<UserView | null>(null);
  const [loading, setLoading] = useState(() => tokenStore.get() !== null || canAskOtherTabs());
  const channel = useRef<SessionChannel | null>(null);

  useEffect(() => {
    let live = true;
    const endSession = () => {
      tokenStore.set(null);
      if (live) setUser(null);
    };
    /** Checks `token` with `GET /me`: the user when it holds, no session when it does not. */
    const adopt = (token: string) => {
      tokenStore.set(token);
      return api
        .get<UserView>('/me')
        .then((me) => live && setUser(me))
        .catch(() => tokenStore.get() === token && tokenStore.set(null));
    };
    const opened = openSessionChannel({ token: () => tokenStore.get(), onToken: (token) => void adopt(token), onSignedOut: endSession }, channelName);
    channel.current = opened;
    const stopExpired = tokenStore.onExpired(() => {
      setUser(null);
      opened.signedOut();
    });
    void (async () => {
      const token = tokenStore.get() ?? (await opened.ask());
      if (token && live) await adopt(token);
      if (live) setLoading(false);
    })();
    return () => {
      live = false;
      stopExpired();
      opened.close();
      channel.current = null;
    };
  }, [channelName]);

  const signIn = useCallback(async (username: string, password: string) => {
    const answer = await api.post<{ accessToken: string; user: UserView }>('/auth/login', { username, password });
    tokenStore.set(answer.accessToken);
    setUser(await api.get<UserView>('/me'));
    channel.current?.signedIn(answer.accessToken);
  }, []);
  const signOut = useCallback(() => {
    tokenStore.set(null);
    setUser(null);
    channel.current?.signedOut();
  }, []);
  const value = useMemo<Session>(
    () => ({ user, loading, signIn, signOut, hasRole: (...roles) => !!user && roles.some((role) => user.roles.includes(role)) }),
    [user, loading, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
