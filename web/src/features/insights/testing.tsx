import type { ReactNode } from 'react';
import { App as AntApp } from 'antd';
import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import type { UserView } from '@cadre/contracts';
import { tokenStore } from '../../api/client';
import { SessionProvider } from '../../app/session';
import { I18nProvider } from '../../i18n/i18n';

export const cadre: UserView = {
  id: 'u-cadre',
  username: 'wang.li',
  name: '王丽',
  staffNo: 'HK-001',
  departmentId: 'd-longhua',
  departmentPath: ['d-city', 'd-longhua'],
  roles: ['cadre'],
  rankLevel: 'section',
  title: '科长',
  postDate: null,
  active: true,
  version: 1,
};

export type Answer = { status?: number; body: unknown };

/**
 * Stubs `fetch` for the API: `routes` maps a path (without `/api/v1`, without the query) to an answer or a
 * function of the URL; `/me` answers `user`; anything else answers an empty list. Answers the calls made.
 */
export function stubApi(user: UserView, routes: Record<string, Answer | ((url: URL) => Answer)>) {
  const calls: URL[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost');
    calls.push(url);
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const route = path === '/me' ? { body: user } : routes[path];
    const answer = typeof route === 'function' ? route(url) : (route ?? { body: { items: [], total: 0 } });
    const status = answer.status ?? 200;
    return new Response(JSON.stringify(answer.body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  tokenStore.set('test-token');
  return { calls, fetchMock };
}

/** Renders a page signed in (the session reads `/me` from the stubbed fetch), in zh-CN, at `path`. */
export function renderSignedIn(element: ReactNode, { path = '/', pattern = '*' }: { path?: string; pattern?: string } = {}) {
  return render(
    <I18nProvider initial="zh-CN">
      <AntApp>
        <SessionProvider>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path={pattern} element={element} />
            </Routes>
          </MemoryRouter>
        </SessionProvider>
      </AntApp>
    </I18nProvider>,
  );
}
