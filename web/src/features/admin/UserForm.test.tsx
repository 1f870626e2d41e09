import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { DepartmentView } from '@cadre/contracts';
import { UserForm } from './UserForm';
import { Providers, stubFetch } from '../../test-utils';

const departments: DepartmentView[] = [{ id: 'root', code: 'HAIKOU', name: '海口市', parentId: null, path: ['root'], version: 1 }];

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

vi.setConfig({ testTimeout: 30_000 });

afterEach(() => vi.unstubAllGlobals());

describe('UserForm (create)', () => {
  it('shows the password policy before anything is sent', async () => {
    const { fn } = stubFetch(() => ({ status: 201, body: {} }));
    render(
      <Providers>
        <UserForm departments={departments} defaults={{ departmentId: 'root' }} onSaved={() => undefined} />
      </Providers>,
    );
    fill('用户名', 'wangwei');
    fill('密码', 'wangwei123');
    fill('姓名', '王伟');
    fill('工号', 'HK-001');
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('密码至少 10 位，须同时包含字母和数字，且不能包含用户名')).toBeTruthy();
    fill('密码', 'short1');
    expect(await screen.findByText('密码至少 10 位，须同时包含字母和数字，且不能包含用户名')).toBeTruthy();
    expect(fn).not.toHaveBeenCalled();
  });

  it('shows the required-field messages', async () => {
    stubFetch(() => undefined);
    render(
      <Providers>
        <UserForm departments={departments} onSaved={() => undefined} />
      </Providers>,
    );
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('请输入密码')).toBeTruthy();
    expect(screen.getByText('请输入姓名')).toBeTruthy();
    expect(screen.getByText('请选择所在部门')).toBeTruthy();
  });

  it('sends the body the API expects and puts its field errors next to the fields', async () => {
    const { calls } = stubFetch(({ method, path }) =>
      method === 'POST' && path === '/users'
        ? {
            status: 400,
            body: {
              type: 'about:blank',
              title: 'Bad Request',
              status: 400,
              detail: 'The request is not valid.',
              errors: [
                { path: 'staffNo', message: 'The staff number HK-001 is already in use.' },
                { path: 'password', message: 'must not contain the username' },
              ],
            },
          }
        : undefined,
    );
    const onSaved = vi.fn();
    render(
      <Providers>
        <UserForm departments={departments} defaults={{ departmentId: 'root' }} onSaved={onSaved} />
      </Providers>,
    );
    fill('用户名', 'wangwei');
    fill('密码', 'Haikou2026Gov');
    fill('姓名', ' 王伟 ');
    fill('工号', 'HK-001');
    fill('职务', '招商科科长');
    // 考核专员 (a department's appraisal officer) is one of the roles offered.
    fireEvent.click(screen.getByRole('checkbox', { name: '考核专员' }));
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('The staff number HK-001 is already in use.')).toBeTruthy();
    expect(screen.getByText('must not contain the username')).toBeTruthy();
    expect(onSaved).not.toHaveBeenCalled();
    expect(calls[0].body).toEqual({
      username: 'wangwei',
      password: 'Haikou2026Gov',
      name: '王伟',
      staffNo: 'HK-001',
      departmentId: 'root',
      roles: ['cadre', 'appraiser'],
      rankLevel: 'staff',
      title: '招商科科长',
    });
    // The error sits in the staff number's Form.Item.
    const staffItem = screen.getByLabelText('工号').closest('.ant-form-item');
    expect(staffItem?.textContent).toContain('already in use');
  });
});

describe('UserForm (edit)', () => {
  it('patches only what changed', async () => {
    const user = { id: 'u1', username: 'wangwei', name: '王伟', staffNo: 'HK-001', departmentId: 'root', departmentPath: ['root'], roles: ['cadre'], rankLevel: 'staff', title: '', postDate: null, active: true, version: 1 };
    const { calls } = stubFetch(({ method }) => (method === 'PATCH' ? { body: { ...user, name: '王大伟' } } : undefined));
    const onSaved = vi.fn();
    render(
      <Providers>
        <UserForm user={user} departments={departments} onSaved={onSaved} />
      </Providers>,
    );
    fill('姓名', '王大伟');
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(calls[0]).toMatchObject({ method: 'PATCH', path: '/users/u1', body: { name: '王大伟' } });
  });
});
