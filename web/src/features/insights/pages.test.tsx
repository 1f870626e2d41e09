import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { AnalyticsAppraisalView, AnalyticsSelectionView, CandidatesView, DepartmentsView, OverviewView, PortraitView, ScoreView } from '@cadre/contracts';
import { tokenStore } from '../../api/client';
import { AnalyticsPage } from './AnalyticsPage';
import { CadrePage, MyScorePage } from './CadrePages';
import { CandidatesPage } from './CandidatesPage';
import { Chart } from './Chart';
import { RankingsPage } from './RankingsPage';
import { chooseExport, renderPage, stubSavedFiles } from '../../test-utils';
import { cadre, stubRoutes } from './testing';
import { currentYear } from './format';
import { I18nProvider } from '../../i18n/i18n';
import { configure, render } from '@testing-library/react';

// Antd pages render slowly in jsdom on a busy machine.
configure({ asyncUtilTimeout: 8000 });
vi.setConfig({ testTimeout: 30_000 });

beforeEach(() => {
  // jsdom has no ResizeObserver; antd's tables ask for one.
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe = () => undefined;
      unobserve = () => undefined;
      disconnect = () => undefined;
    },
  );
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  tokenStore.set(null);
});

const score: ScoreView = {
  cadreId: cadre.id,
  period: '2026',
  total: 110.68,
  participation: 16,
  contribution: 79.68,
  appraisal: 0,
  bonus: 15,
  reversal: 0,
  byItem: { INVEST: 7.68, TASK: 103 },
  capped: [{ firstLevelCode: 'INVEST', year: '2026', earned: 72, counted: 60, cap: 60 }],
  standardVersion: 1,
  updatedAt: '2026-11-20T08:00:00Z',
  entries: [
    {
      id: 'e1',
      cadreId: cadre.id,
      points: 7.68,
      hundredths: 768,
      counted: 768,
      part: 'contribution',
      source: { type: 'record', id: 'rec-1', version: 4 },
      itemCode: 'INVEST-03',
      firstLevelCode: 'INVEST',
      standardVersion: 1,
      period: '2026',
      explanation: 'INVEST-03 city ×2, rated 良好 ×1.2 = 19.20 (base 8); 贡献度 80% by 50% share → 7.68',
      occurredAt: '2026-05-02T02:00:00Z',
      createdAt: '2026-05-02T02:00:01Z',
    },
    {
      id: 'e2',
      cadreId: cadre.id,
      points: 15,
      hundredths: 1500,
      counted: 1500,
      part: 'bonus',
      source: { type: 'task', id: 'task-9', version: 7, title: '化解历史遗留问题' },
      standardVersion: 1,
      period: '2026',
      explanation: '任务《化解历史遗留问题》：奖励 100 ×1.5（急难险重：难），评审 合格 ×1 = 150.00；牵头人加分 10% → 15.00',
      occurredAt: '2026-06-02T02:00:00Z',
      createdAt: '2026-06-02T02:00:01Z',
    },
  ],
};

