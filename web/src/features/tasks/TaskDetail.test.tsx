import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { TaskView } from '@cadre/contracts';
import { TaskDetail, TaskDetailPage } from './TaskDetailPage';
import { renderPage } from '../../test-utils';
import { bid, stubApi, task, user } from './testing';

vi.setConfig({ testTimeout: 40_000 });

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const actionsBar = () => screen.getByTestId('task-actions');

describe('task detail: state-dependent actions', () => {
  it('shows Publish, Edit and Withdraw on a draft to its publisher, and publishes it', async () => {
    const calls = stubApi(user(), (method, path) => {
      if (method === 'GET' && path === '/tasks/t1') return { status: 200, body: task() };
      if (method === 'POST' && path === '/tasks/t1/publish') return { status: 200, body: task({ status: 'open' }) };
      return undefined;
    });
    renderPage(<TaskDetailPage />, { url: '/tasks/t1', pattern: '/tasks/:id' });
    const publish = await screen.findByRole('button', { name: '发布' });
    expect(within(actionsBar()).getByRole('button', { name: '编辑' })).toBeTruthy();
    expect(within(actionsBar()).getByRole('button', { name: '撤回' })).toBeTruthy();
    expect(within(actionsBar()).queryByRole('button', { name: '截止揭榜' })).toBeNull();
    fireEvent.click(publish);
    fireEvent.click(await screen.findByRole('button', { name: '确定' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/tasks/t1/publish')).toBe(true));
  });

  it('shows no action on a concluded task', async () => {
    const calls = stubApi(user());
    const concluded = task({ status: 'concluded', verdict: 'pass' });
    renderPage(<TaskDetail task={concluded} onChanged={() => undefined} />);
    await screen.findByText('已办结');
    // Wait for the session to load, then check the action bar stays empty.
    await waitFor(() => expect(calls.some((c) => c.path === '/me')).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(within(actionsBar()).queryAllByRole('button')).toHaveLength(0);
  });

  it('hides Publish from a cadre and offers a bid on an open task', async () => {
    stubApi(user({ id: 'u-x', roles: ['cadre'], departmentId: 'd-x' }));
    renderPage(<TaskDetail task={task({ status: 'open' })} onChanged={() => undefined} />);
    expect(await screen.findByRole('button', { name: '我要揭榜' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '发布' })).toBeNull();
  });

  it('shows a conflicted evaluator why, with no way to score; an unconflicted bid can be scored', async () => {
    stubApi(user({ id: 'u-ev1', roles: ['evaluator'], departmentId: 'd-xiuying', departmentPath: ['d-city', 'd-xiuying'] }));
    const evaluating: TaskView = task({
      status: 'evaluating',
      bids: [
        bid({ evaluation: { ...bid().evaluation, conflictedEvaluatorIds: ['u-ev1'] } }),
        bid({ id: 't1_2', teamId: 'team2', teamName: '第二小组', members: [bid().members[0]] }),
      ],
    });
    renderPage(<TaskDetail task={evaluating} onChanged={() => undefined} />);
    fireEvent.click(await screen.findByRole('tab', { name: /揭榜/ }));
    const conflict = await screen.findByTestId('conflict-t1_1');
    expect(conflict.textContent).toContain('回避');
    expect(conflict.textContent).toContain('李娜');
    expect(screen.queryByRole('button', { name: '为 攻坚小组 评分' })).toBeNull();
    expect(screen.getByRole('button', { name: '为 第二小组 评分' })).toBeTruthy();
  });

  it('after scoring the evaluator’s row says 已评分 with the total and offers 修改评分 while bids are evaluated', async () => {
    stubApi(user({ id: 'u-ev1', roles: ['evaluator'], departmentId: 'd-experts', departmentPath: ['d-city', 'd-experts'] }));
    const own = { evaluatorId: 'u-ev1', evaluatorName: '周明', scores: { feasibility: 20, innovation: 12, capability: 25, benefit: 15.5 }, total: 72.5, comment: '', at: '2026-11-02T00:00:00.000Z' };
    renderPage(<TaskDetail task={task({ status: 'evaluating', bids: [bid({ evaluations: [own] })] })} onChanged={() => undefined} />);
    fireEvent.click(await screen.findByRole('tab', { name: /揭榜/ }));
    expect((await screen.findByTestId('scored-t1_1')).textContent).toBe('已评分 72.5 分');
    expect(screen.queryByRole('button', { name: '为 攻坚小组 评分' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '修改对 攻坚小组 的评分' }));
    expect(await screen.findByText('修改评分：攻坚小组')).toBeTruthy();
  });
});

describe('task detail: sealed bids, scores once 评标 is complete, the award reason', () => {
  const scoredBid = (id: string, teamName: string, rank: number, score: number, criteria: { feasibility: number; innovation: number; capability: number; benefit: number }, divergent = false) =>
    bid({ id, teamId: `team-${id}`, teamName, evaluation: { ...bid().evaluation, count: 2, score, rank, criteria, divergent, spread: divergent ? 35 : 5, scoresShown: true } });

  it('shows others that a bid’s content is published once bidding closes', async () => {
    stubApi(user({ id: 'u-x', roles: ['cadre'], departmentId: 'd-x' }));
    const sealed = bid({ sealed: true, plan: null, expectedResults: null, milestones: null, commitment: null });
    renderPage(<TaskDetail task={task({ status: 'open', bids: [sealed] })} onChanged={() => undefined} />);
    fireEvent.click(await screen.findByRole('tab', { name: /揭榜/ }));
    expect(await screen.findByText('已密封')).toBeTruthy();
    fireEvent.click(within(screen.getByTestId('bids-table')).getByRole('button', { name: /展开|expand/i }));
    expect((await screen.findByTestId('sealed-t1_1')).textContent).toBe('投标内容在截止后公开');
  });

  it('tells the publisher who has not scored which bids while 评标 is incomplete, and offers no award', async () => {
    stubApi(user());
    const incomplete = task({
      status: 'evaluating',
      bids: [bid({ evaluation: { ...bid().evaluation, count: 1 } })],
      evaluationComplete: false,
      pendingEvaluations: [{ evaluatorId: 'u-ev2', evaluatorName: '钱红', bids: [{ bidId: 't1_1', teamName: '攻坚小组' }] }],
    });
    renderPage(<TaskDetail task={incomplete} onChanged={() => undefined} />);
    expect((await screen.findByTestId('pending-evaluations')).textContent).toContain('钱红（攻坚小组）');
    expect(within(actionsBar()).queryByRole('button', { name: '确定中榜' })).toBeNull();
  });

  it('shows the publisher the score table once complete: rank, 分歧 and each criterion’s mean', async () => {
    stubApi(user());
    const complete = task({
      status: 'evaluating',
      bids: [
        scoredBid('t1_2', '第二小组', 1, 90.5, { feasibility: 27.25, innovation: 18, capability: 27.25, benefit: 18 }, true),
        scoredBid('t1_1', '攻坚小组', 2, 70, { feasibility: 21, innovation: 14, capability: 21, benefit: 14 }),
      ],
    });
    renderPage(<TaskDetail task={complete} onChanged={() => undefined} />);
    fireEvent.click(await screen.findByRole('tab', { name: /揭榜/ }));
    const table = await screen.findByTestId('bids-table');
    for (const header of ['得分', '排名', '方案可行性', '创新性', '团队能力', '预期效益']) expect(within(table).getAllByText(header).length).toBeGreaterThan(0);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0].textContent).toContain('90.5');
    expect(rows[0].textContent).toContain('27.25');
    expect(rows[0].textContent).toContain('分歧');
    expect(rows[1].textContent).toContain('21');
  });

  it('asks for a reason when the chosen bid is not the top one, and sends it', async () => {
    const calls = stubApi(user(), (method, path) => (method === 'POST' && path === '/tasks/t1/award' ? { status: 200, body: task({ status: 'in_progress' }) } : undefined));
    const complete = task({
      status: 'evaluating',
      bids: [scoredBid('t1_2', '第二小组', 1, 90, { feasibility: 27, innovation: 18, capability: 27, benefit: 18 }), scoredBid('t1_1', '攻坚小组', 2, 70, { feasibility: 21, innovation: 14, capability: 21, benefit: 14 })],
    });
    renderPage(<TaskDetail task={complete} onChanged={() => undefined} />);
    fireEvent.click(await screen.findByRole('tab', { name: /揭榜/ }));
    fireEvent.click(await screen.findByRole('radio', { name: '选择 攻坚小组 中榜' }));
    fireEvent.click(within(actionsBar()).getByRole('button', { name: '确定中榜' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('第二小组');
    fireEvent.click(within(dialog).getByRole('button', { name: '确定中榜' }));
    await waitFor(() => expect(formItemText(within(dialog).getByLabelText('理由'))).toContain('必填'));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.change(within(dialog).getByLabelText('理由'), { target: { value: '攻坚小组熟悉片区' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确定中榜' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ bidIds: ['t1_1'], reason: '攻坚小组熟悉片区' }));
  });

  it('shows the award reason to everyone', async () => {
    stubApi(user({ id: 'u-x', roles: ['cadre'], departmentId: 'd-x' }));
    const awarded = task({ status: 'in_progress', award: { bidIds: ['t1_1'], teamIds: ['team1'], awardedBy: 'u-pub', awardedAt: '2026-11-20T00:00:00.000Z', reason: '熟悉片区情况', passedOverBidIds: ['t1_2'] } });
    renderPage(<TaskDetail task={awarded} onChanged={() => undefined} />);
    expect((await screen.findByTestId('award-reason')).textContent).toContain('中榜理由：熟悉片区情况');
  });
});

const formItemText = (element: HTMLElement) => (element.closest('.ant-form-item') as HTMLElement).textContent;

