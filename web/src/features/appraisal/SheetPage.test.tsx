import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { AppraisalView } from '@cadre/contracts';
import { chooseExport, EMPTY_PAGE, renderPage, stubApi, stubSavedFiles, userView } from '../../test-utils';
import { ReviewPage, SheetPage } from './SheetPage';
import { appraisal, cycle, department, sheet } from './testing';

vi.setConfig({ testTimeout: 40_000 });

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const returned = appraisal({
  cadreId: 'c-ret',
  name: '赵敏',
  grade: 'competent',
  gradeLabel: '称职',
  comment: '工作踏实',
  status: 'returned',
  statusLabel: '已退回',
  version: 2,
  history: [
    { at: '2026-12-02T02:00:00.000Z', action: 'grade', actionLabel: '评定', by: { id: 'u-app', name: '考核专员甲' }, grade: 'competent', comment: '工作踏实' },
    { at: '2026-12-02T06:30:00.000Z', action: 'return', actionLabel: '退回', by: { id: 'u-ass', name: '研判员乙' }, grade: null, comment: '评语过于简单，请补充实绩' },
  ],
});
const pending = appraisal({ cadreId: 'c-new', name: '王海军' });
const submittedTop = appraisal({ cadreId: 'c-top', name: '李强', grade: 'excellent', gradeLabel: '优秀', comment: '实绩突出', status: 'submitted', statusLabel: '待审核', version: 1 });
const confirmed = appraisal({ cadreId: 'c-ok', name: '孙丽', grade: 'competent', gradeLabel: '称职', comment: '称职', status: 'confirmed', statusLabel: '已确认', version: 3 });

/** The API of one cycle with the sheet `items` (the quota: used / max of 优秀). */
function sheetApi(items: AppraisalView[], quota: { used: number; max: number }, write?: (method: string, path: string, body: unknown) => { status?: number; body?: unknown } | undefined) {
  const dept = department({ topGrade: { grade: 'excellent', ...quota } });
  return (method: string, path: string, body: unknown) => {
    const url = new URL(path, 'http://localhost');
    if (method === 'GET' && url.pathname === '/appraisal/cycles') return { body: { items: [cycle({ departments: [dept] })], total: 1, page: 1, pageSize: 100 } };
    if (method === 'GET' && url.pathname === '/appraisal/cycles/cy-1') return { body: cycle({ departments: [dept] }) };
    if (method === 'GET' && url.pathname === '/appraisal/cycles/cy-1/sheet') {
      if (url.searchParams.get('format')) return { body: '姓名,职务\n' };
      return { body: sheet(items, { department: dept }) };
    }
    return write?.(method, url.pathname, body);
  };
}

function row(name: string): HTMLElement {
  return screen.getByText(name).closest('tr') as HTMLElement;
}

async function choose(testId: string, label: string) {
  const select = screen.getByTestId(testId);
  fireEvent.mouseDown(within(select).getByRole('combobox'));
  const options = await screen.findAllByTitle(label);
  fireEvent.click(options[options.length - 1]!);
}

