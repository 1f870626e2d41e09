import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Role, UserView } from '@cadre/contracts';
import { api, tokenStore } from '../api/client';

interface Session {
  /** The signed-in user (from `GET /me`), or null. */
  user: UserView | null;
  /** True until the stored token has been checked. */
  loading: boolean;
  signIn(username: string, password: string): Promise<void>;
  signOut(): void;
  hasRole(...roles: Role[]): boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<UserView | null>(null);
  const [loading, setLoading] = useState(() => tokenStore.get() !== null);

  useEffect(() => {
    if (!tokenStore.get()) return;
    api
      .get<UserView>('/me')
      .then(setUser)
      .catch(() => tokenStore.set(null))
      .finally(() => setLoading(false));
  }, []);
  useEffect(() => tokenStore.onExpired(() => setUser(null)), []);

  const signIn = useCallback(async (username: string, password: string) => {
    const answer = await api.post<{ accessToken: string; user: UserView }>('/auth/login', { username, password });
    tokenStore.set(answer.accessToken);
    setUser(await api.get<UserView>('/me'));
  }, []);
  const signOut = useCallback(() => {
    tokenStore.set(null);
    setUser(null);
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
