import { DocumentLocks } from './document-locks';

describe('DocumentLocks', () => {
  it('runs work on one document one at a time, in order, and other documents in parallel', async () => {
    const locks = new DocumentLocks();
    const log: string[] = [];
    const step = (name: string, ms: number) => async () => {
      log.push(`${name}:start`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`${name}:end`);
      return name;
    };
    const results = await Promise.all([locks.run('c', 1, step('a', 30)), locks.run('c', 1, step('b', 1)), locks.run('c', 2, step('x', 5))]);
    expect(results).toEqual(['a', 'b', 'x']);
    expect(log.indexOf('a:end')).toBeLessThan(log.indexOf('b:start'));
    expect(log.indexOf('x:start')).toBeLessThan(log.indexOf('a:end'));
  });

  it('keeps going after a failure', async () => {
    const locks = new DocumentLocks();
    await expect(locks.run('c', 1, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(locks.run('c', 1, async () => 'next')).resolves.toBe('next');
  });
});
