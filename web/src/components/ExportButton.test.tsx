import { fireEvent, screen, waitFor } from '@testing-library/react';
import { render } from '@testing-library/react';
import { Providers, stubFetch } from '../test-utils';
import { tokenStore } from '../api/client';
import { ExportButton } from './ExportButton';

describe('ExportButton', () => {
  let saved: { name: string; href: string }[];
  beforeEach(() => {
    saved = [];
    tokenStore.set('t-export');
    URL.createObjectURL = vi.fn(() => 'blob:export');
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, href: this.href });
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    tokenStore.set(null);
  });

  const open = async () => {
    fireEvent.click(screen.getByRole('button', { name: /导出/ }));
    return screen.findByText('导出 Excel');
  };

  it('downloads the Excel file of the list with its filters, saved as <name>.xlsx', async () => {
    const { calls } = stubFetch(() => ({ body: 'bytes' }));
    render(
      <Providers>
        <ExportButton path="/tasks" query={{ status: 'open', keyword: undefined }} name="重点任务" />
      </Providers>,
    );
    fireEvent.click(await open());
    await waitFor(() => expect(saved).toEqual([{ name: '重点任务.xlsx', href: 'blob:export' }]));
    expect(calls.map((call) => call.path)).toEqual(['/tasks?status=open&format=xlsx']);
  });

  it('downloads the CSV, saved as <name>.csv', async () => {
    const { calls } = stubFetch(() => ({ body: 'a,b' }));
    render(
      <Providers>
        <ExportButton path="/selection/outcomes" name="选任结果" />
      </Providers>,
    );
    await open();
    fireEvent.click(screen.getByText('导出 CSV'));
    await waitFor(() => expect(saved.map((file) => file.name)).toEqual(['选任结果.csv']));
    expect(calls.map((call) => call.path)).toEqual(['/selection/outcomes?format=csv']);
  });

  it('tells a failed export in Chinese', async () => {
    stubFetch(() => ({ status: 403, body: { type: 'about:blank', title: 'Forbidden', status: 403 } }));
    render(
      <Providers>
        <ExportButton path="/users" name="用户" />
      </Providers>,
    );
    fireEvent.click(await open());
    expect(await screen.findByText('导出失败：您没有权限进行此操作或查看此内容。')).toBeTruthy();
    expect(saved).toEqual([]);
  });
});
