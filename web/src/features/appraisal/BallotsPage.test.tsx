import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderPage, stubApi, userView } from '../../test-utils';
import { BallotsPage } from './BallotsPage';
import { ballots } from './testing';

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

function answer(card: HTMLElement, question: string, label: string) {
  fireEvent.click(within(within(card).getByRole('group', { name: question })).getByText(label));
}

describe('民主测评 page', () => {
  it('on a phone: one card per cadre, the anonymity notice, progress, big answers; a ballot is sent without anything of the rater', async () => {
    phoneWidth();
    const view = ballots([{ voted: true }, {}, {}]);
    const calls = stubApi(userView({ id: 'u-rater' }), (method, path) => {
      if (method === 'GET' && path === '/appraisal/ballots/mine') return { body: view };
      if (method === 'POST' && path === '/appraisal/cycles/cy-1/ballots') return { status: 201, body: { counted: true } };
      return undefined;
    });
    renderPage(<BallotsPage />);
    expect(await screen.findByText('测评结果匿名统计，不记录您的评价与身份的对应关系')).toBeTruthy();
    expect(screen.getByTestId('ballot-progress').textContent).toContain('已评 1 / 3');
    // The one already rated is marked and offers no answers; the others are full-width cards with big buttons.
    const done = screen.getByTestId('ballot-c-1');
    expect(within(done).getByTestId('voted-tag').textContent).toContain('已评');
    expect(within(done).queryByRole('radio')).toBeNull();
    const card = screen.getByTestId('ballot-c-2');
    expect(card.style.width).toBe('100%');
    const good = within(within(card).getByRole('group', { name: '德' })).getByText('好').closest('label') as HTMLElement;
    expect(good.style.minHeight).toBe('44px');

    const submit = within(card).getByRole('button', { name: '提交评价' });
    answer(card, '德', '好');
    expect((submit as HTMLButtonElement).disabled).toBe(true);
    answer(card, '绩', '较好');
    answer(card, '总体评价', '基本满意');
    await waitFor(() => expect((submit as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(submit);
    await waitFor(() => expect(screen.getByTestId('ballot-progress').textContent).toContain('已评 2 / 3'));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({ cadreId: 'c-2', scores: { de: 'good', ji: 'fairly_good' }, satisfaction: 'basically_satisfied' });
    expect(within(screen.getByTestId('ballot-c-2')).getByTestId('voted-tag')).toBeTruthy();
    expect(within(screen.getByTestId('ballot-c-2')).queryByRole('radio')).toBeNull();
  });

  it('shows why a ballot was refused (already voted, survey closed) and keeps the answers', async () => {
    stubApi(userView({ id: 'u-rater' }), (method, path) => {
      if (method === 'GET' && path === '/appraisal/ballots/mine') return { body: ballots([{}]) };
      if (method === 'POST') return { status: 409, body: { type: 'about:blank', title: 'Conflict', status: 409, detail: '测评已结束' } };
      return undefined;
    });
    renderPage(<BallotsPage />);
    const card = await screen.findByTestId('ballot-c-1');
    answer(card, '德', '一般');
    answer(card, '绩', '差');
    answer(card, '总体评价', '不满意');
    fireEvent.click(within(card).getByRole('button', { name: '提交评价' }));
    expect(await within(card).findByText(/测评已结束/)).toBeTruthy();
    expect(within(card).queryByTestId('voted-tag')).toBeNull();
    expect(screen.getByTestId('ballot-progress').textContent).toContain('已评 0 / 1');
  });

  it('says so when no survey waits', async () => {
    stubApi(userView(), (method, path) => (path === '/appraisal/ballots/mine' ? { body: { items: [], answers: [] } } : undefined));
    renderPage(<BallotsPage />);
    expect(await screen.findByText('目前没有需要您参加的民主测评')).toBeTruthy();
  });
});
