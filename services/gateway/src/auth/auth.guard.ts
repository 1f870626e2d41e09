import { Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Caller, Role } from '@cadre/contracts';
import { ProblemException } from '@cadre/platform';
import { GATEWAY_CONFIG } from '../tokens';
import type { GatewayConfig } from '../config';
import { DirectoryReader } from '../directory/directory-reader';
import type { UserDocument } from '../directory/persistence/directory.schemas';
import { callerOf } from './caller';
import { claimsOf } from '../http/edge';
import type { TokenClaims } from './tokens';

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
 * from the directory, not from the token, so a role taken away takes effect within the cache TTL.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(DirectoryReader) private readonly directory: DirectoryReader,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { tokenClaims?: TokenClaims | null }>();
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) throw new ProblemException(401, 'A bearer token is required.');
    // The edge hook verified the token already (for the per-user rate limit); verify here only if it did not run.
    const claims = request.tokenClaims !== undefined ? request.tokenClaims : await claimsOf(header, this.config);
    if (!claims) throw new ProblemException(401, 'The token is invalid or has expired.');
    const user = await this.directory.activeUser(claims.userId);
    if (!user) throw new ProblemException(401, 'The account behind this token is no longer active.');
    request.caller = callerOf(user);
    request.user = user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.some((role) => request.caller.roles.includes(role))) {
      throw new ProblemException(403, `This needs one of the roles: ${roles.join(', ')}.`);
    }
    return true;
  }

}
