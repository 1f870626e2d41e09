import type { Redis } from 'ioredis';

export interface ThrottleSettings {
  /** Failures of one username after which its sign-ins slow down. */
  slowAfter: number;
  /** Failures of one username after which its sign-in is refused for `lockSeconds`. */
  lockAfter: number;
  /** Distinct usernames failing from one address after which sign-ins from it slow down. */
  slowIpAfterUsernames: number;
  /** Distinct usernames failing from one address after which it is refused for `lockSeconds`. */
  lockIpAfterUsernames: number;
  lockSeconds: number;
  /** Prepended to every key (one deployment's counters never meet another's in a shared Redis). */
  keyPrefix: string;
}

export type ThrottleVerdict = { allowed: true; delayMs: number } | { allowed: false; retryAfterSeconds: number };

const delayFor = (failures: number, after: number) => {
  const over = failures - after + 1;
  return over > 0 ? Math.min(250 * 2 ** (over - 1), 4_000) : 0;
};

/**
 * Failed sign-ins in Redis (so every gateway replica sees the same counts), kept for `lockSeconds` after the last
 * failure. A username's own failures slow it down, then lock it: colleagues behind the same office NAT are not
 * touched. An address is slowed down and locked only for clear abuse, many distinct usernames failing from it (a
 * username that then signs in is taken off its list). Unknown usernames count like known ones, so the answers
 * never tell whether a username exists.
 */
export class LoginThrottle {
  constructor(private readonly redis: Redis, private readonly settings: ThrottleSettings) {}

  private keys(username: string, ip: string) {
    const prefix = this.settings.keyPrefix;
    return { user: `${prefix}login:fail:user:${username.toLowerCase()}`, ip: `${prefix}login:fail:ip-users:${ip}` };
  }

  async check(username: string, ip: string): Promise<ThrottleVerdict> {
    const keys = this.keys(username, ip);
    const [userFailures, ipUsernames, userTtl, ipTtl] = await this.redis
      .multi()
      .get(keys.user)
      .scard(keys.ip)
      .ttl(keys.user)
      .ttl(keys.ip)
      .exec()
      .then((results) => (results ?? []).map(([, value]) => Number(value ?? 0)));
    if (userFailures >= this.settings.lockAfter) return { allowed: false, retryAfterSeconds: Math.max(userTtl, 1) };
    if (ipUsernames >= this.settings.lockIpAfterUsernames) return { allowed: false, retryAfterSeconds: Math.max(ipTtl, 1) };
    const delayMs = Math.max(delayFor(userFailures, this.settings.slowAfter), delayFor(ipUsernames, this.settings.slowIpAfterUsernames));
    return { allowed: true, delayMs };
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    const keys = this.keys(username, ip);
    await this.redis
      .multi()
      .incr(keys.user)
      .expire(keys.user, this.settings.lockSeconds)
      .sadd(keys.ip, username.toLowerCase())
      .expire(keys.ip, this.settings.lockSeconds)
      .exec();
  }

  async recordSuccess(username: string, ip: string): Promise<void> {
    const keys = this.keys(username, ip);
    await this.redis.multi().del(keys.user).srem(keys.ip, username.toLowerCase()).exec();
  }
}
