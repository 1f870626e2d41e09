import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderPage, stubApi, userView } from '../../test-utils';
import { CycleDetailPage, CyclesPage } from './CyclesPage';
import { cycleBody } from './CycleForm';
import { cycle, department } from './testing';

vi.setConfig({ testTimeout: 60_000 });

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const departments = {
  items: [
    { id: 'd-city', name: '海口市', code: 'HK', parentId: null, path: [] },
    { id: 'd-longhua', name: '龙华区', code: 'LH', parentId: 'd-city', path: ['d-city'] },
  ],
  total: 2,
};

describe('考核管理', () => {
  it('lists cycles with kind, period, status and progress, and filters by kind', async () => {
    const calls = stubApi(userView({ id: 'u-ass', roles: ['assessor'] }), (method, path) =>
      path.startsWith('/appraisal/cycles?')
        ? { body: { items: [cycle(), cycle({ id: 'cy-2', kind: 'quarterly', kindLabel: '平时考核', name: '三季度平时考核', period: '2026-Q3', status: 'closed', statusLabel: '已结束', survey: null })], total: 2, page: 1, pageSize: 20 } }
        : undefined,
    );
    renderPage(<CyclesPage />);
    const first = (await screen.findByRole('link', { name: '2026年度干部考核' })).closest('tr') as HTMLElement;
    expect(first.textContent).toContain('年度考核');
    expect(first.textContent).toContain('2026年度');
    expect(first.textContent).toContain('进行中');
    expect(first.textContent).toContain('已确认 1 / 10');
    const second = screen.getByRole('link', { name: '三季度平时考核' }).closest('tr') as HTMLElement;
    expect(second.textContent).toContain('2026年第3季度');
    expect(second.textContent).toContain('已结束');
    // Only an admin opens cycles.
    expect(screen.queryByRole('button', { name: /发起考核/ })).toBeNull();
    fireEvent.mouseDown(within(screen.getByLabelText('考核类型').closest('.ant-select') as HTMLElement).getByRole('combobox'));
    fireEvent.click((await screen.findAllByTitle('平时考核')).at(-1)!);
    await waitFor(() => expect(calls.some((c) => c.url.searchParams.get('kind') === 'quarterly')).toBe(true));
  });

  it('opens a quarterly cycle with a survey: the quarter picker, the live weight totals, the body sent', async () => {
    const calls = stubApi(userView({ id: 'u-admin', roles: ['admin'] }), (method, path) => {
      if (path === '/departments') return { body: departments };
      if (method === 'GET' && path.startsWith('/appraisal/cycles?')) return { body: { items: [], total: 0, page: 1, pageSize: 20 } };
      if (method === 'POST' && path === '/appraisal/cycles') return { status: 201, body: cycle({ id: 'cy-9' }) };
      if (method === 'GET' && path === '/appraisal/cycles/cy-9') return { body: cycle({ id: 'cy-9' }) };
      return undefined;
    });
    renderPage(<CyclesPage />, { pattern: '/' });
    fireEvent.click(await screen.findByRole('button', { name: /发起考核/ }));
    const drawer = await screen.findByRole('dialog');
    fireEvent.click(within(drawer).getByText('平时考核'));
    const quarters = await within(drawer).findByTestId('quarter-picker');
    fireEvent.click(within(quarters).getByText('第3季度'));
    fireEvent.change(within(drawer).getByLabelText('考核名称'), { target: { value: '三季度平时考核' } });
    // Departments: a tree.
    fireEvent.mouseDown(within(within(drawer).getByLabelText('参加单位').closest('.ant-select') as HTMLElement).getByRole('combobox'));
    fireEvent.click((await screen.findAllByTitle('龙华区')).at(-1)!);
    fireEvent.click(within(drawer).getByRole('switch', { name: '民主测评' }));
    // The totals follow the form's values, which the survey's defaults fill a render after the switch.
    await waitFor(() => expect(within(drawer).getByTestId('criteria-total').textContent).toBe('权重合计 100%'));
    await waitFor(() => expect(within(drawer).getByTestId('groups-total').textContent).toBe('权重合计 100%'));
    // A weight changed: the total follows, and the form refuses to send until it is 100% again.
    const weights = within(drawer).getAllByLabelText('权重（%）');
    fireEvent.change(weights[0]!, { target: { value: '30' } });
    await waitFor(() => expect(within(drawer).getByTestId('criteria-total').textContent).toBe('权重合计 110%'));
    fireEvent.click(within(drawer).getByRole('button', { name: /发起考核/ }));
    expect(await within(drawer).findByText('权重合计须为 100%（现为 110%）')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.change(weights[3]!, { target: { value: '20' } });
    await waitFor(() => expect(within(drawer).getByTestId('criteria-total').textContent).toBe('权重合计 100%'));
    fireEvent.click(within(drawer).getByRole('button', { name: /发起考核/ }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const body = calls.find((c) => c.method === 'POST')!.body as Record<string, unknown>;
    expect(body).toMatchObject({ kind: 'quarterly', name: '三季度平时考核', departmentIds: ['d-longhua'], topGradeQuota: 0.2 });
    expect(body.period).toMatch(/^20\d{2}-Q3$/);
    expect(body.survey).toEqual({
      criteria: [
        { code: 'de', name: '德', weight: 0.3 },
        { code: 'neng', name: '能', weight: 0.2 },
        { code: 'qin', name: '勤', weight: 0.15 },
        { code: 'ji', name: '绩', weight: 0.2 },
        { code: 'lian', name: '廉', weight: 0.15 },
      ],
      groups: [
        { group: 'superior', weight: 0.3, minRaters: 1 },
        { group: 'peer', weight: 0.3, minRaters: 3 },
        { group: 'subordinate', weight: 0.2, minRaters: 3 },
        { group: 'recipient', weight: 0.2, minRaters: 3 },
      ],
    });
    expect(await screen.findByTestId('elsewhere')).toBeTruthy();
  });

  it('builds the body: a year for 年度, no survey unless asked, quota and weights as fractions', () => {
    expect(
      cycleBody({ kind: 'annual', name: ' 年度考核 ', year: 2026, quarter: 2, departmentIds: ['d-1'], quota: 15, dueDate: '2027-01-15', withSurvey: false, criteria: [], groups: [] }),
    ).toEqual({ kind: 'annual', name: '年度考核', period: '2026', departmentIds: ['d-1'], topGradeQuota: 0.15, dueDate: '2027-01-15' });
  });
});

describe('考核详情', () => {
  it('shows each department with its progress and quota, and lets an admin close the survey and the cycle', async () => {
    // As the service: the cycle read again after each close shows it; closing the survey answers the survey's close view.
    const departments = [department(), department({ departmentId: 'd-xiuying', departmentName: '秀英区', cadres: 5, topGrade: { grade: 'excellent', used: 0, max: 1 } })];
    const closedSurvey = { ...cycle().survey!, status: 'closed' as const, closedAt: '2026-12-20T02:00:00.000Z' };
    let state = cycle({ departments });
    const calls = stubApi(userView({ id: 'u-admin', roles: ['admin'] }), (method, path) => {
      if (method === 'GET' && path === '/appraisal/cycles/cy-1') return { body: state };
      if (method === 'POST' && path === '/appraisal/cycles/cy-1/survey/close') {
        state = { ...state, survey: closedSurvey };
        return { body: { cycleId: 'cy-1', surveyStatus: 'closed', closedAt: closedSurvey.closedAt, results: 9 } };
      }
      if (method === 'POST' && path === '/appraisal/cycles/cy-1/close') {
        state = { ...state, status: 'closed', statusLabel: '已结束' };
        return { body: state };
      }
      return undefined;
    });
    renderPage(<CycleDetailPage />, { url: '/appraisal/cycles/cy-1', pattern: '/appraisal/cycles/:id' });
    expect(await screen.findByTestId('quota-d-longhua')).toBeTruthy();
    expect(screen.getByTestId('quota-d-longhua').textContent).toBe('已用 1 / 上限 2');
    expect(screen.getByTestId('quota-d-xiuying').textContent).toBe('已用 0 / 上限 1');
    expect(screen.getByTestId('dept-d-longhua-submitted').textContent).toBe('待审核 2');
    expect(screen.getAllByRole('link', { name: '测评情况' })[0]!.getAttribute('href')).toBe('/appraisal/survey?cycleId=cy-1&departmentId=d-longhua');

    fireEvent.click(screen.getByRole('button', { name: '结束测评' }));
    fireEvent.click(await screen.findByRole('button', { name: /确\s*定|OK/ }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/survey/close'))).toBe(true));
    await waitFor(() => expect(screen.queryByRole('button', { name: '结束测评' })).toBeNull());

    fireEvent.click(screen.getByRole('button', { name: '结束考核' }));
    const buttons = await screen.findAllByRole('button', { name: /确\s*定|OK/ });
    fireEvent.click(buttons.at(-1)!);
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/appraisal/cycles/cy-1/close')).toBe(true));
    await waitFor(() => expect(screen.queryByRole('button', { name: '结束考核' })).toBeNull());
  });

  it('shows why closing was refused', async () => {
    stubApi(userView({ id: 'u-admin', roles: ['admin'] }), (method, path) => {
      if (method === 'GET' && path === '/appraisal/cycles/cy-1') return { body: cycle({ survey: null }) };
      if (method === 'POST') return { status: 409, body: { type: 'about:blank', title: 'Conflict', status: 409, detail: '还有 9 人的等次未确认（龙华区 9）' } };
      return undefined;
    });
    renderPage(<CycleDetailPage />, { url: '/appraisal/cycles/cy-1', pattern: '/appraisal/cycles/:id' });
    fireEvent.click(await screen.findByRole('button', { name: '结束考核' }));
    fireEvent.click(await screen.findByRole('button', { name: /确\s*定|OK/ }));
    expect(await screen.findByText(/还有 9 人的等次未确认/)).toBeTruthy();
  });
});
