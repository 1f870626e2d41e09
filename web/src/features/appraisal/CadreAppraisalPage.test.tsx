import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { chooseExport, renderPage, stubApi, stubSavedFiles, userView } from '../../test-utils';
import { CadreAppraisalPage, MyAppraisalPage } from './CadreAppraisalPage';
import { cadreAppraisal } from './testing';
import { beijingNow } from './rules';

vi.setConfig({ testTimeout: 40_000 });

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('我的考评 / 综合考评', () => {
  it("shows a cadre's own points with linked entries, grades with history, 测评 results and tasks; another year; its CSV under the cadre's name and year", async () => {
    const calls = stubApi(userView({ id: 'u-cadre' }), (method, path) => {
      const url = new URL(path, 'http://localhost');
      if (url.pathname !== '/appraisal/cadres/u-cadre') return undefined;
      if (url.searchParams.get('format')) return { body: '类别,名称\n' };
      return { body: cadreAppraisal({ period: url.searchParams.get('period') ?? '2026' }) };
    });
    const saved = stubSavedFiles();
    renderPage(<MyAppraisalPage />);
    expect(await screen.findByText('我的考评')).toBeTruthy();
    const points = await screen.findByTestId('points');
    expect(points.textContent).toContain('42.5');
    expect(points.textContent).toContain('考核等次积分10');
    expect(screen.getByRole('link', { name: '引进世界500强企业' }).getAttribute('href')).toBe('/records/r-1');
    const grade = screen.getByTestId('grade-cy-0');
    expect(grade.textContent).toContain('2026年第1季度平时考核');
    expect(grade.textContent).toContain('好');
    expect(grade.textContent).toContain('已确认');
    fireEvent.click(grade);
    expect(await screen.findByText(/确认 好 · 研判员乙 · 2026-04-03 10:00/)).toBeTruthy();
    const result = screen.getByTestId('result-u-cadre');
    expect(result.textContent).toContain('综合得分 87.5');
    expect(result.textContent).toContain('满意度 95%');
    expect(screen.getByRole('link', { name: '化解历史遗留用地问题' }).getAttribute('href')).toBe('/tasks/t-1');

    fireEvent.mouseDown(within(screen.getByLabelText('年度').closest('.ant-select') as HTMLElement).getByRole('combobox'));
    const lastYear = String(beijingNow().year - 1);
    fireEvent.click((await screen.findAllByTitle(`${lastYear}年`)).at(-1)!);
    await waitFor(() => expect(calls.some((c) => c.url.searchParams.get('period') === lastYear)).toBe(true));
    await screen.findByTestId('points');
    await chooseExport('csv');
    await waitFor(() => expect(saved).toEqual([`综合考评-王海军-${lastYear}.csv`]));
    expect(calls.filter((c) => c.url.searchParams.has('format')).map((c) => c.path)).toEqual([`/appraisal/cadres/u-cadre?period=${lastYear}&format=csv`]);
  });

  it("shows another cadre's view by id, and the API's refusal", async () => {
    stubApi(userView({ id: 'u-rev', roles: ['reviewer'] }), (method, path) => {
      if (path.startsWith('/appraisal/cadres/u-cadre')) return { body: cadreAppraisal({ grades: [], surveys: [], tasks: [] }) };
      if (path.startsWith('/appraisal/cadres/u-other')) return { status: 403, body: { type: 'about:blank', title: 'Forbidden', status: 403 } };
      return undefined;
    });
    const { unmount } = renderPage(<CadreAppraisalPage />, { url: '/appraisal/cadres/u-cadre', pattern: '/appraisal/cadres/:id' });
    expect(await screen.findByText('综合考评')).toBeTruthy();
    expect(await screen.findByText('王海军 · 龙华区 · 科长')).toBeTruthy();
    expect(screen.getByText('本年度暂无考核等次')).toBeTruthy();
    expect(screen.getByText('本年度暂无已公布的测评结果')).toBeTruthy();
    unmount();
    renderPage(<CadreAppraisalPage />, { url: '/appraisal/cadres/u-other', pattern: '/appraisal/cadres/:id' });
    expect(await screen.findByText('您没有权限进行此操作或查看此内容。')).toBeTruthy();
  });
});
