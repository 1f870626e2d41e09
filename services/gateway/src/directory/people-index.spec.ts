import { createEnvelope, DIRECTORY_EVENTS, type DepartmentView, type UserUpsertedV1 } from '@cadre/contracts';
import { DirectoryCache } from './directory-cache';
import { PeopleIndex, directoryChangeOf, personRowOf, type PersonRow, type StoredPersonRow } from './people-index';
import { PeopleIndexSync, peopleIndexTtlMs } from './people-index.sync';

const stored = (id: string, name: string, path: string[], fields: Partial<StoredPersonRow> = {}): StoredPersonRow => ({
  _id: id,
  name,
  departmentId: path[path.length - 1],
  departmentPath: path,
  title: '科员',
  rankLevel: 'section',
  active: true,
  version: 1,
  ...fields,
});
const row = (id: string, name: string, path: string[], fields: Partial<PersonRow> = {}) => ({ ...personRowOf(stored(id, name, path)), ...fields });
const ids = (rows: PersonRow[]) => rows.map((r) => r._id);
const userEvent = (data: Partial<UserUpsertedV1>) =>
  createEnvelope(DIRECTORY_EVENTS.userUpserted, 'gateway', { username: 'u', staffNo: 's', roles: ['cadre'], title: '科员', rankLevel: 'section', active: true, version: 2, ...data });

describe('the people index', () => {
  const city = 'c';
  const longhua = 'l';
  const meilan = 'm';
  let reads: number;
  let index: PeopleIndex;
  let table: StoredPersonRow[];
  beforeEach(() => {
    reads = 0;
    table = [
      stored('a', '王海军', [city, longhua]),
      stored('b', '王海军', [city, meilan], { pinyinInitials: undefined, pinyinFull: undefined }),
      stored('h', '黄海军', [city, meilan]),
      stored('x', '王海', [city], { active: false }),
    ];
    index = new PeopleIndex(async () => {
      reads += 1;
      return table.map((r) => ({ ...r }));
    }, 60_000);
  });

  it('searches by today’s rules (rankPeople): active users only, keys computed for rows without them, subtree, limit', async () => {
    expect(ids(await index.search('whj', undefined, 10))).toEqual(['a', 'b']);
    expect(ids(await index.search('海军', undefined, 10))).toEqual(['h', 'a', 'b']);
    expect(ids(await index.search('海军', meilan, 10))).toEqual(['h', 'b']);
    expect(ids(await index.search('', longhua, 10))).toEqual(['a']);
    expect(await index.search('海军', undefined, 1)).toHaveLength(1);
    expect(await index.search('.*', undefined, 10)).toEqual([]);
    expect(reads).toBe(1);
  });

  it('loads once for searches that come together', async () => {
    await Promise.all([index.search('w', undefined, 10), index.search('wh', undefined, 10), index.search('whj', undefined, 10)]);
    expect(reads).toBe(1);
  });

  it('applies a rename, a deactivation and a move at once, and never an older version over a newer one', async () => {
    await index.search('', undefined, 10);
    index.apply(row('a', '李海军', [city, longhua], { version: 2 }));
    expect(ids(await index.search('whj', undefined, 10))).toEqual(['b']);
    expect(ids(await index.search('lhj', undefined, 10))).toEqual(['a']);
    index.apply(row('b', '王海军', [city, meilan], { version: 2, active: false }));
    expect(await index.search('whj', undefined, 10)).toEqual([]);
    index.apply(row('h', '黄海军', [city, longhua], { departmentId: longhua, version: 2 }));
    expect(ids(await index.search('海军', longhua, 10))).toEqual(['h', 'a']);
    expect(ids(await index.search('海军', meilan, 10))).toEqual([]);
    // The old version arriving late (another replica's event) changes nothing.
    index.apply(row('a', '王海军', [city, longhua], { version: 1 }));
    expect(ids(await index.search('lhj', undefined, 10))).toEqual(['a']);
    // A new user; a deactivated one coming back.
    index.apply(row('n', '王海军', [city], { version: 1 }));
    index.apply(row('x', '王海', [city], { version: 2 }));
    expect(ids(await index.search('wh', undefined, 10))).toEqual(['x', 'n']);
    expect(reads).toBe(1);
  });

  it('rebases the rows below a moved department at once', async () => {
    await index.search('', undefined, 10);
    const district = 'd';
    index.applyDepartment({ departmentId: meilan, path: [city, district, meilan] });
    expect(ids(await index.search('海军', district, 10))).toEqual(['h', 'b']);
    expect(ids(await index.search('海军', meilan, 10))).toEqual(['h', 'b']);
    expect(ids(await index.search('海军', longhua, 10))).toEqual(['a']);
  });

  it('keeps what was applied during a load when the load read an older version', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = new PeopleIndex(async () => {
      const read = table.map((r) => ({ ...r }));
      await gate;
      return read;
    }, 60_000);
    const first = slow.search('lhj', undefined, 10);
    slow.apply(row('a', '李海军', [city, longhua], { version: 2 }));
    release();
    expect(ids(await first)).toEqual(['a']);
    expect(ids(await slow.search('whj', undefined, 10))).toEqual(['b']);
  });

  it('reads everything again after the TTL, in the background, answering from what it holds meanwhile', async () => {
    let now = 0;
    let gate: Promise<void> = Promise.resolve();
    const timed = new PeopleIndex(async () => {
      reads += 1;
      const read = table.map((r) => ({ ...r }));
      await gate;
      return read;
    }, 1_000, undefined, () => now);
    await timed.search('', undefined, 10);
    table.push(stored('z', '赵海军', [city]));
    now = 999;
    expect(ids(await timed.search('zhj', undefined, 10))).toEqual([]);
    expect(reads).toBe(1);
    let release!: () => void;
    gate = new Promise<void>((resolve) => (release = resolve));
    now = 1_000;
    // Stale: the search answers at once from what is held, the read again runs behind it (once).
    expect(ids(await timed.search('zhj', undefined, 10))).toEqual([]);
    expect(ids(await timed.search('zhj', undefined, 10))).toEqual([]);
    expect(reads).toBe(2);
    release();
    await timed.reload();
    expect(ids(await timed.search('zhj', undefined, 10))).toEqual(['z']);
    expect(reads).toBe(2);
  });
});

