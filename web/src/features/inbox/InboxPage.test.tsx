import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { chooseExport, renderPage, stubApi, stubSavedFiles, userView } from '../../test-utils';
import { InboxPage } from './InboxPage';
import { inboxItem, inboxView } from './testing';

vi.setConfig({ testTimeout: 40_000 });

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const items = Array.from({ length: 20 }, (_, i) => inboxItem({ id: `record_review:r${i}`, title: `纪实 ${i + 1}`, subject: { type: 'record', id: `r${i}` }, link: `/records/r${i}`, overdue: i < 3 }));

describe('待办 page', () => {
  it('pages the whole inbox, filters by kind and exports the chosen kind as CSV or Excel', async () => {
    const calls = stubApi(userView({ roles: ['reviewer', 'assessor'] }), (method, path) => {
      const url = new URL(path, 'http://localhost');
      if (url.pathname !== '/inbox') return undefined;
      if (url.searchParams.get('format')) return { body: '类型,事项\n' };
      const kind = url.searchParams.get('kind');
      if (kind === 'record_assess') return { body: inboxView([inboxItem({ id: 'record_assess:r99', kind: 'record_assess', kindLabel: '待研判', title: '待研判的纪实' })], { record_review: 25, record_assess: 1 }, { total: 1, overdue: 0 }) };
      return { body: inboxView(items, { record_review: 25, record_assess: 1 }, { total: 26, overdue: 3 }) };
    });
    const saved = stubSavedFiles();
    renderPage(<InboxPage />);
    expect(await screen.findByText('共 26 项待办')).toBeTruthy();
    expect(screen.getByText('已超期 3 项')).toBeTruthy();
    expect(screen.getAllByTestId('inbox-item')).toHaveLength(20);
    // The second page asks from offset 20.
    fireEvent.click(screen.getByTitle('2'));
    await waitFor(() => expect(calls.some((c) => c.url.pathname === '/api/v1/inbox' && c.url.searchParams.get('offset') === '20')).toBe(true));
    fireEvent.click(within(screen.getByTestId('kind-record_assess')).getByText('待研判'));
    expect(await screen.findByText('待研判的纪实')).toBeTruthy();
    const last = calls.filter((c) => c.url.pathname === '/api/v1/inbox').at(-1)!;
    expect(last.url.searchParams.get('kind')).toBe('record_assess');
    expect(last.url.searchParams.get('offset')).toBe('0');
    const exports = () => calls.filter((c) => c.url.searchParams.has('format')).map((c) => c.path);
    await chooseExport('csv');
    await waitFor(() => expect(saved).toEqual(['待办事项.csv']));
    expect(exports()).toEqual(['/inbox?kind=record_assess&format=csv']);
    await chooseExport('xlsx');
    await waitFor(() => expect(saved).toEqual(['待办事项.csv', '待办事项.xlsx']));
    expect(exports().at(-1)).toMatch(/format=xlsx$/);
  });
});
