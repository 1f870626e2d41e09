/** Why a request was turned away instead of being run. */
export type ShedReason = 'expired' | 'queue_full' | 'queue_timeout';

export class Shed extends Error {
  constructor(readonly reason: ShedReason) {
    super(`request shed: ${reason}`);
    this.name = 'Shed';
  }
}

export interface AdmissionLimits {
  /** Requests in progress at once. */
  maxConcurrency: number;
  /** Requests waiting for a slot; beyond it the oldest waiting one is turned away. */
  maxQueue: number;
  /** The longest a request waits for a slot, whatever its deadline. */
  maxQueueWaitMs: number;
}

interface Waiter {
  giveUpAt: number;
  admit: (release: () => void) => void;
  shed: (reason: ShedReason) => void;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Bounded concurrency with a bounded waiting line, LIFO: under overload the newest request (whose caller waits
 * longest still) runs first, and the oldest (whose caller gives up first) is the one turned away. A waiting request
 * leaves the line when its deadline or the longest wait passes, so nobody is answered late instead of at once.
 */
export class AdmissionQueue {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly now: () => number = Date.now,
  ) {}

  get inProgress(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with the function that frees the slot once the request is admitted; rejects with a Shed otherwise. */
  enter(deadline?: number): Promise<() => void> {
    const now = this.now();
    if (deadline !== undefined && deadline <= now) return Promise.reject(new Shed('expired'));
    if (this.running < this.limits.maxConcurrency) return Promise.resolve(this.take());
    if (this.limits.maxQueue <= 0) return Promise.reject(new Shed('queue_full'));
    if (this.waiting.length >= this.limits.maxQueue) this.remove(this.oldest(), 'queue_full');
    return new Promise((admit, shed) => {
      const giveUpAt = Math.min(deadline ?? Infinity, now + this.limits.maxQueueWaitMs);
      const waiter: Waiter = { giveUpAt, admit, shed: (reason) => shed(new Shed(reason)) };
      waiter.timer = setTimeout(() => this.remove(waiter, 'queue_timeout'), Math.max(0, giveUpAt - now));
      this.waiting.push(waiter);
    });
  }

  private take(): () => void {
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.next();
    };
  }

  private next(): void {
    let waiter: Waiter | undefined;
    while (this.running < this.limits.maxConcurrency && (waiter = this.waiting.pop())) {
      clearTimeout(waiter.timer);
      if (waiter.giveUpAt <= this.now()) waiter.shed('queue_timeout');
      else waiter.admit(this.take());
    }
  }

  /** The waiter whose caller gives up first (the bottom of the stack, unless a shorter deadline came later). */
  private oldest(): Waiter {
    return this.waiting.reduce((first, waiter) => (waiter.giveUpAt < first.giveUpAt ? waiter : first));
  }

  private remove(waiter: Waiter, reason: ShedReason): void {
    const index = this.waiting.indexOf(waiter);
    if (index < 0) return;
    this.waiting.splice(index, 1);
    clearTimeout(waiter.timer);
    waiter.shed(reason);
  }
}

/** The request header carrying the caller's deadline: epoch milliseconds after which nobody waits for the answer. */
export const DEADLINE_HEADER = 'x-deadline';

/**
 * The deadline a request carries, if any. A handler reads it from its context (`deadlineOf(ctx.getHeaders())`)
 * to stop a long operation whose caller has given up.
 */
export function deadlineOf(headers: { has(key: string): boolean; get(key: string): string } | undefined): number | undefined {
  if (!headers?.has(DEADLINE_HEADER)) return undefined;
  const value = Number(headers.get(DEADLINE_HEADER));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