describe('what the index takes from directory.>', () => {
  it('a user upserted becomes a row with its search keys; anything else is ignored', () => {
    const change = directoryChangeOf(DIRECTORY_EVENTS.userUpserted, userEvent({ userId: 'u1', name: '吕小明', departmentId: 'm', departmentPath: ['c', 'm'] }));
    expect(change).toEqual({ kind: 'user', row: { _id: 'u1', name: '吕小明', pinyinInitials: 'lxm', pinyinFull: 'lvxiaoming', departmentId: 'm', departmentPath: ['c', 'm'], title: '科员', rankLevel: 'section', active: true, version: 2 } });
    expect(directoryChangeOf(DIRECTORY_EVENTS.userUpserted, userEvent({ userId: 'u1', name: '吕小明' }))).toBeNull();
    expect(directoryChangeOf(DIRECTORY_EVENTS.userUpserted, { data: null })).toBeNull();
    expect(directoryChangeOf('directory.other', userEvent({ userId: 'u1', name: '甲', departmentId: 'm', departmentPath: ['m'] }))).toBeNull();
    expect(directoryChangeOf(DIRECTORY_EVENTS.departmentUpserted, createEnvelope('x', 'gateway', { departmentId: 'd', path: ['c', 'e'] }))).toBeNull();
  });

  it('a department upserted (renamed elsewhere) makes the department names be read again and rebases its subtree', async () => {
    const index = new PeopleIndex(async () => [stored('a', '王海军', ['c', 'm'])], 60_000);
    await index.search('', undefined, 10);
    const cache = new DirectoryCache(60_000);
    let names = '美兰区';
    let loads = 0;
    const list = () => cache.departments(async () => ((loads += 1), [{ id: 'm', name: names } as DepartmentView]));
    expect((await list())[0].name).toBe('美兰区');
    const sync = new PeopleIndexSync(index, cache, {} as never);
    names = '美兰新区';
    sync.received(DIRECTORY_EVENTS.departmentUpserted, createEnvelope(DIRECTORY_EVENTS.departmentUpserted, 'gateway', { departmentId: 'm', code: 'M', name: names, parentId: 'd', path: ['c', 'd', 'm'], version: 2 }));
    expect((await list())[0].name).toBe('美兰新区');
    expect(loads).toBe(2);
    expect(ids(await index.search('', 'd', 10))).toEqual(['a']);
  });

  it('PEOPLE_INDEX_TTL_MS: 60 s unless set, a positive integer', () => {
    expect(peopleIndexTtlMs({})).toBe(60_000);
    expect(peopleIndexTtlMs({ PEOPLE_INDEX_TTL_MS: '500' })).toBe(500);
    expect(() => peopleIndexTtlMs({ PEOPLE_INDEX_TTL_MS: '0' })).toThrow(/PEOPLE_INDEX_TTL_MS/);
    expect(() => peopleIndexTtlMs({ PEOPLE_INDEX_TTL_MS: 'soon' })).toThrow(/PEOPLE_INDEX_TTL_MS/);
  });
});