describe('评定表 (appraiser)', () => {
  it('enters a grade with a comment per row, shows the quota and the returned row with its reason, and exports it as Excel under the department’s name', async () => {
    const calls = stubApi(
      userView({ id: 'u-app', roles: ['appraiser'] }),
      sheetApi([returned, pending, confirmed], { used: 1, max: 2 }, (method, path) => (method === 'PUT' && path.startsWith('/appraisal/cycles/cy-1/grades/') ? { body: pending } : undefined)),
    );
    const saved = stubSavedFiles();
    renderPage(<SheetPage />);
    expect(await screen.findByText('王海军')).toBeTruthy();
    expect(screen.getByTestId('quota-meter').textContent).toContain('优秀：已用 1 / 上限 2');
    // The returned row stands out and says why.
    expect(row('赵敏').style.background).not.toBe('');
    expect(screen.getByTestId('return-reason-c-ret').textContent).toBe('退回理由：评语过于简单，请补充实绩');
    expect(within(row('赵敏')).getByRole('button', { name: '修改提交' })).toBeTruthy();
    // A confirmed grade is not editable.
    expect(within(row('孙丽')).queryByRole('button', { name: /提交/ })).toBeNull();

    await choose('grade-c-new', '优秀');
    fireEvent.change(screen.getByTestId('comment-c-new'), { target: { value: '  实绩突出，群众公认  ' } });
    fireEvent.click(screen.getByTestId('submit-c-new'));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe('/appraisal/cycles/cy-1/grades/c-new');
    expect(put.body).toEqual({ grade: 'excellent', comment: '实绩突出，群众公认', version: 0 });

    await chooseExport('xlsx');
    await waitFor(() => expect(saved).toEqual(['评定表-龙华区.xlsx']));
    expect(calls.filter((c) => c.url.searchParams.has('format')).map((c) => c.path)).toEqual(['/appraisal/cycles/cy-1/sheet?departmentId=d-longhua&format=xlsx']);

    // The history drawer lists each step with who and when (Beijing time).
    fireEvent.click(screen.getByTestId('history-c-ret'));
    const entries = await screen.findAllByTestId('history-entry');
    expect(entries).toHaveLength(2);
    expect(entries[1]!.textContent).toContain('研判员乙 · 2026-12-02 14:30');
  });

  it('refuses the best grade past the quota before asking the API', async () => {
    const calls = stubApi(userView({ id: 'u-app', roles: ['appraiser'] }), sheetApi([submittedTop, pending], { used: 1, max: 1 }));
    renderPage(<SheetPage />);
    expect(await screen.findByText('王海军')).toBeTruthy();
    expect(screen.getByTestId('quota-meter').textContent).toContain('已用 1 / 上限 1');
    // 优秀 is offered disabled to a cadre who does not hold it; the one who holds it may keep it.
    fireEvent.mouseDown(within(screen.getByTestId('grade-c-new')).getByRole('combobox'));
    const option = (await screen.findAllByTitle('优秀')).at(-1)!;
    expect(option.className).toContain('ant-select-item-option-disabled');
    fireEvent.change(screen.getByTestId('comment-c-top'), { target: { value: '实绩突出，修改评语' } });
    fireEvent.click(screen.getByTestId('submit-c-top'));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT' && c.path.endsWith('/c-top'))).toBe(true));
    expect(calls.some((c) => c.method === 'PUT' && c.path.endsWith('/c-new'))).toBe(false);
  });

  it('is read-only for a reviewer', async () => {
    stubApi(userView({ id: 'u-rev', roles: ['reviewer'] }), sheetApi([pending, returned], { used: 0, max: 2 }));
    renderPage(<SheetPage />);
    expect(await screen.findByText('只读：您可以查看本单位的评定情况')).toBeTruthy();
    expect(screen.queryByTestId('grade-c-new')).toBeNull();
    expect(screen.queryByRole('button', { name: '提交' })).toBeNull();
  });

  it('says so when there is no cycle', async () => {
    stubApi(userView({ roles: ['appraiser'] }), (method, path) => (path.startsWith('/appraisal/cycles?') ? EMPTY_PAGE : undefined));
    renderPage(<SheetPage />);
    expect(await screen.findByText('暂无可查看的考核')).toBeTruthy();
  });
});

describe('审核 (assessor)', () => {
  it('confirms a row, returns one only with a reason, and confirms all submitted', async () => {
    const second = appraisal({ ...submittedTop, cadreId: 'c-two', id: 'cy-1:c-two', name: '周杰', grade: 'competent', gradeLabel: '称职', version: 4 });
    const calls = stubApi(
      userView({ id: 'u-ass', roles: ['assessor'] }),
      sheetApi([submittedTop, second, pending, confirmed], { used: 1, max: 2 }, (method, path) => (method === 'POST' && path.endsWith('/review') ? { body: submittedTop } : undefined)),
    );
    renderPage(<ReviewPage />, { url: '/?cycleId=cy-1&departmentId=d-longhua' });
    expect(await screen.findByText('李强')).toBeTruthy();
    expect(screen.queryByTestId('grade-c-new')).toBeNull();

    fireEvent.click(screen.getByTestId('confirm-c-top'));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ decision: 'confirm', comment: '', version: 1 });

    // A return needs its reason.
    fireEvent.click(screen.getByTestId('return-c-ok'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: '退 回' }));
    expect(await within(dialog).findByText('请填写退回理由')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: '等次与实绩不符' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '退 回' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2));
    const back = calls.filter((c) => c.method === 'POST')[1]!;
    expect(back.path).toBe('/appraisal/cycles/cy-1/grades/c-ok/review');
    expect(back.body).toEqual({ decision: 'return', comment: '等次与实绩不符', version: 3 });

    fireEvent.click(await screen.findByTestId('confirm-all'));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(4));
    expect(calls.filter((c) => c.method === 'POST').slice(2).map((c) => c.path)).toEqual(['/appraisal/cycles/cy-1/grades/c-top/review', '/appraisal/cycles/cy-1/grades/c-two/review']);
  });
});
