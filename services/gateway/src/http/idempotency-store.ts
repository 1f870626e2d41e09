import type { Redis } from 'ioredis';
import { decodeEntry, encodeEntry, type IdempotencyEntry, type StoredAnswer } from './idempotency';

// Claims the key for a new request (KEYS[1] := ARGV[1] with a lease of ARGV[2] ms) unless it is taken: answers
// nil when claimed, otherwise what the key holds.
const CLAIM = `
local current = redis.call('GET', KEYS[1])
if current then return current end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`;

// Replaces the owner's pending marker (ARGV[1], exactly) with ARGV[2] for ARGV[3] ms, or deletes it when ARGV[2]
// is empty; a marker that is not ours any more (its lease ran out and another request claimed) is left alone.
const SETTLE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1`;

// Extends the owner's lease (ARGV[1], exactly) to ARGV[2] ms while its request runs.
const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

type IdempotencyRedis = Redis & {
  cadreIdemRenew(key: string, pending: string, leaseMs: number): Promise<number>;
  cadreIdemClaim(key: string, value: string, leaseMs: number): Promise<string | null>;
  cadreIdemSettle(key: string, pending: string, value: string, ttlMs: number): Promise<number>;
};

export type Claim = { claimed: true; marker: string } | { claimed: false; entry: IdempotencyEntry | null };

/** Idempotency keys in Redis: claimed atomically by the first request, then holding its answer for the TTL. */
export class IdempotencyStore {
  private readonly redis: IdempotencyRedis;

  constructor(
    redis: Redis,
    private readonly options: { ttlMs: number; leaseMs: number },
  ) {
    redis.defineCommand('cadreIdemClaim', { numberOfKeys: 1, lua: CLAIM });
    redis.defineCommand('cadreIdemSettle', { numberOfKeys: 1, lua: SETTLE });
    redis.defineCommand('cadreIdemRenew', { numberOfKeys: 1, lua: RENEW });
    this.redis = redis as IdempotencyRedis;
  }

  async claim(key: string, owner: string, fingerprint: string): Promise<Claim> {
    const marker = encodeEntry({ state: 'pending', owner, fingerprint });
    const current = await this.redis.cadreIdemClaim(key, marker, this.options.leaseMs);
    return current === null ? { claimed: true, marker } : { claimed: false, entry: decodeEntry(current) };
  }

  /**
   * Holds a claimed key while its request runs, however long that is: the lease is renewed every third of it, so it
   * runs out only when the gateway holding it is gone (then a retry runs the request again). Returns the stop.
   */
  hold(key: string, marker: string): () => void {
    const timer = setInterval(() => void this.redis.cadreIdemRenew(key, marker, this.options.leaseMs).catch(() => undefined), Math.max(1, Math.floor(this.options.leaseMs / 3)));
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Keeps the answer for the TTL (if the claim is still ours). */
  async complete(key: string, marker: string, fingerprint: string, answer: StoredAnswer): Promise<void> {
    await this.redis.cadreIdemSettle(key, marker, encodeEntry({ state: 'done', fingerprint, answer }), this.options.ttlMs);
  }

  /** Gives the key back, so a retry runs the request again. */
  async release(key: string, marker: string): Promise<void> {
    await this.redis.cadreIdemSettle(key, marker, '', 0);
  }
}
