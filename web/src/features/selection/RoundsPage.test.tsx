import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderPage, stubApi, userView } from '../../test-utils';
import { RoundsPage } from './RoundsPage';
import { round } from './testing';

vi.setConfig({ testTimeout: 60_000 });

const realMatchMedia = window.matchMedia;
afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
  window.matchMedia = realMatchMedia;
});

const assessor = userView({ id: 'u-ass', name: '组织部张三', roles: ['assessor'] });
const departments = {
  items: [
    { id: 'd-city', name: '海口市', code: 'HK', parentId: null, path: [] },
    { id: 'd-longhua', name: '龙华区', code: 'LH', parentId: 'd-city', path: ['d-city'] },
  ],
  total: 2,
};
const page = (items: unknown[]) => ({ body: { items, total: items.length, page: 1, pageSize: 20 } });
const full = round({
  status: 'notice',
  statusLabel: '公示中',
  positions: [{ name: '区发改局副局长', count: 1, selected: 1 }],
  counts: { candidates: 3, undecided: 0, selected: 1, withdrawn: 0, openObjections: 2, applications: 0 },
});
// A row of the list: the round without candidates, objections, history and criteria.
const summary = Object.fromEntries(Object.entries(full).filter(([key]) => !['candidates', 'objections', 'history', 'criteria'].includes(key)));

function phoneWidth() {
  Object.defineProperty(window, 'innerWidth', { configurable: true, value: 375 });
  window.matchMedia = (query: string) => {
    const min = /min-width:\s*(\d+)px/.exec(query);
    const max = /max-width:\s*(\d+(?:\.\d+)?)px/.exec(query);
    const matches = (!min || 375 >= Number(min[1])) && (!max || 375 <= Number(max[1]));
    return { matches, media: query, onchange: null, addListener: () => undefined, removeListener: () => undefined, addEventListener: () => undefined, removeEventListener: () => undefined, dispatchEvent: () => false } as MediaQueryList;
  };
}

describe('选任管理', () => {
  it('lists rounds with status, positions, counts and open objections, and filters by status', async () => {
    const calls = stubApi(assessor, (method, path) => (path.startsWith('/selection/rounds?') ? page([summary]) : undefined));
    renderPage(<RoundsPage />);
    const row = (await screen.findByRole('link', { name: '2026年区管干部提拔' })).closest('tr') as HTMLElement;
    expect(row.textContent).toContain('提拔使用');
    expect(row.textContent).toContain('公示中');
    expect(row.textContent).toContain('区发改局副局长 1/1');
    expect(row.textContent).toContain('考察对象 3 · 拟任 1');
    expect(within(row).getByTestId('open-objections').textContent).toBe('待核查异议 2');
    expect(row.querySelector('a')!.getAttribute('href')).toBe('/selection/rounds/rd-1');
    fireEvent.mouseDown(within(screen.getByLabelText('状态').closest('.ant-select') as HTMLElement).getByRole('combobox'));
    fireEvent.click((await screen.findAllByTitle('考察中')).at(-1)!);
    await waitFor(() => expect(calls.some((c) => c.url.searchParams.get('status') === 'inspecting')).toBe(true));
  });

  it('shows cards on a phone', async () => {
    phoneWidth();
    stubApi(assessor, (method, path) => (path.startsWith('/selection/rounds?') ? page([summary]) : undefined));
    renderPage(<RoundsPage />);
    const card = await screen.findByTestId('round-card');
    expect(card.textContent).toContain('2026年区管干部提拔');
    expect(card.textContent).toContain('公示中');
    expect(document.querySelector('table')).toBeNull();
  });

  it('opens an award round: applyUntil asked for, the body sent, the 400 put on its field', async () => {
    let posted = 0;
    const calls = stubApi(assessor, (method, path) => {
      if (path === '/departments') return { body: departments };
      if (method === 'GET' && path.startsWith('/selection/rounds?')) return page([]);
      if (method === 'POST' && path === '/selection/rounds') {
        posted += 1;
        if (posted === 1)
          return { status: 400, body: { type: 'about:blank', title: 'Bad Request', status: 400, detail: '请求有误', errors: [{ path: 'criteria.limit', message: '不能超过 100' }] } };
        return { status: 201, body: round({ id: 'rd-9', kind: 'award', status: 'applying' }) };
      }
      return undefined;
    });
    renderPage(<RoundsPage />, { pattern: '/' });
    fireEvent.click(await screen.findByRole('button', { name: /发起选任/ }));
    const drawer = await screen.findByRole('dialog');
    fireEvent.click(within(drawer).getByText('评先评优'));
    fireEvent.change(within(drawer).getByLabelText('名称'), { target: { value: '2026年度评先评优' } });
    fireEvent.change(within(drawer).getByLabelText('职位或奖项名称'), { target: { value: '优秀公务员' } });
    fireEvent.mouseDown(within(within(drawer).getByLabelText('范围（单位）').closest('.ant-select') as HTMLElement).getByRole('combobox'));
    fireEvent.click((await screen.findAllByTitle('龙华区')).at(-1)!);
    // 评先评优 needs the last day of applications.
    fireEvent.click(within(drawer).getByRole('button', { name: /发起选任/ }));
    expect(await within(drawer).findByText('评先评优须填写申报截止日期')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    // Ant Design's DatePicker (YYYY-MM-DD): a typed day is taken on Enter.
    const applyUntil = within(drawer).getByLabelText('申报截止');
    fireEvent.mouseDown(applyUntil);
    fireEvent.change(applyUntil, { target: { value: '2026-12-31' } });
    fireEvent.keyDown(applyUntil, { key: 'Enter', code: 'Enter', keyCode: 13 });
    fireEvent.click(within(drawer).getByRole('button', { name: /发起选任/ }));
    expect(await within(drawer).findByText('不能超过 100')).toBeTruthy();
    const body = calls.find((c) => c.method === 'POST')!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      kind: 'award',
      name: '2026年度评先评优',
      positions: [{ name: '优秀公务员', count: 1 }],
      departmentIds: ['d-longhua'],
      criteria: { withoutGrades: ['basic', 'incompetent'], gradeYears: 3, limit: 20 },
      noticeDays: 5,
      applyUntil: '2026-12-31',
    });
    fireEvent.click(within(drawer).getByRole('button', { name: /发起选任/ }));
    expect(await screen.findByTestId('elsewhere')).toBeTruthy();
  });
});