describe('MyScorePage', () => {
  it('shows the total and every entry explained in plain words, with a link to its source', { timeout: 20_000 }, async () => {
    const { calls } = stubRoutes(cadre, {
      [`/scores/${cadre.id}`]: { body: score },
      '/taxonomy': { body: { version: 1, createdAt: '', items: [{ code: 'INVEST', name: '招商引资', children: [{ code: 'INVEST-03', name: '500强企业引进' }] }] } },
    });
    renderPage(<MyScorePage />);
    const table = await screen.findByTestId('score-entries', undefined, { timeout: 8000 });
    expect(within(table).getByText('基础分 8 × 影响层级「市级」×2 × 研判等级「良好」×1.2 = 19.20 分')).toBeTruthy();
    expect(within(table).getByText('其中 80% 作为贡献度，按您 50% 的贡献份额分配 → 7.68 分')).toBeTruthy();
    // The service's Chinese sentence (entries since #20) as it is, named by the task's title rather than a version.
    expect(within(table).getByText('任务《化解历史遗留问题》：奖励 100 ×1.5（急难险重：难），评审 合格 ×1 = 150.00；牵头人加分 10% → 15.00')).toBeTruthy();
    expect(within(table).getByRole('link', { name: '揭榜任务《化解历史遗留问题》' }).getAttribute('href')).toBe('/tasks/task-9');
    expect(within(table).queryByText(/第 7 版/)).toBeNull();
    // An entry of the older wording (no title) is still explained by the console, its link by version.
    expect(within(table).getByRole('link', { name: '履职纪实（第 4 版）' }).getAttribute('href')).toBe('/records/rec-1');
    expect(within(table).getAllByText(/^系统原文：/)).toHaveLength(1);
    expect(screen.getByTestId('score-total').textContent).toContain('110.68');
    // 申诉: each entry of one's own score.
    expect(within(table).getAllByTestId('appeal-score_entry').length).toBe(score.entries.length);
    expect(await screen.findByText(/「招商引资」2026 年纪实积分 72.00 分，超过年度上限 60.00 分/)).toBeTruthy();
    expect(calls.some(({ url }) => url.pathname === `/api/v1/scores/${cadre.id}` && /^20\d\d$/.test(url.searchParams.get('period') ?? ''))).toBe(true);
  });

  it('explains a 403 in plain words', async () => {
    stubRoutes(cadre, { [`/scores/${cadre.id}`]: { status: 403, body: { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Only the cadre may see this.' } } });
    renderPage(<MyScorePage />);
    expect(await screen.findByText('您没有权限进行此操作或查看此内容。')).toBeTruthy();
  });
});

describe('RankingsPage', () => {
  it('shows the 403 problem in plain words, with the detail and trace id', async () => {
    stubRoutes(cadre, { '/rankings': { status: 403, body: { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Not for you.', traceId: 'trace-42' } } });
    renderPage(<RankingsPage />);
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('您没有权限进行此操作或查看此内容。')).toBeTruthy();
    expect(within(alert).getByText(/Not for you\. · 追踪编号：trace-42/)).toBeTruthy();
  });

  it('asks the server for a page and shows the rows with their change; exports the ranking as CSV', async () => {
    const { calls } = stubRoutes(cadre, {
      '/rankings': (url) => ({
        body: {
          items: [{ rank: 1, cadreId: 'u-9', name: '李强', departmentId: 'd-1', departmentName: '龙华区', rankLevel: 'section', points: 88.5, percentile: 99.5, change: 2 }],
          total: 45,
          page: Number(url.searchParams.get('page')),
          pageSize: Number(url.searchParams.get('pageSize')),
          period: '2026',
          scope: 'all',
          calculatedAt: '2026-11-20T18:30:00Z',
          standardVersion: 1,
        },
      }),
    });
    renderPage(<RankingsPage />);
    const table = await screen.findByTestId('rankings-table');
    expect(await within(table).findByText('李强')).toBeTruthy();
    expect(within(table).getByText('88.50')).toBeTruthy();
    expect(within(table).getByText(/上升 2 名/)).toBeTruthy();
    // The filters are labelled controls (the end-to-end test finds them by label).
    expect(screen.getByLabelText('统计周期')).toBeTruthy();
    expect(screen.getByLabelText('排名范围')).toBeTruthy();
    expect(screen.getByText('排名计算于', { exact: false })).toBeTruthy();
    // A cadre does not get a link to another cadre's score.
    expect(within(table).queryByRole('link', { name: '李强' })).toBeNull();
    const request = calls.find(({ url }) => url.pathname === '/api/v1/rankings')?.url;
    expect(request?.searchParams.get('scope')).toBe('all');
    expect(request?.searchParams.get('page')).toBe('1');
    expect(request?.searchParams.get('pageSize')).toBe('20');

    const saved = stubSavedFiles();
    await chooseExport('csv');
    await waitFor(() => expect(saved).toEqual([`积分排名-${currentYear()}.csv`]));
    expect(calls.filter(({ url }) => url.searchParams.has('format')).map(({ path }) => path)).toEqual([`/rankings?period=${currentYear()}&scope=all&format=csv`]);
  });

  it('finds a cadre by q, sorts the page by change, names departments (never an id) and says why it is empty', async () => {
    const row = (rank: number, name: string, change: number | null, departmentName?: string) => ({ rank, cadreId: `u-${rank}`, name, departmentId: `dep-uuid-${rank}`, departmentName, rankLevel: 'section', points: 100 - rank, percentile: 50, change });
    const { calls } = stubRoutes(cadre, {
      '/rankings': (url) => {
        const q = url.searchParams.get('q');
        const items = q === 'nobody' ? [] : [row(1, '李强', -3, '龙华区'), row(2, '王红', 5), row(3, '陈明', null, '美兰区')];
        return { body: { items, total: items.length, page: 1, pageSize: 20, period: '2026', scope: 'all', calculatedAt: '2026-11-20T18:30:00Z', standardVersion: 1 } };
      },
    });
    renderPage(<RankingsPage />);
    const table = await screen.findByTestId('rankings-table');
    await within(table).findByText('李强');
    expect(table.textContent).not.toContain('dep-uuid');
    const names = () => within(table).getAllByRole('row').slice(1).map((tr) => within(tr).queryByText(/李强|王红|陈明/)?.textContent);
    fireEvent.click(within(table).getAllByText('名次变化')[0]);
    await waitFor(() => expect(names()).toEqual(['王红', '李强', '陈明']));

    const searchFor = (value: string) => {
      const search = screen.getByLabelText('查找干部');
      fireEvent.change(search, { target: { value } });
      fireEvent.keyDown(search, { key: 'Enter', code: 'Enter', keyCode: 13 });
      fireEvent.keyUp(search, { key: 'Enter', code: 'Enter', keyCode: 13 });
    };
    searchFor(' lq ');
    await waitFor(() => expect(calls.some(({ url }) => url.pathname === '/api/v1/rankings' && url.searchParams.get('q') === 'lq' && url.searchParams.get('page') === '1')).toBe(true));
    searchFor('nobody');
    expect(await screen.findByText(/没有找到“nobody”/)).toBeTruthy();
  });
});

describe('AnalyticsPage', () => {
  it('tells a reviewer that a department outside their subtree is not theirs', async () => {
    const reviewer = { ...cadre, id: 'u-rev', roles: ['reviewer'] };
    stubRoutes(reviewer, { '/analytics/overview': { status: 403, body: { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'A reviewer sees their own department subtree only.' } } });
    renderPage(<AnalyticsPage />);
    expect(await screen.findByText(/审核员只能查看本单位及下级单位的统计/)).toBeTruthy();
    expect(screen.getByText('您没有权限进行此操作或查看此内容。')).toBeTruthy();
  });
});

describe('AnalyticsPage with data', () => {
  const overview: OverviewView = {
    period: '2026',
    scope: { departmentId: 'd-city', departmentName: '海口市' },
    records: { total: 12, byItem: { INVEST: 7, PARTY: 5 }, byStatus: { verified: 8, submitted: 4 }, byMonth: { '2026-03': 5, '2026-04': 7 }, byDepartment: [{ departmentId: 'd-1', departmentName: '龙华区', total: 12, verified: 8 }] },
    review: { verifiedByMonth: { '2026-04': 8 }, verified: 8, returned: 2, rejected: 1, submissionToVerification: { count: 8, medianMinutes: 2880, p90Minutes: 7200 }, backlog: { count: 4, oldestSubmittedOn: '2026-11-01', oldestAgeDays: 23, medianAgeDays: 5 } },
    tasks: { published: 4, byDomain: { legacy: 2, ftp: 2 }, byStatus: { open: 1, concluded: 3 }, claimed: 3, concluded: 3, shareClaimed: 0.75, shareConcluded: 0.75 },
    points: { cadres: 40, scored: 30, total: 800, average: 20, binWidth: 10, histogram: [{ from: 0, to: 10, cadres: 12 }, { from: 10, to: 20, cadres: 28 }] },
    overdue: { total: 3, byKind: { record_review: 2, task_award: 1 }, byDepartment: [{ departmentId: 'd-1', departmentName: '龙华区', total: 3, byKind: { record_review: 2, task_award: 1 } }] },
    asOf: { records: '2026-11-24T01:00:00Z' },
  };
  const departments: DepartmentsView = {
    period: '2026',
    scope: { departmentId: 'd-city', departmentName: '海口市' },
    total: 1,
    items: [
      {
        departmentId: 'd-1',
        departmentName: '龙华区',
        parentId: 'd-city',
        depth: 1,
        cadres: 20,
        records: 12,
        verified: 8,
        verifiedPerCadre: 0.4,
        points: 400,
        averagePoints: 20,
        backlog: 4,
        oldestBacklogSubmittedOn: '2026-11-01',
        oldestBacklogAgeDays: 23,
        subtree: { cadres: 20, records: 12, verified: 8, verifiedPerCadre: 0.4, points: 400, averagePoints: 20, backlog: 4 },
      },
    ],
  };

  it('shows the 考评情况 tab: confirmed grades by kind, 测评 by criterion, each department', async () => {
    const assessor = { ...cadre, id: 'u-as', roles: ['assessor'] };
    const appraisal: AnalyticsAppraisalView = {
      period: '2026',
      scope: { departmentId: 'd-city', departmentName: '海口市' },
      grades: {
        byKind: { annual: { excellent: 2, competent: 6, basic: 0, incompetent: 0 } },
        total: 8,
        byDepartment: [{ departmentId: 'd-1', departmentName: '龙华区', total: 8, byKind: { annual: { excellent: 2, competent: 6 } } }],
      },
      surveys: {
        cadres: 5,
        satisfaction: 91.2,
        criteria: [{ code: 'de', name: '德', average: 88.5, cadres: 5 }],
        byDepartment: [{ departmentId: 'd-1', departmentName: '龙华区', cadres: 5, satisfaction: 91.2, criteria: [{ code: 'de', name: '德', average: 88.5, cadres: 5 }] }],
      },
      asOf: {},
    };
    const { calls } = stubRoutes(assessor, { '/analytics/overview': { body: overview }, '/analytics/appraisal': { body: appraisal } });
    renderPage(<AnalyticsPage />);
    await screen.findByTestId('overview-figures');
    fireEvent.click(screen.getByRole('tab', { name: '考评情况' }));
    const panel = await screen.findByTestId('appraisal-analytics');
    expect(within(panel).getByTestId('grades-annual').textContent).toContain('年度考核（8）');
    expect(within(panel).getByTestId('criterion-de').textContent).toContain('88.5');
    expect(within(panel).getByText('年度考核 优秀 2')).toBeTruthy();
    expect(within(panel).getAllByText('91.2%').length).toBeGreaterThan(0);
    expect(calls.some(({ url }) => url.pathname === '/api/v1/analytics/appraisal' && url.searchParams.get('period'))).toBe(true);
  });

  it('shows the 选人用人 tab: outcomes per kind, 凭实绩, days to decision, each department, exported as Excel; an empty year says so', async () => {
    const assessor = { ...cadre, id: 'u-as', roles: ['assessor'] };
    const selection: AnalyticsSelectionView = {
      period: '2026',
      scope: { departmentId: 'd-city', departmentName: '海口市' },
      outcomes: { promoted: 3, advanced: 2, awarded: 4, total: 9 },
      byDepartment: [
        { departmentId: 'd-1', departmentName: '龙华区', promoted: 2, advanced: 1, awarded: 1, total: 4 },
        { departmentId: 'd-2', departmentName: '福田区', promoted: 1, advanced: 1, awarded: 3, total: 5 },
      ],
      merit: { selected: 5, topDecile: 3, share: 60 },
      rounds: { concluded: 3, averageDaysToDecision: 21.5, medianDaysToDecision: 19 },
      asOf: {},
    };
    let body: AnalyticsSelectionView = selection;
    const { calls } = stubRoutes(assessor, { '/analytics/overview': { body: overview }, '/analytics/selection': () => ({ body }) });
    renderPage(<AnalyticsPage />);
    await screen.findByTestId('overview-figures');
    fireEvent.click(screen.getByRole('tab', { name: '选人用人' }));
    const figures = await screen.findByTestId('selection-figures');
    expect(figures.textContent).toContain('提拔使用3');
    expect(figures.textContent).toContain('评先评优4');
    expect(figures.textContent).toContain('合计9');
    expect(figures.textContent).toContain('凭实绩（前10%）60%');
    expect(figures.textContent).toContain('已选任干部中，抽取时积分居全市前10%的 3 / 5 人');
    expect(figures.textContent).toContain('平均用时（天）21.5');
    expect(figures.textContent).toContain('中位用时（天）19');
    const table = screen.getByTestId('selection-departments');
    expect(within(table).getByText('福田区')).toBeTruthy();
    expect(screen.getByRole('img', { name: '各单位选任情况' })).toBeTruthy();
    expect(calls.some(({ url }) => url.pathname === '/api/v1/analytics/selection' && url.searchParams.get('period'))).toBe(true);
    expect((screen.getByRole('button', { name: /导出/ }) as HTMLButtonElement).disabled).toBe(false);
    const saved = stubSavedFiles();
    await chooseExport('xlsx');
    await waitFor(() => expect(saved).toEqual([`统计分析-选人用人-${currentYear()}.xlsx`]));
    expect(calls.filter(({ url }) => url.searchParams.has('format')).map(({ path }) => path)).toEqual([`/analytics/selection?period=${currentYear()}&format=xlsx`]);

    body = { ...selection, outcomes: { promoted: 0, advanced: 0, awarded: 0, total: 0 }, byDepartment: [], merit: { selected: 0, topDecile: 0, share: null }, rounds: { concluded: 0, averageDaysToDecision: null, medianDaysToDecision: null } };
    fireEvent.mouseDown(within(screen.getByLabelText('统计周期').closest('.ant-select') as HTMLElement).getByRole('combobox'));
    const lastYear = String(Number(currentYear()) - 1);
    fireEvent.click((await screen.findAllByTitle(`${lastYear} 年`)).at(-1)!);
    await waitFor(() => expect(calls.some(({ url }) => url.pathname === '/api/v1/analytics/selection' && url.searchParams.get('period') === lastYear)).toBe(true));
    expect(await screen.findByText('该年度暂无办结的选人用人')).toBeTruthy();
  });

  it('shows the overview figures and charts, then the departments table', async () => {
    const assessor = { ...cadre, id: 'u-as', roles: ['assessor'] };
    stubRoutes(assessor, { '/analytics/overview': { body: overview }, '/analytics/departments': { body: departments } });
    renderPage(<AnalyticsPage />);
    const figures = await screen.findByTestId('overview-figures');
    expect(within(figures).getByText('从报送到认定（中位数）')).toBeTruthy();
    expect(within(figures).getByText('2 天')).toBeTruthy();
    expect(within(figures).getAllByText('75%')).toHaveLength(2);
    expect(screen.getByRole('img', { name: '积分分布（人数）' })).toBeTruthy();
    // Overdue work (催办) per department, kinds in Chinese.
    expect(within(figures).getByText('超期待办')).toBeTruthy();
    const overdue = screen.getByTestId('overview-overdue');
    expect(within(overdue).getByText('龙华区')).toBeTruthy();
    expect(within(overdue).getByText('待审核 2、待定标 1')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: '单位对比' }));
    const table = await screen.findByTestId('departments-table');
    expect(within(table).getByText('龙华区')).toBeTruthy();
    expect(within(table).getByText('23 天')).toBeTruthy();
  });
});

describe('CandidatesPage', () => {
  const shortlist: CandidatesView = {
    period: '2026',
    rankLevel: null,
    scope: { departmentId: 'd-city', departmentName: '海口市' },
    total: 1,
    items: [
      {
        rank: 1,
        cadreId: 'u-9',
        name: '李强',
        departmentId: 'd-1',
        departmentName: '龙华区',
        rankLevel: 'division',
        title: '副局长',
        points: 120,
        byItem: { INVEST: 60, TASK: 60 },
        evidence: {
          records: [{ recordId: 'rec-7', title: '引进世界500强企业', itemCode: 'INVEST-03', rating: 'excellent', impactLevel: 'city', verifiedAt: '2026-04-01T00:00:00Z', points: 24 }],
          tasks: [],
          ratings: { excellent: 2, good: 1 },
          verifiedRecords: 3,
          concludedTasks: 0,
        },
        grades: [{ cycleId: 'cy-1', cycleName: '2025年度考核', kind: 'annual', kindLabel: '年度考核', period: '2025', grade: 'excellent', gradeLabel: '优秀' }],
        satisfaction: 92.5,
        cityRank: 3,
        cityCadres: 120,
        topDecile: true,
      },
    ],
  };

  it('shows the shortlist with the evidence and validates the limit', async () => {
    const assessor = { ...cadre, id: 'u-as', roles: ['assessor'] };
    const { calls } = stubRoutes(assessor, { '/analytics/candidates': { body: shortlist } });
    renderPage(<CandidatesPage />);
    const table = await screen.findByTestId('candidates-table');
    expect((await within(table).findByRole('link', { name: '李强' })).getAttribute('href')).toBe('/cadres/u-9?tab=portrait');
    expect(within(table).getByText('优秀 2 · 良好 1')).toBeTruthy();
    fireEvent.click(within(table).getByRole('button', { name: /展开|expand/i }));
    expect((await screen.findByRole('link', { name: '引进世界500强企业' })).getAttribute('href')).toBe('/records/rec-7');

    const limit = screen.getByLabelText('人数上限');
    fireEvent.change(limit, { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: /查询/ }));
    expect(await screen.findByText('1–100')).toBeTruthy();
    fireEvent.change(limit, { target: { value: '50' } });
    fireEvent.click(screen.getByRole('button', { name: /查询/ }));
    await waitFor(() => expect(calls.some(({ url }) => url.pathname === '/api/v1/analytics/candidates' && url.searchParams.get('limit') === '50')).toBe(true));
    // Grades and 满意度 beside each name; the appraisal filters go to the server.
    expect(within(table).getByTestId('grades-u-9').textContent).toBe('2025 优秀');
    expect(within(table).getByText('92.5%')).toBeTruthy();
    // 全市名次 and the best tenth, as frozen into a selection round.
    expect(within(table).getByTestId('city-rank-u-9').textContent).toBe('3/120前10%');
    fireEvent.mouseDown(within(screen.getByLabelText('排除等次').closest('.ant-select') as HTMLElement).getByRole('combobox'));
    fireEvent.click((await screen.findAllByTitle('不称职')).at(-1)!);
    fireEvent.click((await screen.findAllByTitle('基本称职')).at(-1)!);
    fireEvent.change(screen.getByLabelText('满意度不低于（%）'), { target: { value: '80' } });
    fireEvent.click(screen.getByRole('button', { name: /查询/ }));
    await waitFor(() =>
      expect(
        calls.some(
          ({ url }) =>
            url.pathname === '/api/v1/analytics/candidates' && url.searchParams.get('withoutGrades') === 'incompetent,basic' && url.searchParams.get('gradeYears') === '3' && url.searchParams.get('minSatisfaction') === '80',
        ),
      ).toBe(true),
    );
  });

  it('names items (never codes), finds within the shortlist and sorts it', async () => {
    const assessor = { ...cadre, id: 'u-as', roles: ['assessor'] };
    const second = { ...shortlist.items[0], rank: 2, cadreId: 'u-8', name: '王红', departmentName: '美兰区', title: '科长', points: 90, byItem: { PARTY: 90 }, satisfaction: null, cityRank: 9 };
    stubRoutes(assessor, {
      '/analytics/candidates': { body: { ...shortlist, total: 2, items: [shortlist.items[0], second] } },
      '/taxonomy': { body: { version: 2, createdAt: '2026-01-01T00:00:00Z', items: [{ code: 'INVEST', name: '招商引资', children: [] }, { code: 'PARTY', name: '党的建设', children: [] }] } },
    });
    renderPage(<CandidatesPage />);
    const table = await screen.findByTestId('candidates-table');
    await within(table).findByText(/招商引资 60\.00/);
    expect(within(table).getByText(/揭榜挂帅任务 60\.00/)).toBeTruthy();
    expect(within(table).getByText(/党的建设 90\.00/)).toBeTruthy();
    expect(table.textContent).not.toMatch(/INVEST|PARTY/);

    const names = () => within(table).getAllByRole('link').map((a) => a.textContent).filter((n) => n === '李强' || n === '王红');
    fireEvent.click(within(table).getAllByText('满意度')[0]);
    await waitFor(() => expect(names()).toEqual(['李强', '王红']));
    fireEvent.click(within(table).getAllByText('满意度')[0]);
    await waitFor(() => expect(names()).toEqual(['王红', '李强']));

    fireEvent.change(screen.getByLabelText('在名单中查找'), { target: { value: '美兰' } });
    await waitFor(() => expect(names()).toEqual(['王红']));
    fireEvent.change(screen.getByLabelText('在名单中查找'), { target: { value: '张三' } });
    expect(await within(table).findByText(/名单中没有“张三”/)).toBeTruthy();
  });

  it('on a phone: a card per candidate, the evidence opened from the card in a drawer', async () => {
    const realMatchMedia = window.matchMedia;
    // A 390 px screen: antd's breakpoints read media queries.
    window.matchMedia = (query: string) => {
      const min = /min-width:\s*(\d+(?:\.\d+)?)px/.exec(query);
      const max = /max-width:\s*(\d+(?:\.\d+)?)px/.exec(query);
      const matches = (!min || 390 >= Number(min[1])) && (!max || 390 <= Number(max[1]));
      return { matches, media: query, onchange: null, addListener: () => undefined, removeListener: () => undefined, addEventListener: () => undefined, removeEventListener: () => undefined, dispatchEvent: () => false } as MediaQueryList;
    };
    try {
      stubRoutes({ ...cadre, id: 'u-as', roles: ['assessor'] }, { '/analytics/candidates': { body: shortlist } });
      renderPage(<CandidatesPage />);
      const cards = await screen.findByTestId('candidates-table');
      await waitFor(() => expect(cards.querySelectorAll('.ant-card').length).toBe(1));
      fireEvent.click(within(cards).getByRole('button', { name: '查看依据' }));
      expect(await screen.findByText('李强的依据')).toBeTruthy();
      expect((await screen.findByRole('link', { name: '引进世界500强企业' })).getAttribute('href')).toBe('/records/rec-7');
    } finally {
      window.matchMedia = realMatchMedia;
    }
  });
});

describe('Chart', () => {
  it('does not crash where no canvas exists, and keeps its accessible name', () => {
    render(
      <I18nProvider initial="zh-CN">
        <Chart option={{ series: [] }} label="雷达" />
      </I18nProvider>,
    );
    expect(screen.getByRole('img', { name: '雷达' })).toBeTruthy();
  });

  it('says in words that there is nothing to draw (no data, or all zeros), with what would fill it', () => {
    render(
      <I18nProvider initial="zh-CN">
        <Chart option={{ series: [{ type: 'pie', data: [{ name: '甲', value: 0 }] }] }} label="饼图" />
        <Chart option={{ series: [{ type: 'radar', data: [{ value: [0, 0] }] }] }} label="雷达" emptyText="本期暂无积分：纪实认定后显示。" />
      </I18nProvider>,
    );
    expect(within(screen.getByRole('img', { name: '饼图' })).getByText(/^本期暂无数据/)).toBeTruthy();
    expect(within(screen.getByRole('img', { name: '雷达' })).getByText('本期暂无积分：纪实认定后显示。')).toBeTruthy();
  });
});

describe('CadrePage portrait', () => {
  const portrait: PortraitView = {
    cadre: { id: 'u-9', name: '李强', departmentId: 'd-1', departmentName: '龙华区', rankLevel: 'division', title: '副局长' },
    period: '2026',
    total: 42.5,
    radar: [
      { item: 'INVEST', name: '招商引资', points: 24 },
      { item: 'TASK', name: 'TASK', points: 18.5 },
    ],
    strengths: [{ item: 'INVEST', name: '招商引资', points: 24 }],
    timeline: [
      { kind: 'task', id: 'task-3', title: '化解历史遗留用地问题', at: '2026-09-01T00:00:00Z', category: 'legacy', rating: 'excellent', impactLevel: null, role: 'lead', share: 60, points: 18.5 },
      { kind: 'record', id: 'rec-7', title: '引进世界500强企业', at: '2026-04-01T00:00:00Z', category: 'INVEST-03', rating: 'good', impactLevel: 'city', role: 'lead', share: 100, points: 24 },
    ],
    trend: [{ month: '2026-04', cadre: 24, department: 10, city: 8 }],
    teams: [{ teamId: 'team-1', teamName: '攻坚一队', role: 'lead', memberIds: ['u-9', 'u-8'], formedAt: '2026-07-01T00:00:00Z' }],
    collaborators: [{ userId: 'u-8', name: '赵敏', together: 2 }],
    appraisal: {
      grades: [{ cycleId: 'cy-1', cycleName: '2025年度考核', kind: 'annual', kindLabel: '年度考核', period: '2025', grade: 'excellent', gradeLabel: '优秀' }],
      surveys: [{ cycleId: 'cy-1', cycleName: '2025年度考核', period: '2025', overall: 88.4, satisfaction: 92.5, criteria: [{ code: 'de', name: '德', score: 90 }] }],
    },
    outcomes: [{ roundId: 'rd-1', roundName: '2026年区管干部提拔', kind: 'promotion', kindLabel: '提拔使用', outcome: 'promoted', outcomeLabel: '提拔使用', position: '区发改局局长', concludedAt: '2026-12-10T02:00:00.000Z' }],
  };

  it('shows a cadre\'s portrait to an assessor: strengths, timeline with points, teams and collaborators', { timeout: 20_000 }, async () => {
    const assessor = { ...cadre, id: 'u-as', roles: ['assessor'] };
    const { calls } = stubRoutes(assessor, { '/analytics/cadres/u-9/portrait': { body: portrait } });
    renderPage(<CadrePage />, { url: '/cadres/u-9?tab=portrait', pattern: '/cadres/:id' });
    const timeline = await screen.findByTestId('portrait-timeline', undefined, { timeout: 8000 });
    expect(within(timeline).getByRole('link', { name: '化解历史遗留用地问题' }).getAttribute('href')).toBe('/tasks/task-3');
    expect(within(timeline).getByText(/历史遗留问题化解 · 优秀 · 牵头人，份额 60%/)).toBeTruthy();
    expect(within(timeline).getByText('24.00 分')).toBeTruthy();
    expect(within(screen.getByTestId('portrait-strengths')).getByText(/招商引资/)).toBeTruthy();
    expect(within(screen.getByTestId('portrait-teams')).getByText('攻坚一队')).toBeTruthy();
    expect(within(screen.getByTestId('portrait-collaborators')).getByRole('link', { name: '赵敏' }).getAttribute('href')).toBe('/cadres/u-8?tab=portrait');
    expect(screen.getByRole('img', { name: '月度积分趋势（与本单位、全市平均对比）' })).toBeTruthy();
    // 考评情况: confirmed grades and shown 测评 results, with the way to the full view.
    expect(within(screen.getByTestId('portrait-grades')).getByText('2025年度考核')).toBeTruthy();
    expect(within(screen.getByTestId('portrait-grades')).getByText('优秀')).toBeTruthy();
    expect(within(screen.getByTestId('portrait-surveys')).getByText('综合 88.4 · 满意度 92.5%')).toBeTruthy();
    expect(screen.getByRole('link', { name: '查看综合考评' }).getAttribute('href')).toBe('/appraisal/cadres/u-9?period=2026');
    // 选任情况: the outcomes of concluded rounds.
    const outcomes = screen.getByTestId('portrait-outcomes');
    expect(outcomes.textContent).toContain('2026年区管干部提拔');
    expect(outcomes.textContent).toContain('提拔使用 · 区发改局局长 · 2026-12-10');
    expect(calls.some(({ url }) => url.pathname === '/api/v1/analytics/cadres/u-9/portrait')).toBe(true);
  });
});
