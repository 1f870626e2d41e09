import type { ReactNode } from 'react';
import { App as AntApp } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { configure } from '@testing-library/react';
import { I18nProvider } from '../../i18n/i18n';

/** The providers the admin pages need in a component test (zh-CN). */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <I18nProvider initial="zh-CN">
      <AntApp>
        <MemoryRouter>{children}</MemoryRouter>
      </AntApp>
    </I18nProvider>
  );
}

export interface FetchCall {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (call: FetchCall) => { status?: number; body?: unknown } | undefined;

/** A `fetch` answering from `handler` (JSON, or problem+json for status ≥ 400); unknown requests get a 404 problem. Records the calls. */
export function mockFetch(handler: Handler) {
  const calls: FetchCall[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const call: FetchCall = { method: init?.method ?? 'GET', path: url.pathname.replace(/^\/api\/v1/, '') + url.search, body: init?.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    const answer = handler(call) ?? { status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404 } };
    const status = answer.status ?? 200;
    return new Response(answer.body === undefined ? '' : JSON.stringify(answer.body), {
      status,
      headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fn);
  return { fn, calls };
}

// A shared 2-core machine can be slow: give findBy*/waitFor room.
configure({ asyncUtilTimeout: 10_000 });

// jsdom has no ResizeObserver; antd's tables and tabs observe sizes.
if (!('ResizeObserver' in globalThis)) {
  (globalThis as { ResizeObserver?: unknown }).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
