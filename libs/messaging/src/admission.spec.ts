import { AdmissionQueue, Shed, deadlineOf } from './admission';

describe('AdmissionQueue', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    jest.useFakeTimers();
    clock = 1_000_000;
  });
  afterEach(() => jest.useRealTimers());

  /** Advances both the queue's clock and the timers. */
  async function advance(ms: number) {
    clock += ms;
    jest.advanceTimersByTime(ms);
    await Promise.resolve();
  }

  function track(promise: Promise<() => void>) {
    const state: { release?: () => void; shed?: string } = {};
    promise.then((release) => (state.release = release), (error: Shed) => (state.shed = error.reason));
    return state;
  }

  const settle = () => new Promise<void>((resolve) => jest.requireActual<typeof import('timers')>('timers').setImmediate(resolve));

  it('admits up to the concurrency at once and frees a slot on release', async () => {
    const queue = new AdmissionQueue({ maxConcurrency: 2, maxQueue: 0, maxQueueWaitMs: 500 }, now);
    const first = await queue.enter();
    await queue.enter();
    expect(queue.inProgress).toBe(2);
    await expect(queue.enter()).rejects.toEqual(new Shed('queue_full'));
    first();
    first();
    expect(queue.inProgress).toBe(1);
    await expect(queue.enter()).resolves.toEqual(expect.any(Function));
  });

  it('turns away a request whose deadline has already passed', async () => {
    const queue = new AdmissionQueue({ maxConcurrency: 2, maxQueue: 2, maxQueueWaitMs: 500 }, now);
    await expect(queue.enter(clock - 1)).rejects.toMatchObject({ reason: 'expired' });
    expect(queue.inProgress).toBe(0);
  });

  it('runs the newest waiting request first (LIFO)', async () => {
    const queue = new AdmissionQueue({ maxConcurrency: 1, maxQueue: 3, maxQueueWaitMs: 5_000 }, now);
    const running = await queue.enter();
    const waiting = [track(queue.enter()), track(queue.enter()), track(queue.enter())];
    running();
    await settle();
    expect(waiting.map((w) => Boolean(w.release))).toEqual([false, false, true]);
    waiting[2].release!();
    await settle();
    expect(waiting.map((w) => Boolean(w.release))).toEqual([false, true, true]);
  });

  it('when the line is full, turns away the waiting request that gives up first', async () => {
    const queue = new AdmissionQueue({ maxConcurrency: 1, maxQueue: 2, maxQueueWaitMs: 5_000 }, now);
    await queue.enter();
    const oldest = track(queue.enter(clock + 3_000));
    const soonest = track(queue.enter(clock + 1_000));
    const newcomer = track(queue.enter(clock + 3_000));
    await settle();
    expect(soonest.shed).toBe('queue_full');
    expect(oldest.shed).toBeUndefined();
    expect(newcomer.shed).toBeUndefined();
    expect(queue.queued).toBe(2);
  });

  it('answers a waiting request as soon as its deadline or the longest wait passes, never running it', async () => {
    const queue = new AdmissionQueue({ maxConcurrency: 1, maxQueue: 4, maxQueueWaitMs: 500 }, now);
    const running = await queue.enter();
    const byDeadline = track(queue.enter(clock + 200));
    const byWait = track(queue.enter(clock + 10_000));
    await advance(199);
    await settle();
    expect(byDeadline.shed).toBeUndefined();
    await advance(1);
    await settle();
    expect(byDeadline.shed).toBe('queue_timeout');
    await advance(300);
    await settle();
    expect(byWait.shed).toBe('queue_timeout');
    running();
    expect(queue.inProgress).toBe(0);
    expect(queue.queued).toBe(0);
  });
});

describe('deadlineOf', () => {
  const headers = (value?: string) => ({ has: () => value !== undefined, get: () => value ?? '' });
  it('reads epoch milliseconds and ignores anything else', () => {
    expect(deadlineOf(headers('1767225600000'))).toBe(1767225600000);
    expect(deadlineOf(headers('soon'))).toBeUndefined();
    expect(deadlineOf(headers())).toBeUndefined();
    expect(deadlineOf(undefined)).toBeUndefined();
  });
});
