/**
 * The harness's teardown order (`stopThenDrop`, what `startPlatform`'s `stop()` runs): every process has exited
 * before the databases are dropped, also a process slow to stop and one that ignores SIGTERM (killed after
 * `killAfterMs`); when a stop fails nothing is dropped. Real child processes, no services needed.
 */
import { spawn } from 'node:child_process';
import { processHandle, stopThenDrop, isAlive } from '@cadre/testing';

/** A Node process that answers SIGTERM as told: exit at once, after `ms`, or never. */
function child(name: string, onTerm: 'exit' | number | 'ignore') {
  const handler = onTerm === 'exit' ? 'process.exit(0)' : onTerm === 'ignore' ? 'undefined' : `setTimeout(() => process.exit(0), ${onTerm})`;
  const process_ = spawn(process.execPath, ['-e', `process.on('SIGTERM', () => ${handler}); console.log('up'); setInterval(() => undefined, 1000);`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const handle = processHandle(name, process_);
  const up = new Promise<void>((resolve) => process_.stdout.once('data', () => resolve()));
  return { handle, pid: process_.pid as number, up };
}

describe('teardown: processes exit before their databases are dropped', () => {
  const spawned: number[] = [];
  afterAll(() => {
    for (const pid of spawned) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  });

  it('waits for a prompt, a slow and a SIGTERM-deaf process to exit, then drops', async () => {
    const prompt = child('prompt', 'exit');
    const slow = child('slow', 700);
    const deaf = child('deaf', 'ignore');
    spawned.push(prompt.pid, slow.pid, deaf.pid);
    await Promise.all([prompt.up, slow.up, deaf.up]);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const aliveAtDrops: string[][] = [];
    let warnings: unknown[][] = [];
    try {
      await stopThenDrop([prompt.handle, slow.handle, deaf.handle], { killAfterMs: 1_500 }, async () => {
        aliveAtDrops.push([prompt, slow, deaf].filter((c) => isAlive(c.pid)).map((c) => c.handle.name));
      });
    } finally {
      warnings = [...warn.mock.calls];
      warn.mockRestore();
    }
    // Dropped once, with none of them alive.
    expect(aliveAtDrops).toEqual([[]]);
    expect(warnings).toEqual([[expect.stringMatching(/^deaf did not stop within 1\.5 s of SIGTERM; killed/)]]);
  }, 20_000);

  it('drops nothing when a process cannot be stopped', async () => {
    const prompt = child('prompt', 'exit');
    spawned.push(prompt.pid);
    await prompt.up;
    const broken = { name: 'broken', stop: () => Promise.reject(new Error('cannot signal it')), kill: () => Promise.resolve() };
    const drop = jest.fn(async () => undefined);
    await expect(stopThenDrop([prompt.handle, broken], {}, drop)).rejects.toThrow('cannot signal it');
    expect(drop).not.toHaveBeenCalled();
    expect(isAlive(prompt.pid)).toBe(false);
  }, 20_000);
});
