import type { Redis } from 'ioredis';

export interface ThrottleSettings {
  /** Failures (per username or per IP) after which answers slow down. */
  slowAfter: number;
  /** Failures per username after which sign-in is refused for `lockSeconds`. */
  lockAfter: number;
  /** Failures per IP after which that address is refused for `lockSeconds`. */
  lockIpAfter: number;
  lockSeconds: number;
}

export type ThrottleVerdict = { allowed: true; delayMs: number } | { allowed: false; retryAfterSeconds: number };

/**
 * Failed sign-ins counted per username and per IP in Redis (so every gateway replica sees the same counts),
 * kept for `lockSeconds` after the last failure. Unknown usernames count like known ones, so the answers never
 * tell whether a username exists.
 */
export class LoginThrottle {
  constructor(private readonly redis: Redis, private readonly settings: ThrottleSettings) {}

  private keys(username: string, ip: string) {
    return { user: `login:fail:user:${username.toLowerCase()}`, ip: `login:fail:ip:${ip}` };
  }

  async check(username: string, ip: string): Promise<ThrottleVerdict> {
    const keys = this.keys(username, ip);
    const [userFailures, ipFailures, userTtl, ipTtl] = await this.redis
      .multi()
      .get(keys.user)
      .get(keys.ip)
      .ttl(keys.user)
      .ttl(keys.ip)
      .exec()
      .then((results) => (results ?? []).map(([, value]) => Number(value ?? 0)));
    if (userFailures >= this.settings.lockAfter) return { allowed: false, retryAfterSeconds: Math.max(userTtl, 1) };
    if (ipFailures >= this.settings.lockIpAfter) return { allowed: false, retryAfterSeconds: Math.max(ipTtl, 1) };
    const over = Math.max(userFailures, ipFailures) - this.settings.slowAfter + 1;
    return { allowed: true, delayMs: over > 0 ? Math.min(250 * 2 ** (over - 1), 4_000) : 0 };
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    const keys = this.keys(username, ip);
    await this.redis
      .multi()
      .incr(keys.user)
      .expire(keys.user, this.settings.lockSeconds)
      .incr(keys.ip)
      .expire(keys.ip, this.settings.lockSeconds)
      .exec();
  }

  async recordSuccess(username: string): Promise<void> {
    await this.redis.del(this.keys(username, '').user);
  }
}
