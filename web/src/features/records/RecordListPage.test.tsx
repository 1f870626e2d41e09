import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { RecordListPage } from './RecordListPage';
import { RecordsScope } from './shared';
import { chooseExport, renderPage, stubSavedFiles } from '../../test-utils';
import { COLLEAGUE, evidenceFile, legacyEvidence, record, stubApi, user } from './testing';
import { pickPerson } from '../../components/people/testing';
import { stubObjectUrls } from '../../components/files/testing';

vi.setConfig({ testTimeout: 30_000 });

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const reviewer = user({ id: 'u-reviewer', name: '李审核', roles: ['reviewer'] });
const assessor = user({ id: 'u-assessor', name: '张研判', roles: ['assessor'], departmentId: 'd-org', departmentPath: ['d-city', 'd-org'] });

describe('审核队列 (review queue)', () => {
  it('asks the API for submitted records of the subtree, shows the duplicate-evidence flag, and requires a comment to return', async () => {
    const flagged = record({ id: 'r2', status: 'submitted', title: '重复佐证的纪实', duplicateEvidence: true, duplicateOf: ['r9'] });
    const calls = stubApi(reviewer, (method, path) => {
      if (method === 'GET' && path.startsWith('/records?')) return { status: 200, body: { items: [flagged], total: 41, page: 1, pageSize: 20 } };
      if (method === 'POST' && path === '/records/r2/review') return { status: 200, body: { ...flagged, status: 'draft' } };
      return undefined;
    });
    renderPage(<RecordsScope><RecordListPage mode="review" /></RecordsScope>, { pattern: '/records/review', url: '/records/review' });
    const table = await screen.findByTestId('review-queue-table');
    await within(table).findByText('重复佐证的纪实');
    expect(within(table).getByTestId('duplicate-flag').textContent).toContain('疑似重复');
    const query = new URLSearchParams(calls.find((call) => call.path.startsWith('/records?'))?.path.split('?')[1]);
    expect(query.get('status')).toBe('submitted');
    expect(query.get('departmentId')).toBe('d-longhua');
    expect(query.get('page')).toBe('1');

    fireEvent.click(within(table).getByRole('button', { name: '退回修改 重复佐证的纪实' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: /确定/ }));
    expect(await within(dialog).findByText('退回或驳回时请填写意见')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('意见'), { target: { value: '请补充签约协议' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /确定/ }));
    await waitFor(() => expect(calls.find((call) => call.path === '/records/r2/review')?.body).toEqual({ decision: 'return', comment: '请补充签约协议' }));
  });
});

