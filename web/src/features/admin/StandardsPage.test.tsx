import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { DryRunView, ScoringStandardView } from '@cadre/contracts';
import { StandardsPage } from './StandardsPage';
import { Providers, stubFetch } from '../../test-utils';

vi.setConfig({ testTimeout: 30_000 });
afterEach(() => vi.unstubAllGlobals());

const body = {
  itemBasePoints: { default: 5, byFirstLevel: { INVEST: 8 } },
  impactMultipliers: { unit: 1, district: 1.5, city: 2, province: 3, national: 4 },
  ratingMultipliers: { excellent: 1.5, good: 1.2, pass: 1, none: 0 },
  participationShare: 0.2,
  taskVerdictMultipliers: { excellent: 1.2, pass: 1, tolerated: 0.3, fail: 0 },
  flagMultiplier: 1.5,
  leaderBonusShare: 0.1,
  yearlyCapPerItem: 60,
  effectiveFrom: '2000-01-01',
  note: '',
  appraisalGradePoints: {
    annual: { excellent: 10, competent: 5, basic: 0, incompetent: 0 },
    quarterly: { good: 2, fairly_good: 1, average: 0, poor: 0 },
    special: { excellent: 5, competent: 2, basic: 0, incompetent: 0 },
  },
};
const standards: ScoringStandardView[] = [
  { ...body, version: 1, status: 'active', createdBy: 'system', createdAt: '2026-01-01T00:00:00Z', activatedAt: '2026-01-01T00:00:00Z' },
  { ...body, itemBasePoints: { default: 6, byFirstLevel: { INVEST: 10 } }, version: 2, status: 'draft', createdBy: 'admin', createdAt: '2026-11-01T00:00:00Z', activatedAt: null, note: '2027 版' },
];
const dryRun: DryRunView = {
  version: 2,
  period: '2026',
  // The API names each row (c10 here); c11 comes unnamed (a cadre scoring's directory does not know) and is looked up.
  cadres: Array.from({ length: 12 }, (_, i) => ({
    cadreId: `c${String(i).padStart(2, '0')}`,
    ...(i === 10 ? { name: '钱红', departmentId: 'd1', departmentName: '甲区商务局' } : {}),
    before: 10 + i,
    after: 10 + i + (i % 2 ? -i : i),
    delta: i % 2 ? -i : i,
  })),
  totals: { before: 186, after: 192, moved: 11 },
};

function rowsOf(table: HTMLElement) {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));
}

