import { pageSchema, userViewSchema } from '@cadre/contracts';
import { matchesSchema } from './response-schemas';

const user = {
  id: 'u-1',
  username: 'wanghaijun',
  name: '王海军',
  staffNo: 'HK-1',
  departmentId: 'd-1',
  departmentPath: ['d-0', 'd-1'],
  roles: ['cadre'],
  rankLevel: 'section',
  title: '科长',
  postDate: null,
  active: true,
  version: 1,
};

describe('matchesSchema', () => {
  it('answers a body that matches its declared schema, as it is', () => {
    const page = { items: [user], total: 1, page: 1, pageSize: 20 };
    expect(matchesSchema(pageSchema(userViewSchema), page)).toBe(page);
  });

  it('fails on a field the contract does not declare, naming it', () => {
    expect(() => matchesSchema(userViewSchema, { ...user, passwordHash: 'x' }, 'GET /users/u-1')).toThrow(/GET \/users\/u-1 does not match[\s\S]*passwordHash/);
  });

  it('fails on a missing or mistyped field, deep inside, naming its path', () => {
    const missing: Partial<typeof user> = { ...user };
    delete missing.version;
    expect(() => matchesSchema(userViewSchema, missing)).toThrow(/version/);
    expect(() => matchesSchema(pageSchema(userViewSchema), { items: [{ ...user, active: 'yes' }], total: 1, page: 1, pageSize: 20 })).toThrow(/items\.0\.active/);
    expect(() => matchesSchema(userViewSchema, { ...user, postDate: '2026/01/01' })).toThrow(/postDate/);
  });
});
