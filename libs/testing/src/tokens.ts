import { SignJWT } from 'jose';
import type { Caller } from '@cadre/contracts';

export const TEST_JWT = {
  secret: 'test-only-jwt-secret-0123456789abcdefghijklmnop',
  issuer: 'cadre-platform',
  audience: 'cadre-platform-api',
};

/** A token the gateway accepts when started with TEST_JWT's settings. */
export function tokenFor(caller: Caller, settings = TEST_JWT, expiresIn = '1h'): Promise<string> {
  return new SignJWT({ name: caller.name, roles: caller.roles, dep: caller.departmentId, depPath: caller.departmentPath, rank: caller.rankLevel })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(caller.userId)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(settings.secret));
}
