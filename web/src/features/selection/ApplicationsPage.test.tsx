import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { chooseExport, renderPage, stubApi, stubSavedFiles, userView } from '../../test-utils';
import { ApplicationsPage, RecommendRoundsPage } from './ApplicationsPage';
import { application } from './testing';

vi.setConfig({ testTimeout: 60_000 });

const realMatchMedia = window.matchMedia;
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  sessionStorage.clear();
  window.matchMedia = realMatchMedia;
});

function phoneWidth() {
  Object.defineProperty(window, 'innerWidth', { configurable: true, value: 375 });
  window.matchMedia = (query: string) => {
    const min = /min-width:\s*(\d+)px/.exec(query);
    const max = /max-width:\s*(\d+(?:\.\d+)?)px/.exec(query);
    const matches = (!min || 375 >= Number(min[1])) && (!max || 375 <= Number(max[1]));
    return { matches, media: query, onchange: null, addListener: () => undefined, removeListener: () => undefined, addEventListener: () => undefined, removeEventListener: () => undefined, dispatchEvent: () => false } as MediaQueryList;
  };
}

const reviewer = userView({ id: 'u-rev', name: '龙华区审核员', roles: ['reviewer'] });
const open = () => renderPage(<ApplicationsPage />, { url: '/selection/rounds/rd-award/applications', pattern: '/selection/rounds/:id/applications' });

describe('申报推荐', () => {
  it('lists applications with the statement and evidence, recommends one with a comment, and exports them under the round’s name', async () => {
    let current = application();
    const calls = stubApi(reviewer, (method, path, body) => {
      if (method === 'GET' && path.startsWith('/selection/rounds/rd-award/applications')) return { body: { items: [current, application({ id: 'ap-2', applicantName: '李明', drawn: true, status: 'recommended', statusLabel: '已推荐' })], total: 2 } };
      if (method === 'POST' && path === '/selection/rounds/rd-award/applications/ap-1/recommend') {
        const { recommend, comment } = body as { recommend: boolean; comment: string };
        current = { ...current, status: recommend ? 'recommended' : 'not_recommended', statusLabel: recommend ? '已推荐' : '未推荐', recommendation: { recommend, comment, by: { id: 'u-rev', name: '龙华区审核员' }, at: '2026-12-03T02:00:00.000Z' } };
        return { body: current };
      }
      return undefined;
    });
    open();
    const row = (await screen.findByText('王海军')).closest('tr') as HTMLElement;
    expect(screen.getByText('申报推荐 · 2026年度评先评优')).toBeTruthy();
    expect(row.textContent).toContain('全年招商引资成绩突出');
    expect(within(row).getByRole('link', { name: '引进世界500强企业区域总部' }).getAttribute('href')).toBe('/records/r-1');
    expect(within(row).getByTestId('application-status').textContent).toBe('待推荐');
    // A drawn application is not recommended again.
    const drawn = screen.getByText('李明').closest('tr') as HTMLElement;
    expect(drawn.textContent).toContain('已纳入考察');
    expect(within(drawn).queryByRole('button', { name: /推\s*荐/ })).toBeNull();

    fireEvent.click(within(row).getByRole('button', { name: /^推\s*荐$/ }));
    const modal = await screen.findByRole('dialog');
    fireEvent.click(within(modal).getByRole('button', { name: /^推\s*荐$/ }));
    expect(await within(modal).findByText('请填写推荐意见')).toBeTruthy();
    fireEvent.change(within(modal).getByLabelText('意见'), { target: { value: '同意推荐' } });
    fireEvent.click(within(modal).getByRole('button', { name: /^推\s*荐$/ }));
    await waitFor(() => expect(within(screen.getByText('王海军').closest('tr') as HTMLElement).getByTestId('application-status').textContent).toBe('已推荐'));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ recommend: true, comment: '同意推荐' });
    expect((screen.getByText('王海军').closest('tr') as HTMLElement).textContent).toContain('同意推荐');

    const saved = stubSavedFiles();
    await chooseExport('xlsx');
    await waitFor(() => expect(saved).toEqual(['申报推荐-2026年度评先评优.xlsx']));
    expect(calls.filter((c) => c.url.searchParams.has('format')).map((c) => c.path)).toEqual(['/selection/rounds/rd-award/applications?format=xlsx']);
  });

  it('shows cards on a phone, and the 409 after applications closed', async () => {
    phoneWidth();
    stubApi(reviewer, (method, path) => {
      if (method === 'GET' && path.startsWith('/selection/rounds/rd-award/applications')) return { body: { items: [application()], total: 1 } };
      if (method === 'POST') return { status: 409, body: { type: 'about:blank', title: 'Conflict', status: 409, detail: '申报已截止（2026-12-31）' } };
      return undefined;
    });
    open();
    const card = await screen.findByTestId('application-card');
    expect(card.textContent).toContain('全年招商引资成绩突出');
    expect(document.querySelector('table')).toBeNull();
    fireEvent.click(within(card).getByRole('button', { name: /不推荐/ }));
    const modal = await screen.findByRole('dialog');
    fireEvent.change(within(modal).getByLabelText('意见'), { target: { value: '业绩材料不足' } });
    fireEvent.click(within(modal).getByRole('button', { name: /不推荐/ }));
    expect(await within(modal).findByText('申报已截止（2026-12-31）')).toBeTruthy();
  });
});

describe('评先评优推荐', () => {
  it('lists the award rounds taking applications, each to its applications', async () => {
    stubApi(reviewer, (method, path) =>
      path === '/selection/mine'
        ? { body: { candidacies: [], applications: [], objections: [], openAwards: [{ roundId: 'rd-award', name: '2026年度评先评优', applyUntil: '2026-12-31', awards: [{ name: '优秀公务员', count: 3 }] }] } }
        : undefined,
    );
    renderPage(<RecommendRoundsPage />);
    const card = await screen.findByTestId('open-award');
    expect(card.textContent).toContain('申报截止 2026-12-31');
    expect(card.textContent).toContain('优秀公务员 × 3');
    expect(within(card).getByRole('link', { name: '查看申报' }).getAttribute('href')).toBe('/selection/rounds/rd-award/applications');
  });
});
