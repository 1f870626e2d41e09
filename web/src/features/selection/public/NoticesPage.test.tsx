import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderPage, stubApi, userView } from '../../../test-utils';
import { NoticesPage } from './NoticesPage';
import { notice, noticeCandidate } from './testing';

vi.setConfig({ testTimeout: 40_000 });

const realMatchMedia = window.matchMedia;
afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
  window.matchMedia = realMatchMedia;
});

/** A phone: 375 px wide, media queries answered for that width (antd's breakpoints read them). */
function phoneWidth() {
  Object.defineProperty(window, 'innerWidth', { configurable: true, value: 375 });
  window.matchMedia = (query: string) => {
    const min = /min-width:\s*(\d+)px/.exec(query);
    const max = /max-width:\s*(\d+(?:\.\d+)?)px/.exec(query);
    const matches = (!min || 375 >= Number(min[1])) && (!max || 375 <= Number(max[1]));
    return { matches, media: query, onchange: null, addListener: () => undefined, removeListener: () => undefined, addEventListener: () => undefined, removeEventListener: () => undefined, dispatchEvent: () => false } as MediaQueryList;
  };
}

const problem = (status: number, detail: string, errors?: { path: string; message: string }[]) => ({ status, body: { type: 'about:blank', title: 'Error', status, detail, errors } });

describe('任前公示 page', () => {
  it('on a phone: a card per notice with its Beijing window, each candidate with the achievements; an objection is filed with the privacy notice', async () => {
    phoneWidth();
    const running = notice({ candidates: [noticeCandidate(), noticeCandidate({ candidateId: 'u-zhao', name: '赵强', status: 'withdrawn', statusLabel: '已撤回' })] });
    const calls = stubApi(userView({ id: 'u-reader' }), (method, path) => {
      if (method === 'GET' && path === '/selection/notices') return { body: { items: [running] } };
      if (method === 'POST' && path === '/selection/rounds/rd-1/objections') return { status: 201, body: { id: 'ob-1', status: 'open' } };
      return undefined;
    });
    renderPage(<NoticesPage />);
    const card = await screen.findByTestId('notice-rd-1');
    expect(card.style.width).toBe('100%');
    expect(within(card).getByText('2026年区管干部提拔')).toBeTruthy();
    expect(within(card).getByTestId('notice-window').textContent).toBe('公示期：2026-12-01 10:00 — 2026-12-08 23:59');
    expect(within(card).getByTestId('notice-state').textContent).toBe('公示中');
    expect(within(card).getByText('提拔使用')).toBeTruthy();

    const li = within(card).getByTestId('candidate-rd-1-u-li');
    expect(li.textContent).toContain('龙华区发改局 · 科长 · 科级');
    expect(li.textContent).toContain('拟任：区发改局副局长');
    expect(within(li).getByTestId('summary-figures').textContent).toBe('积分 86.50已认定纪实 7 项任务 2 项');
    expect(li.textContent).toContain('招商引资 40.00');
    expect(li.textContent).toContain('引进世界500强企业区域总部');
    expect(li.textContent).toContain('年度考核 优秀（2025）');
    // A withdrawn candidate is shown as such and takes no objection.
    const withdrawn = within(card).getByTestId('candidate-rd-1-u-zhao');
    expect(within(withdrawn).getByText('已撤回')).toBeTruthy();
    expect(within(withdrawn).queryByRole('button', { name: '提出异议' })).toBeNull();

    const object = within(li).getByRole('button', { name: '提出异议' });
    expect(object.style.minHeight).toBe('44px');
    fireEvent.click(object);
    const form = await screen.findByTestId('objection-form');
    expect(within(form).getByTestId('objection-privacy').textContent).toContain('您的身份仅组织部门可见，不会告知被公示人');
    // The candidate is preset; a reason under 5 characters is refused before sending.
    expect(within(form).getByText('李明 · 区发改局副局长')).toBeTruthy();
    fireEvent.change(within(form).getByRole('textbox'), { target: { value: '不同意' } });
    fireEvent.click(within(form).getByRole('button', { name: '提交异议' }));
    expect(await within(form).findByText('请至少写 5 个字，说明事实与依据')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.change(within(form).getByRole('textbox'), { target: { value: '该同志在项目签约中存在虚报数据的情况' } });
    fireEvent.click(within(form).getByRole('button', { name: '提交异议' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ candidateId: 'u-li', reason: '该同志在项目签约中存在虚报数据的情况' });
    expect(await screen.findByText('异议已提交，组织部门核查后将答复您')).toBeTruthy();
  });

  it('the candidate cannot object to themselves; a notice no longer open says 公示已结束 and offers no objection', async () => {
    stubApi(userView({ id: 'u-li' }), (method, path) =>
      path === '/selection/notices' ? { body: { items: [notice(), notice({ roundId: 'rd-2', name: '2026年职级晋升', open: false, status: 'concluded', statusLabel: '已完成', candidates: [noticeCandidate({ candidateId: 'u-sun', name: '孙丽' })] })] } } : undefined,
    );
    renderPage(<NoticesPage />);
    const mine = await screen.findByTestId('candidate-rd-1-u-li');
    expect(within(mine).queryByRole('button', { name: '提出异议' })).toBeNull();
    const over = screen.getByTestId('notice-rd-2');
    expect(within(over).getByTestId('notice-state').textContent).toBe('公示已结束');
    expect(within(over).queryByRole('button', { name: '提出异议' })).toBeNull();
  });

  it('puts the 400 on its field, and says plainly when the window closed (409)', async () => {
    let answer = problem(400, 'Invalid body', [{ path: 'reason', message: 'must be at least 5 characters' }]);
    stubApi(userView({ id: 'u-reader' }), (method, path) => {
      if (path === '/selection/notices') return { body: { items: [notice()] } };
      if (method === 'POST') return answer;
      return undefined;
    });
    renderPage(<NoticesPage />);
    fireEvent.click(await screen.findByRole('button', { name: '提出异议' }));
    const form = await screen.findByTestId('objection-form');
    fireEvent.change(within(form).getByRole('textbox'), { target: { value: '反映的问题需要核查一下' } });
    fireEvent.click(within(form).getByRole('button', { name: '提交异议' }));
    expect(await within(form).findByText('must be at least 5 characters')).toBeTruthy();

    answer = problem(409, '公示期已于 2026-12-08 23:59 结束');
    fireEvent.click(within(form).getByRole('button', { name: '提交异议' }));
    const closed = await within(form).findByTestId('objection-closed');
    expect(closed.textContent).toContain('公示已结束，不再受理异议');
    expect(closed.textContent).toContain('公示期已于 2026-12-08 23:59 结束');
    // The board behind now shows the notice as ended.
    await waitFor(() => expect(screen.getByTestId('notice-state').textContent).toBe('公示已结束'));
  });

  it('says so when no notice runs', async () => {
    stubApi(userView(), (_m, path) => (path === '/selection/notices' ? { body: { items: [] } } : undefined));
    renderPage(<NoticesPage />);
    expect(await screen.findByText('目前没有任前公示')).toBeTruthy();
  });
});
