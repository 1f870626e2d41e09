import { fireEvent, screen, within } from '@testing-library/react';
import { TaskBoardPage } from './TaskBoardPage';
import { TaskDetail } from './TaskDetailPage';
import { renderPage } from '../../test-utils';
import { bid, stubApi, task, user } from './testing';

vi.setConfig({ testTimeout: 40_000 });

const realMatchMedia = window.matchMedia;
/** Media queries answered for a phone 390 px wide (antd's breakpoints read them). */
function onPhone() {
  window.matchMedia = (query: string) => {
    const min = /min-width:\s*(\d+(?:\.\d+)?)px/.exec(query);
    const max = /max-width:\s*(\d+(?:\.\d+)?)px/.exec(query);
    const matches = (!min || 390 >= Number(min[1])) && (!max || 390 <= Number(max[1]));
    return { matches, media: query, onchange: null, addListener: () => undefined, removeListener: () => undefined, addEventListener: () => undefined, removeEventListener: () => undefined, dispatchEvent: () => false } as MediaQueryList;
  };
}

afterEach(() => {
  window.matchMedia = realMatchMedia;
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const summary = { id: 't1', version: 1, status: 'open', batchId: 'b1', title: '化解历史遗留不动产登记难题', domain: 'legacy', flags: ['hard'], rewardPoints: 100, allowRace: false, departmentId: 'd-city', biddingDeadline: '2099-01-01T00:00:00Z', deliveryDeadline: '2099-06-01T00:00:00Z', bidCount: 2, verdict: null, createdAt: '', updatedAt: '' };

describe('the key tasks pages on a phone (390 px)', () => {
  it('the board is a column of cards with Beijing-time deadlines, reward in 分 and a sort picker', async () => {
    onPhone();
    stubApi(user({ roles: ['cadre'] }), (method, path) => (path.startsWith('/tasks?') ? { status: 200, body: { items: [summary], total: 1, page: 1, pageSize: 20 } } : undefined));
    renderPage(<TaskBoardPage />);
    const cards = await screen.findByTestId('tasks-table');
    expect(cards.className).toContain('responsive-cards');
    expect(await within(cards).findByText('化解历史遗留不动产登记难题')).toBeTruthy();
    expect(within(cards).getByText('100 分')).toBeTruthy();
    expect(within(cards).getByText('2099-01-01 08:00')).toBeTruthy();
    expect(within(cards).getByLabelText('排序')).toBeTruthy();
  });

  it('a bid card opens its plan in a dialog, and the evaluator scores from the card’s foot', async () => {
    onPhone();
    stubApi(user({ id: 'u-ev1', roles: ['evaluator'], departmentId: 'd-experts', departmentPath: ['d-city', 'd-experts'] }));
    renderPage(<TaskDetail task={task({ status: 'evaluating', bids: [bid({ plan: '先摸底再分类施策' })] })} onChanged={() => undefined} />);
    fireEvent.click(await screen.findByRole('tab', { name: /揭榜/ }));
    const cards = await screen.findByTestId('bids-table');
    expect(cards.className).toContain('responsive-cards');
    expect(within(cards).getByRole('button', { name: '为 攻坚小组 评分' }).closest('.ant-card-actions')).not.toBeNull();
    fireEvent.click(within(cards).getByRole('button', { name: '查看 攻坚小组 的方案详情' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('先摸底再分类施策')).toBeTruthy();
  });
});
