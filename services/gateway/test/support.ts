import type { UserView } from '@cadre/contracts';

export const TEST_ADMIN_PASSWORD = 'Root-Test-2026x';

export async function login(port: number, username: string, password: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login of ${username} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** Creates a user through the admin API in the root department (or `departmentId`) and returns it. */
export async function createUser(
  port: number,
  adminToken: string,
  fields: { username: string; password: string; roles: string[]; name?: string; departmentId?: string; rankLevel?: string },
): Promise<UserView> {
  const departmentId =
    fields.departmentId ??
    ((await (await fetch(`http://127.0.0.1:${port}/api/v1/departments`, { headers: { authorization: `Bearer ${adminToken}` } })).json()) as { items: { id: string }[] })
      .items[0].id;
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({
      username: fields.username,
      password: fields.password,
      name: fields.name ?? '测试用户',
      staffNo: `T-${fields.username}`.slice(0, 32),
      departmentId,
      roles: fields.roles,
      rankLevel: fields.rankLevel ?? 'section',
      title: '测试',
    }),
  });
  if (response.status !== 201) throw new Error(`creating ${fields.username} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as UserView;
}
