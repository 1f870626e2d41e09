import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { UsersPage } from './UsersPage';
import { Providers, stubFetch } from '../../test-utils';

vi.setConfig({ testTimeout: 30_000 });
afterEach(() => vi.unstubAllGlobals());

const user = (i: number) => ({ id: `u${i}`, username: `user${i}`, name: `用户${i}`, staffNo: `HK-${i}`, departmentId: 'root', departmentPath: ['root'], roles: ['cadre'], rankLevel: 'staff', title: '', postDate: null, active: i % 2 === 0, version: 1 });

describe('UsersPage', () => {
  it('pages and filters on the server', async () => {
    const { calls } = stubFetch(({ method, path }) => {
      if (method === 'GET' && path === '/departments') return { body: { items: [{ id: 'root', code: 'HAIKOU', name: '海口市', parentId: null, path: ['root'], version: 1 }], total: 1 } };
      if (method === 'GET' && path.startsWith('/users?')) {
        const page = Number(new URLSearchParams(path.split('?')[1]).get('page'));
        return { body: { items: Array.from({ length: page === 1 ? 20 : 5 }, (_, i) => user((page - 1) * 20 + i)), total: 25, page, pageSize: 20 } };
      }
      return undefined;
    });
    render(
      <Providers>
        <UsersPage />
      </Providers>,
    );
    const table = await screen.findByTestId('users-table');
    await within(table).findByText('user0');
    expect(within(table).getAllByText('海口市').length).toBeGreaterThan(0);
    expect(calls.find((c) => c.path.startsWith('/users?'))?.path).toBe('/users?page=1&pageSize=20');

    fireEvent.click(screen.getByTitle('2'));
    await within(table).findByText('user24');
    expect(calls.some((c) => c.path === '/users?page=2&pageSize=20')).toBe(true);

    fireEvent.change(screen.getByLabelText('姓名或用户名'), { target: { value: ' 王 ' } });
    fireEvent.click(screen.getByRole('button', { name: /搜\s*索/ }));
    await waitFor(() => expect(calls.some((c) => c.path === '/users?page=1&pageSize=20&q=%E7%8E%8B')).toBe(true));
  });
});
