import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderPage, stubApi, userView, type FetchCall } from '../../test-utils';
import { WorkbenchPage } from './WorkbenchPage';
import { inboxItem, inboxView } from '../inbox/testing';

vi.setConfig({ testTimeout: 40_000 });

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const overdue = inboxItem({ id: 'share_confirm:r7:u-cadre', kind: 'share_confirm', kindLabel: '待确认分工', title: '乡村振兴示范点建设', summary: '李娜 邀请您确认分工', subject: { type: 'record', id: 'r7' }, link: '/records/r7', dueAt: '2026-11-30T16:30:00.000Z', overdue: true, escalated: true });
const due = inboxItem({ id: 'team_invitation:team1:u-cadre', kind: 'team_invitation', kindLabel: '团队邀请', title: '攻坚小组', summary: '牵头人 王海军', subject: { type: 'team', id: 'team1' }, link: '/tasks/teams/team1', dueAt: '2099-01-01T00:00:00.000Z' });

function answer(calls?: { kind?: string }) {
  return (method: string, path: string) => {
    const url = new URL(path, 'http://localhost');
    if (url.pathname === '/inbox') {
      const kind = url.searchParams.get('kind');
      if (calls) calls.kind = kind ?? undefined;
      const items = [overdue, due].filter((item) => !kind || item.kind === kind);
      return { body: inboxView(items, { share_confirm: 1, team_invitation: 1 }, { total: items.length, overdue: items.filter((i) => i.overdue).length }) };
    }
    if (url.pathname === '/records') return { body: { items: [{ id: 'r9', title: '招商引资季度纪实', status: 'submitted', updatedAt: '2026-12-01T20:00:00.000Z' }], total: 1, page: 1, pageSize: 5 } };
    if (url.pathname === '/teams/mine') return { body: { items: [{ id: 'team2', name: '征拆攻坚队', formed: true, members: [] }], total: 1, page: 1, pageSize: 5 } };
    if (url.pathname === '/bids/mine') return { body: { items: [{ bidId: 'b1', taskId: 't1', taskTitle: '化解历史遗留不动产登记难题', taskStatus: 'open', teamId: 'team2', teamName: '征拆攻坚队', leadId: 'u-cadre', status: 'submitted', version: 1, submittedAt: null, updatedAt: '' }], total: 1, page: 1, pageSize: 5 } };
    if (url.pathname === '/scores/u-cadre') return { body: { cadreId: 'u-cadre', period: '2026', total: 42.5, participation: 0, contribution: 0, bonus: 0, reversal: 0, byItem: {}, capped: [], entries: [], standardVersion: 1, updatedAt: '' } };
    if (url.pathname === '/rankings') return { body: { items: [{ rank: 1, cadreId: 'u-x', name: '甲', departmentId: 'd', rankLevel: 'section', points: 50, percentile: 100, change: null }, { rank: 2, cadreId: 'u-cadre', name: '王海军', departmentId: 'd', rankLevel: 'section', points: 42.5, percentile: 50, change: 1 }], total: 2, page: 1, pageSize: 100, period: '2026', scope: 'all', calculatedAt: '', standardVersion: 1 } };
    return undefined;
  };
}

const inboxCalls = (calls: FetchCall[]) => calls.filter((c) => c.url.pathname === '/api/v1/inbox');

describe('工作台', () => {
  it("shows a cadre's inbox with counts, overdue in red with the Beijing due time, and their records, tasks and score", async () => {
    stubApi(userView(), answer());
    renderPage(<WorkbenchPage />);
    expect(await screen.findByRole('heading', { name: '您好，王海军' })).toBeTruthy();
    const inbox = await screen.findByTestId('workbench-inbox');
    await within(inbox).findByText('乡村振兴示范点建设');
    // Counts per kind as filters.
    expect(within(screen.getByTestId('kind-all')).getByText('2')).toBeTruthy();
    expect(within(screen.getByTestId('kind-share_confirm')).getByText('待确认分工')).toBeTruthy();
    // Oldest due first as the service answers; the overdue one marked 已超期, its due time at UTC+8 (16:30Z → next day 00:30).
    const [first, second] = within(inbox).getAllByTestId('inbox-item');
    expect(within(first!).getByText('已超期')).toBeTruthy();
    expect(within(first!).getByText('办理期限：2026-12-01 00:30')).toBeTruthy();
    expect(within(first!).getByText('已催办升级')).toBeTruthy();
    expect(within(second!).queryByText('已超期')).toBeNull();
    expect(within(first!).getByRole('link', { name: '乡村振兴示范点建设' }).getAttribute('href')).toBe('/records/r7');
    expect(within(second!).getByRole('link', { name: '攻坚小组' }).getAttribute('href')).toBe('/tasks/teams/team1');
    // The cadre's own sections.
    expect(await within(screen.getByTestId('workbench-records')).findByText('招商引资季度纪实')).toBeTruthy();
    expect(await within(screen.getByTestId('workbench-tasks')).findByText('化解历史遗留不动产登记难题')).toBeTruthy();
    const score = screen.getByTestId('workbench-score');
    await waitFor(() => expect(score.textContent).toContain('42.50'));
    expect(await within(score).findByText('第 2 名 / 共 2 人')).toBeTruthy();
  });

  it('filters the items by a kind chosen from the counts', async () => {
    const seen: { kind?: string } = {};
    const calls = stubApi(userView(), answer(seen));
    renderPage(<WorkbenchPage />);
    const inbox = await screen.findByTestId('workbench-inbox');
    await within(inbox).findByText('乡村振兴示范点建设');
    fireEvent.click(screen.getByTestId('kind-team_invitation'));
    await waitFor(() => expect(within(inbox).queryByText('乡村振兴示范点建设')).toBeNull());
    expect(within(inbox).getByText('攻坚小组')).toBeTruthy();
    expect(seen.kind).toBe('team_invitation');
    expect(inboxCalls(calls).at(-1)!.url.searchParams.get('limit')).toBe('10');
  });

  it('shows a reviewer without the cadre role their inbox only', async () => {
    const calls = stubApi(userView({ id: 'u-rev', name: '李审核', roles: ['reviewer'] }), answer());
    renderPage(<WorkbenchPage />);
    await screen.findByTestId('workbench-inbox');
    expect(screen.queryByTestId('workbench-score')).toBeNull();
    expect(screen.queryByTestId('workbench-records')).toBeNull();
    expect(screen.queryByTestId('workbench-tasks')).toBeNull();
    expect(calls.some((c) => c.url.pathname.startsWith('/api/v1/scores'))).toBe(false);
  });

  it('says the inbox cannot be read when the service is not there, and still shows the rest', async () => {
    stubApi(userView(), (method, path) => (path.startsWith('/inbox') ? { status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404 } } : answer()(method, path)));
    renderPage(<WorkbenchPage />);
    expect(await screen.findByText('待办暂时无法读取，请稍后刷新。')).toBeTruthy();
    expect(await within(screen.getByTestId('workbench-records')).findByText('招商引资季度纪实')).toBeTruthy();
  });
});
