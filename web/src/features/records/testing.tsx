import type { ReactNode } from 'react';
import { App as AntApp } from 'antd';
import { configure, render } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import type { RecordDetailView, UserView } from '@cadre/contracts';
import { I18nProvider } from '../../i18n/i18n';
import { SessionProvider } from '../../app/session';
import { tokenStore } from '../../api/client';

// jsdom has no ResizeObserver (antd's Table, TextArea and Timeline ask for one); the shared test setup is not ours to edit.
if (!('ResizeObserver' in globalThis)) {
  (globalThis as { ResizeObserver?: unknown }).ResizeObserver = class {
    observe() {
      return undefined;
    }
    unobserve() {
      return undefined;
    }
    disconnect() {
      return undefined;
    }
  };
}

// The shared CI machine is slow: give antd's asynchronous rendering time.
configure({ asyncUtilTimeout: 5_000 });

/** Test helpers of the records feature: a signed-in session (via a stubbed `GET /me`) and a routed page. */

export type Handler = (method: string, path: string, body: unknown) => { status: number; body?: unknown } | undefined;

export interface FetchCall {
  method: string;
  path: string;
  body: unknown;
}

export function user(overrides: Partial<UserView> = {}): UserView {
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

export const TAXONOMY = {
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  items: [
    { code: 'INVEST', name: '招商引资', children: [{ code: 'INVEST-01', name: '项目签约' }, { code: 'INVEST-03', name: '500强企业引进' }] },
    { code: 'PARTY', name: '党的建设', children: [{ code: 'PARTY-01', name: '理论学习' }] },
  ],
};

export function record(overrides: Partial<RecordDetailView> = {}): RecordDetailView {
  return {
    id: 'r1',
    version: 1,
    status: 'draft',
    cadreId: 'u-cadre',
    cadreName: '王海军',
    departmentId: 'd-longhua',
    departmentPath: ['d-city', 'd-longhua'],
    itemCode: 'INVEST-03',
    firstLevelCode: 'INVEST',
    taxonomyVersion: 1,
    title: '引进世界500强企业区域总部',
    description: '牵头洽谈',
    periodStart: '2026-01-01',
    periodEnd: '2026-06-30',
    impactLevel: 'city',
    confirmedImpactLevel: null,
    rating: null,
    results: [],
    evidence: [],
    duplicateEvidence: false,
    duplicateOf: [],
    participants: [{ userId: 'u-cadre', name: '王海军', role: 'lead', share: 100, confirmation: 'confirmed', comment: '' }],
    history: [{ action: 'create', from: null, to: 'draft', actorId: 'u-cadre', actorName: '王海军', at: '2026-07-01T02:00:00.000Z', comment: '', version: 1 }],
    submittedAt: null,
    verifiedAt: null,
    createdAt: '2026-07-01T02:00:00.000Z',
    updatedAt: '2026-07-01T02:00:00.000Z',
    ...overrides,
  };
}

/** Stubs `fetch`: `/me` answers `me`, `/taxonomy` the test taxonomy, the rest goes to `handler` (404 otherwise). */
export function stubApi(me: UserView, handler: Handler = () => undefined): FetchCall[] {
  const calls: FetchCall[] = [];
  tokenStore.set('test-token');
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const path = String(input).replace(/^\/api\/v1/, '');
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, path, body });
    const answer =
      path === '/me' ? { status: 200, body: me } : path === '/taxonomy' ? { status: 200, body: TAXONOMY } : path === '/scoring/standards' ? { status: 200, body: [] } : handler(method, path, body);
    const status = answer?.status ?? 404;
    const payload = answer ? answer.body : { type: 'about:blank', title: 'Not Found', status: 404 };
    return new Response(payload === undefined ? '' : JSON.stringify(payload), {
      status,
      headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  });
  return calls;
}

/** Renders `element` at `path` (a route pattern) opened on `url`, with the providers the console gives every page. */
export function renderPage(element: ReactNode, path: string, url: string) {
  return render(
    <I18nProvider initial="zh-CN">
      <AntApp>
        <SessionProvider>
          <MemoryRouter initialEntries={[url]}>
            <Routes>
              <Route path={path} element={element} />
              <Route path="*" element={<div data-testid="elsewhere" />} />
            </Routes>
          </MemoryRouter>
        </SessionProvider>
      </AntApp>
    </I18nProvider>,
  );
}