describe('审核队列: shares must be confirmed first', () => {
  it('marks a record whose shares are not all confirmed and disables its approval', async () => {
    const unsettled = record({
      id: 'r4',
      status: 'submitted',
      title: '份额待确认的纪实',
      participants: [
        { userId: 'u-cadre', name: '王海军', role: 'lead', share: 60, confirmation: 'confirmed', comment: '' },
        { userId: 'u-colleague', name: '陈同事', role: 'member', share: 40, confirmation: 'pending', comment: '' },
      ],
    });
    stubApi(reviewer, (method, path) => (method === 'GET' && path.startsWith('/records?') ? { status: 200, body: { items: [unsettled], total: 1, page: 1, pageSize: 20 } } : undefined));
    renderPage(<RecordsScope><RecordListPage mode="review" /></RecordsScope>, { pattern: '/records/review', url: '/records/review' });
    const table = await screen.findByTestId('review-queue-table');
    expect(await within(table).findByText('份额待确认')).toBeTruthy();
    expect((within(table).getByRole('button', { name: '审核通过 份额待确认的纪实' }) as HTMLButtonElement).disabled).toBe(true);
    expect((within(table).getByRole('button', { name: '退回修改 份额待确认的纪实' }) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('研判认定 (assessment queue)', () => {
  it('confirms with a rating and the confirmed impact level', async () => {
    const reviewed = record({ id: 'r3', status: 'reviewed', title: '待研判纪实', impactLevel: 'city' });
    const calls = stubApi(assessor, (method, path) => {
      if (method === 'GET' && path.startsWith('/records?')) return { status: 200, body: { items: [reviewed], total: 1, page: 1, pageSize: 20 } };
      if (method === 'POST' && path === '/records/r3/assess') return { status: 200, body: { ...reviewed, status: 'verified' } };
      return undefined;
    });
    renderPage(<RecordsScope><RecordListPage mode="assess" /></RecordsScope>, { pattern: '/records/assess', url: '/records/assess' });
    const table = await screen.findByTestId('assess-queue-table');
    fireEvent.click(await within(table).findByRole('button', { name: '认定 待研判纪实' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: /确定/ }));
    expect(await within(dialog).findByText('请选择研判等级')).toBeTruthy();
    fireEvent.mouseDown(within(dialog).getByLabelText('研判等级'));
    const options = await screen.findAllByTitle('良好');
    fireEvent.click(options[options.length - 1]);
    fireEvent.click(within(dialog).getByRole('button', { name: /确定/ }));
    await waitFor(() => expect(calls.find((call) => call.path === '/records/r3/assess')?.body).toEqual({ decision: 'confirm', rating: 'good', impactLevel: 'city', comment: '' }));
    const query = new URLSearchParams(calls.find((call) => call.path.startsWith('/records?'))?.path.split('?')[1]);
    expect(query.get('status')).toBe('reviewed');
  });
});

describe('evidence in the queues', () => {
  it('lets the reviewer open a PDF from the queue and, while deciding, from the review dialog', async () => {
    const filed = record({ id: 'r5', status: 'submitted', title: '有原件的纪实', evidence: [evidenceFile(), legacyEvidence()] });
    stubApi(reviewer, (method, path) => {
      if (method === 'GET' && path.startsWith('/records?')) return { status: 200, body: { items: [filed], total: 1, page: 1, pageSize: 20 } };
      if (method === 'GET' && path === '/files/f-pdf') return { status: 200, body: '%PDF-1.4' };
      return undefined;
    });
    stubObjectUrls();
    renderPage(<RecordsScope><RecordListPage mode="review" /></RecordsScope>, { pattern: '/records/review', url: '/records/review' });
    const table = await screen.findByTestId('review-queue-table');
    expect(await within(table).findByText('未上传原件')).toBeTruthy();
    fireEvent.click(within(table).getByRole('button', { name: '预览 招商合同.pdf' }));
    const preview = await screen.findByRole('dialog');
    expect(within(preview).getByTitle('PDF 预览：招商合同.pdf').getAttribute('src')).toBe('blob:file-1');
    fireEvent.click(within(preview).getByRole('button', { name: /关\s*闭/ }));
    await waitFor(() => expect(screen.queryByTitle('PDF 预览：招商合同.pdf')).toBeNull());

    fireEvent.click(within(table).getByRole('button', { name: '审核通过 有原件的纪实' }));
    const decision = await screen.findByRole('dialog');
    expect(within(decision).getByText('审核：有原件的纪实')).toBeTruthy();
    const evidence = within(decision).getByTestId('decision-evidence');
    expect(within(evidence).getAllByTestId('file-item')).toHaveLength(2);
    fireEvent.click(within(evidence).getByRole('button', { name: '预览 招商合同.pdf' }));
    expect(await screen.findByTitle('PDF 预览：招商合同.pdf')).toBeTruthy();
  });
});

describe('searching the queues and 我的纪实', () => {
  it('sends the keyword on Enter (not per keystroke), the picked filer as cadreId, the period as from/to, and sorts by title', async () => {
    const calls = stubApi(reviewer, (method, path) =>
      method === 'GET' && path.startsWith('/records?') ? { body: { items: [record({ id: 's1', status: 'submitted', title: '招商纪实' })], total: 1, page: 1, pageSize: 20 } } : undefined,
    );
    renderPage(<RecordsScope><RecordListPage mode="review" /></RecordsScope>, { pattern: '/records/review', url: '/records/review' });
    const table = await screen.findByTestId('review-queue-table');
    await within(table).findByText('招商纪实');
    const queries = () => calls.filter((call) => call.path.startsWith('/records?')).map((call) => new URLSearchParams(call.path.split('?')[1]));
    const before = queries().length;

    const keyword = screen.getByRole('searchbox', { name: '关键词' });
    fireEvent.change(keyword, { target: { value: 'a.*( 招商' } });
    expect(queries()).toHaveLength(before);
    fireEvent.keyDown(keyword, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(queries().at(-1)?.get('q')).toBe('a.*( 招商'));

    await pickPerson('填报人', '陈', COLLEAGUE);
    await waitFor(() => expect(queries().at(-1)?.get('cadreId')).toBe('u-colleague'));
    expect(queries().at(-1)?.get('q')).toBe('a.*( 招商');
    expect(queries().at(-1)?.get('departmentId')).toBe('d-longhua');

    fireEvent.click(within(table).getAllByText('标题')[0]);
    await waitFor(() => expect(queries().at(-1)?.get('sort')).toBe('title'));

    // The period: a DatePicker range, sent as from/to.
    const [start, end] = [...document.querySelectorAll<HTMLInputElement>('.ant-picker-range input')];
    fireEvent.mouseDown(start);
    fireEvent.focus(start);
    fireEvent.change(start, { target: { value: '2026-01-01' } });
    fireEvent.keyDown(start, { key: 'Enter', code: 'Enter', keyCode: 13 });
    fireEvent.focus(end);
    fireEvent.change(end, { target: { value: '2026-06-30' } });
    fireEvent.keyDown(end, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect([queries().at(-1)?.get('from'), queries().at(-1)?.get('to')]).toEqual(['2026-01-01', '2026-06-30']));
  });

  it('exports a queue as it is filtered (every row, no page) and 我的纪实 as it is listed', async () => {
    const rows = { items: [record({ id: 's1', status: 'submitted', title: '招商纪实' })], total: 1, page: 1, pageSize: 20 };
    const calls = stubApi(reviewer, (method, path) => (method === 'GET' && path.startsWith('/records?') ? { body: rows } : undefined));
    const saved = stubSavedFiles();
    const exports = () => calls.filter((call) => call.url.searchParams.has('format'));
    const { unmount } = renderPage(<RecordsScope><RecordListPage mode="review" /></RecordsScope>, { pattern: '/records/review', url: '/records/review' });
    await within(await screen.findByTestId('review-queue-table')).findByText('招商纪实');
    const keyword = screen.getByRole('searchbox', { name: '关键词' });
    fireEvent.change(keyword, { target: { value: '招商' } });
    fireEvent.keyDown(keyword, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(calls.some((call) => call.url.searchParams.get('q') === '招商')).toBe(true));

    await chooseExport('xlsx');
    await waitFor(() => expect(saved).toEqual(['待审核纪实.xlsx']));
    const [queue, ...more] = exports();
    expect(more).toEqual([]);
    expect(queue?.path).toMatch(/format=xlsx$/);
    expect(Object.fromEntries(queue?.url.searchParams ?? [])).toEqual({ sort: 'createdAt', q: '招商', status: 'submitted', departmentId: 'd-longhua', format: 'xlsx' });
    unmount();

    renderPage(<RecordsScope><RecordListPage mode="mine" /></RecordsScope>, { pattern: '/records', url: '/records' });
    await within(await screen.findByTestId('records-table')).findByText('招商纪实');
    await chooseExport('csv');
    await waitFor(() => expect(saved).toEqual(['待审核纪实.xlsx', '纪实.csv']));
    expect(exports().at(-1)?.path).toBe('/records?sort=-updatedAt&cadreId=u-reviewer&format=csv');
  });

  it('says in words when nothing matches, and what to do', async () => {
    stubApi(user(), (method, path) => (method === 'GET' && path.startsWith('/records?') ? { body: { items: [], total: 0, page: 1, pageSize: 20 } } : undefined));
    renderPage(<RecordsScope><RecordListPage mode="mine" /></RecordsScope>, { pattern: '/records', url: '/records' });
    expect(await screen.findByText('暂无纪实。点击“填报纪实”记录您的履职情况，或调整上方筛选条件。')).toBeTruthy();
  });
});
