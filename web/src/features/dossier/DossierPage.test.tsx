import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { DossierView } from '@cadre/contracts';
import { renderPage, stubApi, userView } from '../../test-utils';
import { DossierPage, MyDossierPage } from './DossierPage';

vi.setConfig({ testTimeout: 40_000 });

const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

function dossier(fields: Partial<DossierView> = {}): DossierView {
  return {
    cadre: { id: 'u-cadre', name: '王海军', departmentId: 'd-longhua', departmentName: '龙华区', title: '科长', rankLevel: 'section', rankLabel: '科级' },
    period: String(thisYear),
    generatedAt: '2026-07-01T02:05:00.000Z',
    generatedBy: { id: 'u-cadre', name: '王海军' },
    points: {
      total: 27.68,
      participation: 3.84,
      contribution: 23.84,
      appraisal: 0,
      byItem: [
        { item: 'TASK', name: '揭榜挂帅', points: 20 },
        { item: 'INVEST', name: '招商引资', points: 7.68 },
      ],
      cityRank: null,
      cityCadres: null,
    },
    records: [
      {
        recordId: 'r-1',
        title: '引进世界500强企业',
        itemCode: 'INVEST-03',
        itemName: '招商引资 / 500强企业引进',
        periodStart: '2026-01-01',
        periodEnd: '2026-03-15',
        impactLevel: 'city',
        impactLevelLabel: '市级',
        rating: 'good',
        ratingLabel: '良好',
        role: 'member',
        share: 50,
        verifiedAt: '2026-03-31T17:00:00.000Z',
        points: 7.68,
      },
    ],
    tasks: [],
    appraisal: { grades: [{ cycleId: 'cy-1', cycleName: '2026年第一季度考核', kindLabel: '平时考核', period: '2026-Q1', grade: 'good', gradeLabel: '好' }], surveys: [] },
    ...fields,
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  sessionStorage.clear();
});

describe('实绩档案', () => {
  it('lays out a cadre’s own dossier with names, labels and Beijing dates, says what is missing, and prints', async () => {
    stubApi(userView(), (method, path) => (path.startsWith('/cadres/u-cadre/dossier?') ? { body: dossier() } : undefined));
    const print = vi.fn();
    vi.stubGlobal('print', print);
    renderPage(<MyDossierPage />);
    const document_ = await screen.findByTestId('dossier');
    const header = within(screen.getByTestId('dossier-header'));
    expect(header.getAllByText('王海军')).toHaveLength(2); // the cadre, and who generated it
    expect(header.getByText('龙华区')).toBeTruthy();
    expect(header.getByText('科级')).toBeTruthy();
    expect(header.getByText('2026-07-01 10:05（北京时间）')).toBeTruthy();
    expect(screen.getByTestId('dossier-points').textContent).toContain('27.68');
    expect(screen.getByTestId('dossier-points').textContent).not.toContain('全市排名');
    const text = document_.textContent ?? '';
    for (const expected of ['实绩档案', `${thisYear}年度`, '引进世界500强企业', '招商引资 / 500强企业引进', '2026-01-01 至 2026-03-15', '市级', '良好', '50%', '2026-04-01', '揭榜挂帅', '20.00', '2026年第一季度考核', '好'])
      expect(text).toContain(expected);
    expect(text).not.toContain('r-1');
    expect(text).not.toContain('INVEST-03');
    expect(screen.getByText('本年度暂无办结的揭榜挂帅任务。')).toBeTruthy();
    expect(screen.getByText('本年度暂无已公布的民主测评结果。')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '打印' }));
    expect(print).toHaveBeenCalledTimes(1);
  });

  it('shows the city-wide place when the API gives it, and reads another year', async () => {
    const calls = stubApi(userView({ id: 'u-ass', roles: ['assessor'] }), (method, path) => {
      const url = new URL(path, 'http://localhost');
      if (url.pathname !== '/cadres/u-cadre/dossier') return undefined;
      const period = url.searchParams.get('period') ?? String(thisYear);
      return { body: dossier({ period, points: { ...dossier().points, cityRank: 3, cityCadres: 120 } }) };
    });
    renderPage(<DossierPage />, { url: '/cadres/u-cadre/dossier', pattern: '/cadres/:id/dossier' });
    expect((await screen.findByTestId('dossier-points')).textContent).toContain('第 3 名 / 共 120 人');
    fireEvent.mouseDown(within(screen.getByLabelText('年度').closest('.ant-select') as HTMLElement).getByRole('combobox'));
    const lastYear = String(thisYear - 1);
    fireEvent.click((await screen.findAllByTitle(`${lastYear}年`)).at(-1)!);
    await waitFor(() => expect(calls.some((c) => c.url.pathname === '/api/v1/cadres/u-cadre/dossier' && c.url.searchParams.get('period') === lastYear)).toBe(true));
    expect(await screen.findByText(`${lastYear}年度`)).toBeTruthy();
  });

  it('downloads the PDF with the session’s token under the cadre’s name', async () => {
    const calls = stubApi(userView(), (method, path) => {
      if (path.startsWith('/cadres/u-cadre/dossier.pdf')) return { body: '%PDF-1.3' };
      if (path.startsWith('/cadres/u-cadre/dossier?')) return { body: dossier() };
      return undefined;
    });
    URL.createObjectURL = vi.fn(() => 'blob:dossier');
    URL.revokeObjectURL = vi.fn();
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    renderPage(<MyDossierPage />);
    await screen.findByTestId('dossier');
    fireEvent.click(screen.getByRole('button', { name: '下载 PDF' }));
    await waitFor(() => expect(saved).toEqual([`王海军-实绩档案-${thisYear}.pdf`]));
    const pdf = calls.find((c) => c.url.pathname === '/api/v1/cadres/u-cadre/dossier.pdf')!;
    expect(pdf.url.searchParams.get('period')).toBe(String(thisYear));
    const init = (vi.mocked(fetch).mock.calls.find(([input]) => String(input).includes('dossier.pdf'))?.[1] ?? {}) as RequestInit;
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer test-token');
  });

  it('shows the API’s refusal in words, with nothing to print', async () => {
    stubApi(userView({ id: 'u-rev', roles: ['reviewer'] }), (method, path) =>
      path.startsWith('/cadres/u-other/dossier') ? { status: 403, body: { type: 'about:blank', title: 'Forbidden', status: 403, detail: '无权查看该干部的实绩档案' } } : undefined,
    );
    renderPage(<DossierPage />, { url: '/cadres/u-other/dossier', pattern: '/cadres/:id/dossier' });
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.queryByTestId('dossier')).toBeNull();
    expect((screen.getByRole('button', { name: '打印' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
