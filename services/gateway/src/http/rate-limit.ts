import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { Redis } from 'ioredis';

const WINDOW_MS = 60_000;

// One round trip for any number of counters: each key is a fixed one-minute window opened by its first request;
// ARGV[1] is the window, ARGV[i + 1] how much to add to KEYS[i]. Answers count and remaining ms per key.
const SCRIPT = `
local window = tonumber(ARGV[1])
local result = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCRBY', key, tonumber(ARGV[i + 1]))
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then redis.call('PEXPIRE', key, window); ttl = window end
  result[#result + 1] = count
  result[#result + 1] = ttl
end
return result`;

export interface RateVerdict {
  limitedBy?: 'address' | 'user';
  retryAfterSeconds: number;
}

export interface RateLimits {
  /** Requests a minute per client address: one number, or one per address (trusted office networks get more). */
  perAddress: number | ((address: string) => number);
  perUser: number;
  /** Prepended to every key (one deployment's counters never meet another's in a shared Redis). */
  keyPrefix?: string;
}

type RateLimitRedis = Redis & { cadreRateLimit(numKeys: number, ...args: (string | number)[]): Promise<number[]> };

interface Counter {
  /** The count in Redis at the last exchange: every replica's requests, ours included. */
  shared: number;
  /** Our requests on their way to Redis. */
  inFlight: number;
  /** Our requests since, not yet sent. */
  pending: number;
  /** When the window closes, as Redis said. */
  resetAt: number;
}

/**
 * Requests per client address and per signed-in user in fixed one-minute windows kept in Redis, so every gateway
 * replica shares the limits. A key's first request in a window asks Redis; later ones count locally and are
 * added to Redis in one round trip every `syncMs`, which also brings back what the other replicas counted. One
 * replica therefore limits exactly; N replicas may together let through at most what N−1 of them receive in one
 * `syncMs` beyond the limit. Counting is kept out of traces: a span per request for it would drown the rest.
 */
export class RateLimiter {
  private readonly redis: RateLimitRedis;
  private readonly counters = new Map<string, Counter>();
  private readonly timer: NodeJS.Timeout;
  private syncing?: Promise<void>;

  constructor(
    redis: Redis,
    private readonly limits: RateLimits,
    syncMs = 100,
  ) {
    redis.defineCommand('cadreRateLimit', { lua: SCRIPT });
    this.redis = redis as RateLimitRedis;
    this.timer = setInterval(() => void this.sync().catch(() => undefined), syncMs);
    this.timer.unref();
  }

  async hit(address: string, userId?: string): Promise<RateVerdict> {
    const prefix = this.limits.keyPrefix ?? '';
    const keys = [`${prefix}rl:ip:${address}`, ...(userId ? [`${prefix}rl:user:${userId}`] : [])];
    const now = Date.now();
    const opening = keys.filter((key) => !this.live(key, now));
    if (opening.length) await this.exchange(opening.map((key) => [key, 1]));
    const [ip, user] = keys.map((key) => {
      const counter = this.counters.get(key)!;
      if (!opening.includes(key)) counter.pending += 1;
      return counter;
    });
    const count = (counter: Counter) => counter.shared + counter.inFlight + counter.pending;
    const retryAfter = (counter: Counter) => Math.max(1, Math.ceil((counter.resetAt - now) / 1000));
    const perAddress = typeof this.limits.perAddress === 'number' ? this.limits.perAddress : this.limits.perAddress(address);
    if (count(ip) > perAddress) return { limitedBy: 'address', retryAfterSeconds: retryAfter(ip) };
    if (user && count(user) > this.limits.perUser) return { limitedBy: 'user', retryAfterSeconds: retryAfter(user) };
    return { retryAfterSeconds: 0 };
  }

  /** Adds what was counted locally to Redis and learns the shared counts; forgets windows that have closed. */
  sync(): Promise<void> {
    this.syncing ??= this.syncPending().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  close(): Promise<void> {
    clearInterval(this.timer);
    return this.sync();
  }

  private live(key: string, now: number): Counter | undefined {
    const counter = this.counters.get(key);
    return counter && counter.resetAt > now ? counter : undefined;
  }

  private async syncPending(): Promise<void> {
    const now = Date.now();
    const due: [string, number][] = [];
    for (const [key, counter] of this.counters) {
      if (counter.resetAt <= now) this.counters.delete(key);
      else if (counter.pending > 0) due.push([key, counter.pending]);
    }
    if (due.length) await this.exchange(due);
  }

  private async exchange(increments: [string, number][]): Promise<void> {
    const started = Date.now();
    const moved = increments.map(([key, n]) => {
      const counter = this.live(key, started);
      if (counter) {
        counter.pending -= n;
        counter.inFlight += n;
      }
      return counter;
    });
    const keys = increments.map(([key]) => key);
    let answer: number[];
    try {
      answer = await context.with(suppressTracing(context.active()), () =>
        this.redis.cadreRateLimit(keys.length, ...keys, WINDOW_MS, ...increments.map(([, n]) => n)),
      );
    } catch (error) {
      increments.forEach(([, n], i) => {
        const counter = moved[i];
        if (counter) {
          counter.inFlight -= n;
          counter.pending += n;
        }
      });
      throw error;
    }
    const now = Date.now();
    increments.forEach(([key, n], i) => {
      const sent = moved[i];
      if (sent) sent.inFlight -= n;
      const [shared, ttl] = [answer[i * 2], answer[i * 2 + 1]];
      const counter = this.live(key, now);
      if (counter) {
        // Redis counts only grow within a window: a slower answer must not undo a newer one.
        counter.shared = Math.max(counter.shared, shared);
        counter.resetAt = now + ttl;
      } else {
        this.counters.set(key, { shared, inFlight: 0, pending: 0, resetAt: now + ttl });
      }
    });
  }
}
