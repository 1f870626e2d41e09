import { Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Caller, Role } from '@cadre/contracts';
import { ProblemException } from '@cadre/platform';
import { GATEWAY_CONFIG, REDIS } from '../tokens';
import type { GatewayConfig } from '../config';
import { DirectoryService } from '../directory/directory.service';
import type { UserDocument } from '../directory/persistence/directory.schemas';
import { callerOf } from './auth.service';
import { verifyToken } from './tokens';

export type AuthenticatedRequest = FastifyRequest & { caller: Caller; user: UserDocument };

const ROLES_KEY = 'cadre:roles';
const PUBLIC_KEY = 'cadre:public';

/** Only callers holding one of these roles may use the route (403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** No token needed (sign-in, health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * Every route needs a valid bearer token unless marked @Public: algorithm, signature, issuer, audience and
 * expiry are checked, then the user must still exist and be active. The caller (roles, department path) comes
 * from the directory, not from the token, so a role taken away takes effect within the cache TTL. Each user is
 * also rate-limited across all gateway replicas (Redis).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9\-_.]+)$/.exec(header) : null;
    if (!match) throw new ProblemException(401, 'A bearer token is required.');
    const claims = await verifyToken(match[1], { secret: this.config.JWT_SECRET, issuer: this.config.JWT_ISSUER, audience: this.config.JWT_AUDIENCE });
    if (!claims) throw new ProblemException(401, 'The token is invalid or has expired.');
    const user = await this.directory.activeUser(claims.userId);
    if (!user) throw new ProblemException(401, 'The account behind this token is no longer active.');
    await this.limitUser(user._id);
    request.caller = callerOf(user);
    request.user = user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.some((role) => request.caller.roles.includes(role))) {
      throw new ProblemException(403, `This needs one of the roles: ${roles.join(', ')}.`);
    }
    return true;
  }

  private async limitUser(userId: string): Promise<void> {
    const windowSeconds = 60;
    const window = Math.floor(Date.now() / 1000 / windowSeconds);
    const key = `rl:user:${userId}:${window}`;
    const [[, count]] = (await this.redis.multi().incr(key).expire(key, windowSeconds * 2).exec()) as [[null, number]];
    if (count > this.config.RATE_LIMIT_USER_PER_MINUTE) {
      const retryAfter = windowSeconds - (Math.floor(Date.now() / 1000) % windowSeconds);
      throw new ProblemException(429, `Too many requests for this account; try again in ${retryAfter} s.`, undefined, { 'retry-after': String(retryAfter) });
    }
  }
}