describe('StandardsPage', () => {
  it('lists the versions, offers the dry run for the draft only, and shows the before/after table', async () => {
    const { calls } = stubFetch(({ method, path }) => {
      if (method === 'GET' && path === '/scoring/standards') return { body: standards };
      if (method === 'POST' && path === '/scoring/standards/2/dry-run') return { body: dryRun };
      if (method === 'GET' && path === '/users/c11') return { body: { id: 'c11', name: '王海军' } };
      return undefined;
    });
    render(
      <Providers>
        <StandardsPage />
      </Providers>,
    );
    const list = await screen.findByTestId('standards-table');
    await waitFor(() => expect(within(list).getByText('草稿')).toBeTruthy());
    expect(within(list).getByText('生效中')).toBeTruthy();
    // Only the draft can be dry-run or activated.
    expect(within(list).getAllByRole('button', { name: /试\s*算/ })).toHaveLength(1);
    expect(within(list).getAllByRole('button', { name: /启\s*用/ })).toHaveLength(1);

    fireEvent.click(within(list).getByRole('button', { name: /试\s*算/ }));
    const table = await screen.findByTestId('dry-run-table');
    expect(calls.some((c) => c.method === 'POST' && c.path === '/scoring/standards/2/dry-run')).toBe(true);
    expect(screen.getByTestId('dry-run-totals').textContent).toBe('合计：调整前 186.00 分，调整后 192.00 分，11 名干部积分变化');

    // Largest |delta| first, 10 per page; the cadre's name once known.
    await waitFor(() => expect(rowsOf(table)[0][0]).toContain('王海军'));
    const rows = rowsOf(table);
    expect(rows).toHaveLength(10);
    expect(rows[0].slice(1)).toEqual(['21.00', '10.00', '-11.00']);
    expect(rows[1]).toEqual(['钱红（甲区商务局）', '20.00', '30.00', '+10.00']);
    expect(calls.some((c) => c.path === '/users/c10')).toBe(false);
    // A cadre nobody could name reads as such, never as an id.
    expect(rows[2][0]).toBe('（姓名未知）');

    // The second page holds the rest (client-side pagination).
    fireEvent.click(screen.getByTitle('2'));
    await waitFor(() => expect(rowsOf(table)).toHaveLength(2));
    expect(rowsOf(table).map((r) => r[0])).toEqual(['（姓名未知）', '（姓名未知）']);
  });

  it("shows a version's points for appraisal grades in its detail", async () => {
    stubFetch(({ method, path }) => {
      if (method === 'GET' && path === '/scoring/standards')
        return { body: [standards[0], { ...standards[1], appraisalGradePoints: { ...body.appraisalGradePoints, annual: { excellent: 12, competent: 6, basic: 1, incompetent: 0 } } }] };
      return undefined;
    });
    render(
      <Providers>
        <StandardsPage />
      </Providers>,
    );
    fireEvent.click(await screen.findByRole('button', { name: /查\s*看 2/ }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('考核等次积分')).toBeTruthy();
    expect(within(dialog).getByTestId('grade-points-annual').textContent).toBe('年度考核：优秀 12，称职 6，基本称职 1，不称职 0');
    expect(within(dialog).getByTestId('grade-points-quarterly').textContent).toBe('平时考核：好 2，较好 1，一般 0，较差 0');
    expect(within(dialog).getByTestId('grade-points-special').textContent).toBe('专项考核：优秀 5，称职 2，基本称职 0，不称职 0');
  });

  it('explains a refused dry run', async () => {
    stubFetch(({ method, path }) => {
      if (method === 'GET' && path === '/scoring/standards') return { body: standards };
      if (method === 'POST' && path === '/scoring/standards/2/dry-run') return { status: 409, body: { type: 'about:blank', title: 'Conflict', status: 409, detail: 'A dry run is for a draft; version 2 is active.' } };
      return undefined;
    });
    render(
      <Providers>
        <StandardsPage />
      </Providers>,
    );
    fireEvent.click(await screen.findByRole('button', { name: /试\s*算/ }));
    expect(await screen.findByText('内容已被他人修改或状态已变化，请刷新后重试。')).toBeTruthy();
    expect(screen.getByText(/A dry run is for a draft/)).toBeTruthy();
  });

  it('activates a draft after confirmation and follows the job', async () => {
    let activated = false;
    let polls = 0;
    const { calls } = stubFetch(({ method, path }) => {
      if (method === 'GET' && path === '/scoring/standards')
        return { body: activated ? [{ ...standards[0], status: 'retired' }, { ...standards[1], status: 'active', activatedAt: '2026-11-24T00:00:00Z' }] : standards };
      if (method === 'POST' && path === '/scoring/standards/2/activate') {
        activated = true;
        return { status: 202, body: { version: 2, jobId: 'act-2' } };
      }
      if (method === 'GET' && path === '/rankings/jobs/act-2')
        return { body: polls++ < 1 ? { jobId: 'act-2', state: 'active', progress: 50, startedAt: null, finishedAt: null } : { jobId: 'act-2', state: 'completed', progress: 100, startedAt: null, finishedAt: '2026-11-24T00:01:00Z', result: { cadres: 3, rankings: 2 } } };
      return undefined;
    });
    render(
      <Providers>
        <StandardsPage pollInterval={5} />
      </Providers>,
    );
    fireEvent.click(await screen.findByRole('button', { name: /启\s*用/ }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getAllByText('启用第 2 版积分标准？').length).toBeGreaterThan(0);
    expect(calls.some((c) => c.path.endsWith('/activate'))).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: /启\s*用/ }));
    expect(await screen.findByText('已重算 3 名干部的积分、2 个排名。', { exact: false })).toBeTruthy();
    expect(screen.getByText('正在按第 2 版重新计算积分…')).toBeTruthy();
    // The list is reloaded: version 2 is now active and offers no more actions.
    await waitFor(() => expect(screen.queryAllByRole('button', { name: /试\s*算/ })).toHaveLength(0));
  });
});
