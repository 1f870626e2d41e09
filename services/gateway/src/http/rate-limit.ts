import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { Redis } from 'ioredis';

const WINDOW_MS = 60_000;

// One round trip for both counters: each key is a fixed one-minute window opened by its first request.
const SCRIPT = `
local window = tonumber(ARGV[1])
local result = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, window) end
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

type RateLimitRedis = Redis & { cadreRateLimit(numKeys: number, ...args: (string | number)[]): Promise<number[]> };

/**
 * Requests per client address and per signed-in user, counted in Redis so that every gateway replica shares the
 * limits. Counting is kept out of traces: a span per request for it would only drown the interesting ones.
 */
export class RateLimiter {
  private readonly redis: RateLimitRedis;

  constructor(redis: Redis, private readonly limits: { perAddress: number; perUser: number }) {
    redis.defineCommand('cadreRateLimit', { lua: SCRIPT });
    this.redis = redis as RateLimitRedis;
  }

  async hit(address: string, userId?: string): Promise<RateVerdict> {
    const keys = [`rl:ip:${address}`, ...(userId ? [`rl:user:${userId}`] : [])];
    const counts = await context.with(suppressTracing(context.active()), () => this.redis.cadreRateLimit(keys.length, ...keys, WINDOW_MS));
    const [ipCount, ipTtl, userCount, userTtl] = counts;
    if (ipCount > this.limits.perAddress) return { limitedBy: 'address', retryAfterSeconds: Math.ceil(ipTtl / 1000) };
    if (userId && userCount > this.limits.perUser) return { limitedBy: 'user', retryAfterSeconds: Math.ceil(userTtl / 1000) };
    return { retryAfterSeconds: 0 };
  }
}
