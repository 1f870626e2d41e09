import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderPage, stubApi, userView } from '../../test-utils';
import { answerPeople, person, pickPerson } from '../../components/people/testing';
import { SurveyPage } from './SurveyPage';
import { cycle, surveyCadre, surveyView } from './testing';

vi.setConfig({ testTimeout: 60_000 });

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

function surveyApi(view: ReturnType<typeof surveyView>, write?: (method: string, path: string, body: unknown) => { status?: number; body?: unknown } | undefined) {
  return (method: string, path: string, body: unknown) => {
    const url = new URL(path, 'http://localhost');
    if (method === 'GET' && url.pathname === '/appraisal/cycles') return { body: { items: [cycle()], total: 1, page: 1, pageSize: 100 } };
    if (method === 'GET' && url.pathname === '/appraisal/cycles/cy-1') return { body: cycle() };
    if (method === 'GET' && url.pathname === '/appraisal/cycles/cy-1/survey') return { body: view };
    return answerPeople([person({ userId: 'u-9', name: '陈静', departmentName: '龙华区政务中心', title: '窗口负责人' })], method, path) ?? write?.(method, url.pathname, body);
  };
}

describe('测评情况', () => {
  it('shows who voted (never how) while open, and an appraiser edits the raters: voted ones stay, a 服务对象 is added', async () => {
    const saved = surveyCadre({ invited: 3, raters: [...surveyCadre().raters.slice(0, 1), { userId: 'u-9', name: '陈静', group: 'recipient', groupLabel: '服务对象', voted: false }] });
    const calls = stubApi(userView({ id: 'u-app', roles: ['appraiser'] }), surveyApi(surveyView([surveyCadre()]), (method, path) => (method === 'PUT' && path === '/appraisal/cycles/cy-1/survey/raters/c-1' ? { body: saved } : undefined)));
    renderPage(<SurveyPage />);
    expect(await screen.findByTestId('participation-c-1')).toBeTruthy();
    expect(screen.getByTestId('participation-c-1').textContent).toBe('已投票 1 / 2');
    expect(screen.getByTestId('rater-c-1-u-2').textContent).toContain('李明（同级）');
    expect(within(screen.getByTestId('rater-c-1-u-2')).getByLabelText('已投票')).toBeTruthy();
    expect(within(screen.getByTestId('rater-c-1-u-3')).queryByLabelText('已投票')).toBeNull();
    expect(screen.getByText('测评结束后显示结果')).toBeTruthy();

    fireEvent.click(screen.getByTestId('edit-raters-c-1'));
    const dialog = await screen.findByRole('dialog');
    const rows = within(dialog).getAllByTestId('rater-row');
    expect(rows).toHaveLength(2);
    // The one who voted cannot be removed or moved.
    expect((within(rows[0]!).getByRole('button', { name: '删除' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(rows[1]!).getByRole('button', { name: '删除' }));
    fireEvent.click(within(dialog).getByRole('button', { name: '添加测评人' }));
    await pickPerson(within(dialog).getByLabelText('测评人 2'), '陈', person({ userId: 'u-9', name: '陈静', departmentName: '龙华区政务中心', title: '窗口负责人' }));
    fireEvent.click(within(dialog).getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({
      raters: [
        { userId: 'u-2', group: 'peer' },
        { userId: 'u-9', group: 'recipient' },
      ],
    });
    expect(await screen.findByTestId('rater-c-1-u-9')).toBeTruthy();
  });

  it('shows the results once the survey is closed, and no editing', async () => {
    const result = {
      cycleId: 'cy-1',
      cycleName: '2026年度干部考核',
      period: '2026',
      cadreId: 'c-1',
      shown: true,
      groups: [
        { group: 'peer' as const, label: '同级', weight: 0.6, invited: 4, voted: 3, counted: true },
        { group: 'recipient' as const, label: '服务对象', weight: 0.4, invited: 3, voted: 1, counted: false },
      ],
      criteria: [
        { code: 'de', name: '德', weight: 0.5, score: 93.33 },
        { code: 'ji', name: '绩', weight: 0.5, score: 80 },
      ],
      overall: 86.67,
      satisfaction: 100,
    };
    stubApi(userView({ id: 'u-ass', roles: ['assessor'] }), surveyApi(surveyView([surveyCadre({ result })], 'closed')));
    renderPage(<SurveyPage />);
    const shown = await screen.findByTestId('result-c-1');
    expect(shown.textContent).toContain('综合得分 86.67');
    expect(shown.textContent).toContain('满意度 100%');
    expect(shown.textContent).toContain('93.33');
    expect(shown.textContent).toContain('服务对象 1/3（人数不足，不计）');
    expect(screen.queryByTestId('edit-raters-c-1')).toBeNull();
  });
});
