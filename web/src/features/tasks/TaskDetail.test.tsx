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
});
