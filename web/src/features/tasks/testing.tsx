import type { ReactNode } from 'react';
import { App as AntApp } from 'antd';
import { configure, render } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import type { BidView, TaskView, UserView } from '@cadre/contracts';
import { I18nProvider } from '../../i18n/i18n';
import { SessionProvider } from '../../app/session';
import { tokenStore } from '../../api/client';

/** Test helpers of the tasks feature: a signed-in session (via a stubbed `GET /me`), a stubbed API, fixtures. */

if (!('ResizeObserver' in globalThis)) {
  (globalThis as { ResizeObserver?: unknown }).ResizeObserver = class {
    observe() {
      // jsdom: nothing to observe
    }
    unobserve() {
      // jsdom: nothing to observe
    }
    disconnect() {
      // nothing
    }
  };
}
configure({ asyncUtilTimeout: 5_000 });

export type Handler = (method: string, path: string, body: unknown) => { status: number; body?: unknown } | undefined;
export interface FetchCall {
  method: string;
  path: string;
  body: unknown;
}

export function user(overrides: Partial<UserView> = {}): UserView {
  return {
    id: 'u-pub',
    username: 'sunli',
    name: '孙丽',
    staffNo: 'HK-9',
    departmentId: 'd-city',
    departmentPath: ['d-city'],
    roles: ['publisher'],
    rankLevel: 'division',
    title: '主任',
    postDate: null,
    active: true,
    version: 1,
    ...overrides,
  };
}

export function bid(overrides: Partial<BidView> = {}): BidView {
  return {
    id: 't1_1',
    version: 1,
    taskId: 't1',
    teamId: 'team1',
    teamName: '攻坚小组',
    leadId: 'u-lead',
    members: [
      { userId: 'u-lead', name: '王海军', departmentId: 'd-longhua', departmentPath: ['d-city', 'd-longhua'], role: 'lead', share: 60, invitation: 'accepted', respondedAt: null },
      { userId: 'u-m', name: '李娜', departmentId: 'd-xiuying', departmentPath: ['d-city', 'd-xiuying'], role: 'member', share: 40, invitation: 'accepted', respondedAt: null },
    ],
    status: 'submitted',
    plan: '方案',
    expectedResults: '成果',
    milestones: [{ name: '启动', dueDate: '2027-01-01' }],
    commitment: '军令状',
    evaluation: { count: 0, expected: 2, conflictedEvaluatorIds: [], score: null, criteria: null, divergent: false, spread: null, rank: null },
    evaluations: [],
    submittedAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

export function task(overrides: Partial<TaskView> = {}): TaskView {
  return {
    id: 't1',
    version: 1,
    status: 'draft',
    batchId: 'b1',
    batchName: '第一批',
    title: '化解历史遗留不动产登记难题',
    description: '描述',
    domain: 'legacy',
    flags: ['hard'],
    goals: '目标',
    expectedResults: '预期',
    milestones: [{ name: '启动', dueDate: '2027-01-01' }],
    biddingDeadline: '2099-01-01T00:00:00.000Z',
    deliveryDeadline: '2099-06-01T00:00:00.000Z',
    rewardPoints: 100,
    allowRace: false,
    publisherId: 'u-pub',
    departmentId: 'd-city',
    departmentPath: ['d-city'],
    evaluators: [
      { userId: 'u-ev1', name: '周明' },
      { userId: 'u-ev2', name: '钱红' },
    ],
    bids: [],
    award: null,
    progress: [],
    results: [],
    reviews: [],
    reviewersExpected: ['u-ev1', 'u-ev2'],
    verdict: null,
    reward: null,
    history: [],
    publishedAt: null,
    biddingClosedAt: null,
    awardedAt: null,
    resultsSubmittedAt: null,
    concludedAt: null,
    createdAt: '2026-10-01T00:00:00.000Z',
    updatedAt: '2026-10-01T00:00:00.000Z',
    ...overrides,
  };
}

/** Stubs `fetch`: `GET /me` answers `me`; `handler` answers the rest (unhandled: 200 with an empty page). */
export function stubApi(me: UserView, handler: Handler = () => undefined): FetchCall[] {
  tokenStore.set('test-token');
  const calls: FetchCall[] = [];
  vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const path = url.pathname.replace(/^\/api\/v1/, '') + url.search;
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, path, body });
    const answer = path === '/me' ? { status: 200, body: me } : (handler(method, path, body) ?? { status: 200, body: { items: [], total: 0, page: 1, pageSize: 20 } });
    const isProblem = answer.status >= 400;
    return new Response(answer.body === undefined ? '' : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': isProblem ? 'application/problem+json' : 'application/json' },
    });
  });
  return calls;
}

/** Renders `element` at `path` (matched by `pattern`) with the providers a page needs. */
export function renderPage(element: ReactNode, path = '/', pattern = '/') {
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
