import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { TeamView } from '@cadre/contracts';
import { BatchesPage } from './BatchesPage';
import { EvaluatorPage } from './EvaluatorPage';
import { TaskBoardPage } from './TaskBoardPage';
import { TeamPage, TeamsPage } from './TeamsPage';
import { renderPage } from '../../test-utils';
import { bid, MEMBER, stubApi, task, user } from './testing';
import { pickPerson } from '../../components/people/testing';

vi.setConfig({ testTimeout: 40_000 });

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
  localStorage.clear();
});

const summary = { id: 't1', version: 1, status: 'open', batchId: 'b1', title: '化解历史遗留不动产登记难题', domain: 'legacy', flags: ['hard'], rewardPoints: 100, allowRace: false, departmentId: 'd-city', biddingDeadline: '2099-01-01T00:00:00Z', deliveryDeadline: '2099-06-01T00:00:00Z', bidCount: 2, verdict: null, createdAt: '', updatedAt: '' };

describe('tasks pages', () => {
  it('the board pages on the server and filters by status', async () => {
    const calls = stubApi(user({ roles: ['cadre'] }), (method, path) => (path.startsWith('/tasks?') ? { status: 200, body: { items: [summary], total: 45, page: 1, pageSize: 20 } } : undefined));
    renderPage(<TaskBoardPage />);
    const table = await screen.findByTestId('tasks-table');
    expect(await within(table).findByText('化解历史遗留不动产登记难题')).toBeTruthy();
    expect(within(table).getByText('揭榜中')).toBeTruthy();
    expect(within(table).getByText('100 分')).toBeTruthy();
    expect(calls.some((c) => c.path === '/tasks?sort=createdAt&page=1&pageSize=20')).toBe(true);
    fireEvent.click(screen.getByTitle('3'));
    await waitFor(() => expect(calls.some((c) => c.path === '/tasks?sort=createdAt&page=3&pageSize=20')).toBe(true));
  });

  it('the board searches by keyword (sent as q, back to page 1) and sorts by reward on the server', async () => {
    const calls = stubApi(user({ roles: ['cadre'] }), (method, path) => (path.startsWith('/tasks?') ? { status: 200, body: { items: [summary], total: 45, page: 1, pageSize: 20 } } : undefined));
    renderPage(<TaskBoardPage />);
    const table = await screen.findByTestId('tasks-table');
    await within(table).findByText('化解历史遗留不动产登记难题');
    const searchBox = screen.getByRole('searchbox', { name: '搜索任务' });
    fireEvent.change(searchBox, { target: { value: ' a.*(b ' } });
    fireEvent.keyDown(searchBox, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(calls.some((c) => new URLSearchParams(c.path.split('?')[1]).get('q') === 'a.*(b')).toBe(true));
    fireEvent.click(within(table).getAllByText('激励积分')[0]);
    await waitFor(() => expect(calls.some((c) => new URLSearchParams(c.path.split('?')[1]).get('sort') === 'rewardPoints')).toBe(true));
    fireEvent.click(within(table).getAllByText('激励积分')[0]);
    await waitFor(() => expect(calls.some((c) => new URLSearchParams(c.path.split('?')[1]).get('sort') === '-rewardPoints')).toBe(true));
  });

  it('the board says in words when nothing matches a search', async () => {
    stubApi(user({ roles: ['cadre'] }), (method, path) => (path.startsWith('/tasks?') ? { status: 200, body: { items: path.includes('q=') ? [] : [summary], total: 1, page: 1, pageSize: 20 } } : undefined));
    renderPage(<TaskBoardPage />);
    await screen.findByText('化解历史遗留不动产登记难题');
    const searchBox = screen.getByRole('searchbox', { name: '搜索任务' });
    fireEvent.change(searchBox, { target: { value: '没有的词' } });
    fireEvent.keyDown(searchBox, { key: 'Enter', code: 'Enter', keyCode: 13 });
    expect(await screen.findByText('没有符合条件的任务。可以换个关键词或清除筛选条件。')).toBeTruthy();
  });

  it('the publisher creates a batch, with API field errors next to the name', async () => {
    const calls = stubApi(user(), (method, path) =>
      method === 'POST' && path === '/task-batches' ? { status: 400, body: { type: 'about:blank', title: 'Bad Request', status: 400, errors: [{ path: 'name', message: 'is taken' }] } } : undefined,
    );
    renderPage(<BatchesPage />);
    fireEvent.change(await screen.findByLabelText('批次名称'), { target: { value: '第三批' } });
    fireEvent.click(screen.getByRole('button', { name: '创建批次' }));
    expect(await screen.findByText('is taken')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: '第三批', description: '' });
    expect(calls.some((c) => c.path.startsWith('/tasks?status=draft'))).toBe(true);
  });

  it('a team form refuses shares that do not sum to 100', async () => {
    const calls = stubApi(user({ id: 'u-lead', roles: ['cadre'] }));
    renderPage(<TeamsPage />);
    fireEvent.change(await screen.findByLabelText('团队名称'), { target: { value: '攻坚小组' } });
    fireEvent.click(screen.getByRole('button', { name: /添加成员/ }));
    await pickPerson('成员 2', '李', MEMBER);
    fireEvent.change(screen.getByLabelText('成员 2 贡献份额（%）'), { target: { value: '40' } });
    fireEvent.click(screen.getByRole('button', { name: '创建团队并发出邀请' }));
    expect(await screen.findByText('贡献份额合计须为 100（当前为 140）')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('an invited member accepts on the team page', async () => {
    const team: TeamView = { id: 'team1', version: 1, name: '攻坚小组', leadId: 'u-lead', createdBy: 'u-lead', members: bid().members.map((m, i) => ({ ...m, invitation: i === 0 ? 'accepted' : 'invited' })), formed: false, formedAt: null, createdAt: '', updatedAt: '', history: [] };
    const calls = stubApi(user({ id: 'u-m', roles: ['cadre'] }), (method, path) => {
      if (path === '/teams/team1') return { status: 200, body: team };
      if (path === '/teams/team1/accept') return { status: 200, body: { ...team, formed: true, members: team.members.map((m) => ({ ...m, invitation: 'accepted' })) } };
      return undefined;
    });
    renderPage(<TeamPage />, { url: '/tasks/teams/team1', pattern: '/tasks/teams/:id' });
    fireEvent.click(await screen.findByRole('button', { name: '接受邀请' }));
    expect(await screen.findByText('已组建')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '接受邀请' })).toBeNull();
    expect(calls.some((c) => c.method === 'POST' && c.path === '/teams/team1/accept')).toBe(true);
  });

  it('the evaluator sees the tasks assigned to them, with recused bids counted', async () => {
    const mine = task({ status: 'evaluating', bids: [bid({ evaluation: { ...bid().evaluation, conflictedEvaluatorIds: ['u-ev1'] } }), bid({ id: 't1_2' })] });
    const other = task({ id: 't2', title: '别人的任务', status: 'evaluating', evaluators: [{ userId: 'u-ev9', name: '某人' }] });
    stubApi(user({ id: 'u-ev1', roles: ['evaluator'] }), (method, path) => {
      if (path.startsWith('/tasks?status=evaluating')) return { status: 200, body: { items: [{ ...summary, id: 't1' }, { ...summary, id: 't2' }], total: 2, page: 1, pageSize: 100 } };
      if (path === '/tasks/t1') return { status: 200, body: mine };
      if (path === '/tasks/t2') return { status: 200, body: other };
      return undefined;
    });
    renderPage(<EvaluatorPage />);
    const table = await screen.findByTestId('assignments-table');
    expect(await within(table).findByText('化解历史遗留不动产登记难题')).toBeTruthy();
    expect(within(table).queryByText('别人的任务')).toBeNull();
    expect(within(table).getByText('待评分 1 个')).toBeTruthy();
    expect(within(table).getByText('回避 1 个')).toBeTruthy();
  });

  it('the evaluator’s row says 已评分 once they scored, not 待评分', async () => {
    const own = { evaluatorId: 'u-ev1', evaluatorName: '周明', scores: { feasibility: 20, innovation: 12, capability: 25, benefit: 15 }, total: 72, comment: '', at: '2026-11-02T00:00:00.000Z' };
    const mine = task({ status: 'evaluating', bids: [bid({ evaluations: [own] })] });
    stubApi(user({ id: 'u-ev1', roles: ['evaluator'] }), (method, path) => {
      if (path.startsWith('/tasks?status=evaluating')) return { status: 200, body: { items: [{ ...summary, id: 't1' }], total: 1, page: 1, pageSize: 100 } };
      if (path === '/tasks/t1') return { status: 200, body: mine };
      return undefined;
    });
    renderPage(<EvaluatorPage />);
    const table = await screen.findByTestId('assignments-table');
    expect(await within(table).findByText('已评分 1 个')).toBeTruthy();
    expect(within(table).queryByText(/待评分/)).toBeNull();
  });
});
