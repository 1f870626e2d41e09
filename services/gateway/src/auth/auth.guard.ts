import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '@cadre/contracts';
import { ProblemException } from '@cadre/platform';
import { GATEWAY_CONFIG } from '../tokens';
import type { GatewayConfig } from '../config';
import { verifyToken } from './tokens';

export type AuthenticatedRequest = FastifyRequest & { caller: Caller };

/** Every API route needs a valid bearer token; the caller it names travels with each service request. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9\-_.]+)$/.exec(header) : null;
    if (!match) throw new ProblemException(401, 'A bearer token is required.');
    const caller = await verifyToken(match[1], {
      secret: this.config.JWT_SECRET,
      issuer: this.config.JWT_ISSUER,
      audience: this.config.JWT_AUDIENCE,
    });
    if (!caller) throw new ProblemException(401, 'The token is invalid or has expired.');
    request.caller = caller;
    return true;
  }
}
