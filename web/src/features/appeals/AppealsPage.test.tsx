import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { chooseExport, renderPage, stubApi, stubSavedFiles, userView } from '../../test-utils';
import { AppealPage, AppealsPage } from './AppealsPage';
import { appeal } from './testing';

vi.setConfig({ testTimeout: 40_000 });

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const page = (items: ReturnType<typeof appeal>[]) => ({ body: { items, total: items.length, page: 1, pageSize: 20 } });
const assessor = userView({ id: 'u-ass', name: '研判员乙', roles: ['assessor'] });

describe('申诉 pages', () => {
  it('opened from an entry point: the subject preset, a reason ≥ 5, filed and then shown', async () => {
    const calls = stubApi(userView(), (method, path) => {
      if (method === 'GET' && path.startsWith('/selection/appeals?')) return page([]);
      if (method === 'POST' && path === '/selection/appeals') return { status: 201, body: appeal({ id: 'apl-9' }) };
      return undefined;
    });
    renderPage(<AppealsPage />, { url: '/selection/appeals?subjectType=record&subjectId=r1&title=%E5%BC%95%E8%BF%9B%E4%B8%96%E7%95%8C500%E5%BC%BA', pattern: '/selection/appeals' });
    const form = await screen.findByTestId('appeal-form');
    expect(within(form).getByText('纪实')).toBeTruthy();
    expect(within(form).getByTestId('appeal-subject').textContent).toBe('引进世界500强');
    fireEvent.change(within(form).getByRole('textbox'), { target: { value: '不同意' } });
    fireEvent.click(within(form).getByRole('button', { name: '提交申诉' }));
    expect(await within(form).findByText('请至少写 5 个字，说明事实与理由')).toBeTruthy();
    fireEvent.change(within(form).getByRole('textbox'), { target: { value: '已补充签约合同，请重新研判' } });
    fireEvent.click(within(form).getByRole('button', { name: '提交申诉' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ subjectType: 'record', subjectId: 'r1', reason: '已补充签约合同，请重新研判' });
    expect(await screen.findByTestId('elsewhere')).toBeTruthy();
    // A cadre lists their own only.
    expect(calls.some((c) => c.path === '/selection/appeals?mine=true&page=1&pageSize=20')).toBe(true);
  });

  it('says plainly why an appeal is refused (409: past the deadline)', async () => {
    stubApi(userView(), (method, path) => {
      if (method === 'GET') return path.startsWith('/selection/appeals?') ? page([]) : undefined;
      return { status: 409, body: { type: 'about:blank', title: 'Conflict', status: 409, detail: '申诉期限已于 2026-12-16 10:00 届满' } };
    });
    renderPage(<AppealsPage />, { url: '/selection/appeals?subjectType=score_entry&subjectId=e1&title=积分', pattern: '/selection/appeals' });
    const form = await screen.findByTestId('appeal-form');
    fireEvent.change(within(form).getByRole('textbox'), { target: { value: '积分计算有误需要复核' } });
    fireEvent.click(within(form).getByRole('button', { name: '提交申诉' }));
    expect(await within(form).findByText(/申诉期限已于 2026-12-16 10:00 届满/)).toBeTruthy();
  });

  it('a cadre: my appeals as cards; 提出申诉 without a subject points to the entry points', async () => {
    stubApi(userView(), (method, path) => (method === 'GET' && path.startsWith('/selection/appeals?') ? page([appeal()]) : undefined));
    renderPage(<AppealsPage />);
    const card = await screen.findByTestId('appeal-apl-1');
    expect(card.textContent).toContain('纪实引进世界500强企业区域总部');
    expect(within(card).getByTestId('appeal-status').textContent).toBe('待处理');
    expect(within(card).getByRole('link').getAttribute('href')).toBe('/selection/appeals/apl-1');
    expect(screen.queryByText('全部申诉')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '提出申诉' }));
    const hint = await screen.findByTestId('appeal-hint');
    expect(within(hint).getByText('我的纪实').getAttribute('href')).toBe('/records');
  });

  it('an assessor: every appeal with the appellant, filtered by status, exported as CSV', async () => {
    const calls = stubApi(assessor, (method, path) => (method === 'GET' && path.startsWith('/selection/appeals?') ? page([appeal()]) : undefined));
    renderPage(<AppealsPage />);
    const all = await screen.findByTestId('appeals-all');
    expect((await within(all).findByTestId('appeal-apl-1')).textContent).toContain('王海军（龙华区）');
    fireEvent.mouseDown(within(screen.getByLabelText('状态').closest('.ant-select') as HTMLElement).getByRole('combobox'));
    fireEvent.click((await screen.findAllByTitle('申诉成立')).at(-1)!);
    await waitFor(() => expect(calls.some((c) => c.path === '/selection/appeals?status=upheld&page=1&pageSize=20')).toBe(true));
    const saved = stubSavedFiles();
    await chooseExport('csv');
    await waitFor(() => expect(saved).toEqual(['申诉.csv']));
    expect(calls.filter((c) => c.url.searchParams.has('format')).map((c) => c.path)).toEqual(['/selection/appeals?status=upheld&format=csv']);
  });

  it('an appeal: subject, decision, deadline, history; an assessor decides it with an answer', async () => {
    const decided = appeal({
      status: 'upheld',
      statusLabel: '申诉成立',
      answer: '补充材料属实，纪实重新研判',
      decidedBy: { id: 'u-ass', name: '研判员乙' },
      decidedAt: '2026-12-03T02:00:00.000Z',
      history: [...appeal().history, { at: '2026-12-03T02:00:00.000Z', action: 'decide', actionLabel: '处理申诉', by: { id: 'u-ass', name: '研判员乙' }, detail: '申诉成立：补充材料属实，纪实重新研判' }],
    });
    const calls = stubApi(assessor, (method, path) => {
      if (method === 'GET' && path === '/selection/appeals/apl-1') return { body: appeal() };
      if (method === 'POST' && path === '/selection/appeals/apl-1/decide') return { body: decided };
      return undefined;
    });
    renderPage(<AppealPage />, { url: '/selection/appeals/apl-1', pattern: '/selection/appeals/:id' });
    const detail = await screen.findByTestId('appeal-detail');
    expect(within(detail).getByRole('link', { name: '引进世界500强企业区域总部' }).getAttribute('href')).toBe('/records/r1');
    expect(detail.textContent).toContain('不予通过：佐证材料不足');
    expect(detail.textContent).toContain('2026-12-01 10:00');
    expect(detail.textContent).toContain('2026-12-16 10:00');
    expect(detail.textContent).toContain('王海军（龙华区）');
    expect(screen.getByTestId('appeal-history').textContent).toContain('提出申诉');

    const form = screen.getByTestId('decide-form');
    fireEvent.click(within(form).getByRole('radio', { name: '申诉成立' }));
    fireEvent.change(within(form).getByRole('textbox'), { target: { value: '补充材料属实，纪实重新研判' } });
    fireEvent.click(within(form).getByRole('button', { name: '提交处理结果' }));
    await waitFor(() => expect(screen.getByTestId('appeal-status').textContent).toBe('申诉成立'));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ outcome: 'upheld', answer: '补充材料属实，纪实重新研判' });
    expect(screen.queryByTestId('decide-form')).toBeNull();
    expect(screen.getByTestId('appeal-detail').textContent).toContain('研判员乙');
    expect(screen.getByTestId('appeal-history').textContent).toContain('申诉成立：补充材料属实，纪实重新研判');
  });

  it('the appellant reads their appeal and cannot decide it, even as an assessor', async () => {
    stubApi(userView({ id: 'u-cadre', roles: ['cadre', 'assessor'] }), (method, path) => (path === '/selection/appeals/apl-1' ? { body: appeal() } : undefined));
    renderPage(<AppealPage />, { url: '/selection/appeals/apl-1', pattern: '/selection/appeals/:id' });
    await screen.findByTestId('appeal-detail');
    expect(screen.queryByTestId('decide-form')).toBeNull();
  });

  it('a second decision (409) is said plainly and the appeal read again', async () => {
    let reads = 0;
    stubApi(assessor, (method, path) => {
      if (method === 'GET' && path === '/selection/appeals/apl-1') return { body: reads++ === 0 ? appeal() : appeal({ status: 'dismissed', statusLabel: '驳回', answer: '维持原决定', decidedBy: { id: 'u-other', name: '研判员丙' }, decidedAt: '2026-12-03T02:00:00.000Z' }) };
      if (method === 'POST') return { status: 409, body: { type: 'about:blank', title: 'Conflict', status: 409, detail: '该申诉已处理' } };
      return undefined;
    });
    renderPage(<AppealPage />, { url: '/selection/appeals/apl-1', pattern: '/selection/appeals/:id' });
    const form = await screen.findByTestId('decide-form');
    fireEvent.click(within(form).getByRole('radio', { name: '驳回' }));
    fireEvent.change(within(form).getByRole('textbox'), { target: { value: '维持' } });
    fireEvent.click(within(form).getByRole('button', { name: '提交处理结果' }));
    expect(await screen.findByText(/该申诉已处理/)).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('appeal-status').textContent).toBe('驳回'));
    expect(screen.queryByTestId('decide-form')).toBeNull();
  });
});
