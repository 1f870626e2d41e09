import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { RecordListPage } from './RecordListPage';
import { RecordsScope } from './shared';
import { renderPage } from '../../test-utils';
import { record, stubApi, user } from './testing';
import { templateStorageKey } from './commentTemplates';

vi.setConfig({ testTimeout: 30_000 });

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
  localStorage.clear();
});

const reviewer = user({ id: 'u-reviewer', name: '李审核', roles: ['reviewer'] });
const assessor = user({ id: 'u-assessor', name: '张研判', roles: ['assessor'], departmentId: 'd-org', departmentPath: ['d-city', 'd-org'] });
const unsettledShares = [
  { userId: 'u-cadre', name: '王海军', role: 'lead' as const, share: 60, confirmation: 'confirmed' as const, comment: '' },
  { userId: 'u-colleague', name: '陈同事', role: 'member' as const, share: 40, confirmation: 'pending' as const, comment: '' },
];

function openQueue(mode: 'review' | 'assess') {
  renderPage(<RecordsScope><RecordListPage mode={mode} /></RecordsScope>, { pattern: `/records/${mode}`, url: `/records/${mode}` });
  return screen.findByTestId(mode === 'review' ? 'review-queue-table' : 'assess-queue-table');
}

describe('批量审核 (bulk review)', () => {
  it('approves 3 selected records one by one with one comment, and sums up: 2 succeeded, the third refused (409 份额未确认)', async () => {
    const rows = [
      record({ id: 'b1', status: 'submitted', title: '纪实一' }),
      record({ id: 'b2', status: 'submitted', title: '纪实二', participants: unsettledShares }),
      record({ id: 'b3', status: 'submitted', title: '纪实三' }),
    ];
    let listed = rows;
    const calls = stubApi(reviewer, (method, path) => {
      if (method === 'GET' && path.startsWith('/records?')) return { body: { items: listed, total: listed.length, page: 1, pageSize: 20 } };
      if (method === 'POST' && path === '/records/b2/review') return { status: 409, body: { type: 'about:blank', title: 'Conflict', status: 409, detail: 'Shares are not all confirmed.' } };
      const decided = /^\/records\/(b[13])\/review$/.exec(path);
      if (method === 'POST' && decided) {
        listed = listed.filter((r) => r.id !== decided[1]);
        return { body: { ...rows.find((r) => r.id === decided[1]), status: 'reviewed' } };
      }
      return undefined;
    });
    const table = await openQueue('review');
    await within(table).findByText('纪实一');
    const bar = screen.getByTestId('bulk-bar');
    expect((within(bar).getByRole('button', { name: '批量通过' }) as HTMLButtonElement).disabled).toBe(true);
    for (const title of ['纪实一', '纪实二', '纪实三']) fireEvent.click(within(table).getByRole('checkbox', { name: title }));
    expect(within(bar).getByText('已选 3 条')).toBeTruthy();

    fireEvent.click(within(bar).getByRole('button', { name: '批量通过' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('批量处理 3 条纪实')).toBeTruthy();
    // A built-in 常用意见 fills the one comment.
    fireEvent.click(within(dialog).getByRole('button', { name: '插入常用意见：材料齐全，情况属实，同意通过。' }));
    expect((within(dialog).getByLabelText('意见') as HTMLTextAreaElement).value).toBe('材料齐全，情况属实，同意通过。');
    fireEvent.click(within(dialog).getByRole('button', { name: '逐条提交' }));

    const summary = await screen.findByTestId('bulk-summary');
    expect(within(summary).getByText('成功 2 条，失败 1 条')).toBeTruthy();
    const failures = within(summary).getAllByTestId('bulk-failure');
    expect(failures).toHaveLength(1);
    expect(failures[0].textContent).toBe('纪实二：份额未确认：参与人尚未全部确认份额');
    // One request per record, each with the same decision and comment.
    for (const id of ['b1', 'b2', 'b3']) {
      expect(calls.filter((call) => call.path === `/records/${id}/review`).map((call) => call.body)).toEqual([{ decision: 'approve', comment: '材料齐全，情况属实，同意通过。' }]);
    }
    // The list refreshed: the two decided are gone, the refused one stays selected for another try.
    await waitFor(() => expect(within(table).queryByText('纪实一')).toBeNull());
    expect(within(screen.getByTestId('bulk-bar')).getByText('已选 1 条')).toBeTruthy();
  });

  it('requires the one comment to return, and sends no request without it', async () => {
    const rows = [record({ id: 'c1', status: 'submitted', title: '退回一' }), record({ id: 'c2', status: 'submitted', title: '退回二' })];
    const calls = stubApi(reviewer, (method, path) => {
      if (method === 'GET' && path.startsWith('/records?')) return { body: { items: rows, total: 2, page: 1, pageSize: 20 } };
      if (method === 'POST') return { body: rows[0] };
      return undefined;
    });
    const table = await openQueue('review');
    await within(table).findByText('退回一');
    for (const title of ['退回一', '退回二']) fireEvent.click(within(table).getByRole('checkbox', { name: title }));
    fireEvent.click(within(screen.getByTestId('bulk-bar')).getByRole('button', { name: '批量退回' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: '逐条提交' }));
    expect(await within(dialog).findByText('退回或驳回时请填写意见')).toBeTruthy();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
    fireEvent.change(within(dialog).getByLabelText('意见'), { target: { value: '请补充佐证' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '逐条提交' }));
    expect(await within(await screen.findByTestId('bulk-summary')).findByText('全部 2 条已处理')).toBeTruthy();
    expect(calls.filter((call) => call.method === 'POST').map((call) => [call.path, call.body])).toEqual([
      ['/records/c1/review', { decision: 'return', comment: '请补充佐证' }],
      ['/records/c2/review', { decision: 'return', comment: '请补充佐证' }],
    ]);
  });
});

describe('批量认定 (bulk verification)', () => {
  it('needs one rating for all, and verifies each at its own claimed level unless one is chosen', async () => {
    const rows = [record({ id: 'a1', status: 'reviewed', title: '认定一', impactLevel: 'city' }), record({ id: 'a2', status: 'reviewed', title: '认定二', impactLevel: 'province' })];
    const calls = stubApi(assessor, (method, path) => {
      if (method === 'GET' && path.startsWith('/records?')) return { body: { items: rows, total: 2, page: 1, pageSize: 20 } };
      if (method === 'POST') return { body: { ...rows[0], status: 'verified' } };
      return undefined;
    });
    const table = await openQueue('assess');
    await within(table).findByText('认定一');
    for (const title of ['认定一', '认定二']) fireEvent.click(within(table).getByRole('checkbox', { name: title }));
    fireEvent.click(within(screen.getByTestId('bulk-bar')).getByRole('button', { name: '批量认定' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: '逐条提交' }));
    expect(await within(dialog).findByText('请选择研判等级')).toBeTruthy();
    fireEvent.mouseDown(within(dialog).getByLabelText('研判等级'));
    const options = await screen.findAllByTitle('优秀');
    fireEvent.click(options[options.length - 1]);
    fireEvent.click(within(dialog).getByRole('button', { name: '逐条提交' }));
    await screen.findByTestId('bulk-summary');
    expect(calls.filter((call) => call.method === 'POST').map((call) => [call.path, call.body])).toEqual([
      ['/records/a1/assess', { decision: 'confirm', rating: 'excellent', impactLevel: 'city', comment: '' }],
      ['/records/a2/assess', { decision: 'confirm', rating: 'excellent', impactLevel: 'province', comment: '' }],
    ]);
  });
});

describe('常用意见 (comment templates)', () => {
  it('saves the typed comment as the user’s own template in localStorage, inserts it next time, and deletes it', async () => {
    const row = record({ id: 't1', status: 'submitted', title: '模板纪实' });
    stubApi(reviewer, (method, path) => (method === 'GET' && path.startsWith('/records?') ? { body: { items: [row], total: 1, page: 1, pageSize: 20 } } : undefined));
    const table = await openQueue('review');
    fireEvent.click(await within(table).findByRole('button', { name: '退回修改 模板纪实' }));
    let dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('意见'), { target: { value: '请补充招商合同原件' } });
    await waitFor(() => expect((within(dialog).getByRole('button', { name: /存为常用意见/ }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(within(dialog).getByRole('button', { name: /存为常用意见/ }));
    expect(JSON.parse(localStorage.getItem(templateStorageKey('u-reviewer')) ?? '{}')).toEqual({ return: ['请补充招商合同原件'] });
    fireEvent.click(within(dialog).getByRole('button', { name: /取\s*消/ }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    fireEvent.click(within(table).getByRole('button', { name: '退回修改 模板纪实' }));
    dialog = await screen.findByRole('dialog');
    expect((within(dialog).getByLabelText('意见') as HTMLTextAreaElement).value).toBe('');
    fireEvent.click(within(dialog).getByRole('button', { name: '插入常用意见：请补充招商合同原件' }));
    expect((within(dialog).getByLabelText('意见') as HTMLTextAreaElement).value).toBe('请补充招商合同原件');
    fireEvent.click(within(dialog).getByRole('button', { name: '删除常用意见：请补充招商合同原件' }));
    expect(within(dialog).queryByRole('button', { name: '插入常用意见：请补充招商合同原件' })).toBeNull();
    expect(JSON.parse(localStorage.getItem(templateStorageKey('u-reviewer')) ?? '{}')).toEqual({ return: [] });
  });
});

describe('on a phone (390 px)', () => {
  const realMatchMedia = window.matchMedia;
  afterEach(() => {
    window.matchMedia = realMatchMedia;
  });

  it('selects records on their cards and approves them in bulk; the filters go one a line', async () => {
    window.matchMedia = (query: string) => {
      const min = /min-width:\s*(\d+(?:\.\d+)?)px/.exec(query);
      const max = /max-width:\s*(\d+(?:\.\d+)?)px/.exec(query);
      const matches = (!min || 390 >= Number(min[1])) && (!max || 390 <= Number(max[1]));
      return { matches, media: query, onchange: null, addListener: () => undefined, removeListener: () => undefined, addEventListener: () => undefined, removeEventListener: () => undefined, dispatchEvent: () => false } as MediaQueryList;
    };
    const rows = [record({ id: 'p1', status: 'submitted', title: '手机一' }), record({ id: 'p2', status: 'submitted', title: '手机二' })];
    const calls = stubApi(reviewer, (method, path) => {
      if (method === 'GET' && path.startsWith('/records?')) return { body: { items: rows, total: 2, page: 1, pageSize: 20 } };
      if (method === 'POST') return { body: rows[0] };
      return undefined;
    });
    const list = await openQueue('review');
    await within(list).findByText('手机一');
    expect(list.querySelector('table')).toBeNull();
    expect(document.querySelector('form.ant-form-vertical')).toBeTruthy();
    for (const id of ['p1', 'p2']) fireEvent.click(within(list.querySelector(`[data-row-key="${id}"]`) as HTMLElement).getByRole('checkbox'));
    const bar = screen.getByTestId('bulk-bar');
    expect(within(bar).getByText('已选 2 条')).toBeTruthy();
    fireEvent.click(within(bar).getByRole('button', { name: '批量通过' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: '逐条提交' }));
    expect(await within(await screen.findByTestId('bulk-summary')).findByText('全部 2 条已处理')).toBeTruthy();
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.path)).toEqual(['/records/p1/review', '/records/p2/review']);
  });
});
