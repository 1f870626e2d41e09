import { DirectoryCache } from './directory-cache';
import type { UserDocument } from './persistence/directory.schemas';

describe('DirectoryCache', () => {
  const user = (name: string) => ({ _id: 'u1', name }) as unknown as UserDocument;

  it('loads once for requests that miss together', async () => {
    const cache = new DirectoryCache(5_000);
    let loads = 0;
    const load = async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return user('a');
    };
    const answers = await Promise.all(Array.from({ length: 50 }, () => cache.user('u1', load)));
    expect(answers.every((answer) => answer?.name === 'a')).toBe(true);
    expect(loads).toBe(1);
    const lists = await Promise.all(Array.from({ length: 20 }, () => cache.departments(async () => (loads += 1, []))));
    expect(lists).toHaveLength(20);
    expect(loads).toBe(2);
  });

  it('does not keep what a load read before an invalidation', async () => {
    const cache = new DirectoryCache(5_000);
    let release!: () => void;
    const stale = cache.user('u1', () => new Promise((resolve) => (release = () => resolve(user('before')))));
    cache.invalidateUser('u1');
    release();
    expect((await stale)?.name).toBe('before');
    expect((await cache.user('u1', async () => user('after')))?.name).toBe('after');
  });
});
