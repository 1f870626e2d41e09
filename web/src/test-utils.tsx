/**
 * What the console's component tests share: a stubbed API (`fetch` answering from the test, every call recorded),
 * a signed-in user, and the providers every page has in the app. Fixtures stay with their feature (`testing.tsx`).
 */
import type { ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import type { UserView } from '@cadre/contracts';
import { tokenStore, type ExportFormat } from './api/client';
import { SessionProvider } from './app/session';
import { theme } from './app/theme';
import { I18nProvider } from './i18n/i18n';

export interface FetchCall {
  method: string;
  /** The path after `/api/v1`, with the query. */
  path: string;
  url: URL;
  body: unknown;
}

export interface Answer {
  status?: number;
  body?: unknown;
}

export type Handler = (method: string, path: string, body: unknown) => Answer | undefined;

/** A user of the directory: a section-level cadre of 龙华区 unless `overrides` say otherwise. */
export function userView(overrides: Partial<UserView> = {}): UserView {
  return {
    id: 'u-cadre',
    username: 'cadre1',
    name: '王海军',
    staffNo: 'HK-1',
    departmentId: 'd-longhua',
    departmentPath: ['d-city', 'd-longhua'],
    roles: ['cadre'],
    rankLevel: 'section',
    title: '科长',
    postDate: null,
    active: true,
    version: 1,
    ...overrides,
  };
}

const NOT_FOUND: Answer = { status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404 } };
export const EMPTY_PAGE: Answer = { body: { items: [], total: 0, page: 1, pageSize: 20 } };

/**
 * Stubs `fetch` with `answer` (JSON, or problem+json for a status ≥ 400); what it leaves undefined gets `otherwise`.
 * Answers the calls made (a live list) and the stub.
 */
export function stubFetch(answer: (call: FetchCall) => Answer | undefined, otherwise: Answer = NOT_FOUND) {
  const calls: FetchCall[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const call: FetchCall = { method: init?.method ?? 'GET', path: url.pathname.replace(/^\/api\/v1/, '') + url.search, url, body: init?.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    const { status = 200, body } = answer(call) ?? otherwise;
    return new Response(body === undefined ? '' : JSON.stringify(body), {
      status,
      headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fn);
  return { calls, fn };
}

/** Signed in as `me` (a stored token; `GET /me` answers `me`); `handler` answers the rest, `otherwise` what it leaves. */
export function stubApi(me: UserView, handler: Handler = () => undefined, otherwise: Answer = NOT_FOUND): FetchCall[] {
  tokenStore.set('test-token');
  return stubFetch((call) => (call.path === '/me' ? { body: me } : handler(call.method, call.path, call.body)), otherwise).calls;
}

/** The app's providers (zh-CN, its theme, antd's App), a router opened at `url`, and with `session` the signed-in user. */
export function Providers({ children, url = '/', session = false }: { children: ReactNode; url?: string; session?: boolean }) {
  const routed = <MemoryRouter initialEntries={[url]}>{children}</MemoryRouter>;
  return (
    <I18nProvider initial="zh-CN">
      <ConfigProvider theme={theme}>
        <AntApp>{session ? <SessionProvider>{routed}</SessionProvider> : routed}</AntApp>
      </ConfigProvider>
    </I18nProvider>
  );
}

/**
 * Renders `element` as the page matched by `pattern`, opened at `url`, signed in (see `stubApi`). With a pattern,
 * any other path the page navigates to renders `data-testid="elsewhere"`.
 */
export function renderPage(element: ReactNode, { url = '/', pattern = '*' }: { url?: string; pattern?: string } = {}) {
  return render(
    <Providers url={url} session>
      <Routes>
        <Route path={pattern} element={element} />
        {pattern !== '*' && <Route path="*" element={<div data-testid="elsewhere" />} />}
      </Routes>
    </Providers>,
  );
}

/**
 * Exports the page's list through its 导出 ▾ menu (components/ExportButton): opens it (`button`, else the page's one
 * 导出 button) and picks 导出 CSV or 导出 Excel.
 */
export async function chooseExport(format: ExportFormat, button: HTMLElement = screen.getByRole('button', { name: /导出/ })) {
  fireEvent.click(button);
  const items = await screen.findAllByRole('menuitem', { name: format === 'csv' ? '导出 CSV' : '导出 Excel' });
  fireEvent.click(items[items.length - 1] as HTMLElement);
}

/**
 * The names of the files a page saves (object URLs and anchor clicks stubbed: jsdom has neither), in order; the spy
 * is undone by `vi.restoreAllMocks()`.
 */
export function stubSavedFiles(): string[] {
  const saved: string[] = [];
  URL.createObjectURL = vi.fn(() => 'blob:export');
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push(this.download);
  });
  return saved;
}
