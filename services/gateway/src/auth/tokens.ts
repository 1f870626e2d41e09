import { SignJWT, jwtVerify, errors } from 'jose';
import { ROLES, type Caller } from '@cadre/contracts';
import { z } from 'zod';

export const JWT_ALGORITHM = 'HS256';

export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  expiresInSeconds?: number;
}

const claims = z.object({
  sub: z.string().min(1),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  dep: z.string().min(1),
  depPath: z.array(z.string().min(1)).min(1),
  rank: z.enum(['division', 'section', 'staff']).optional(),
});

export async function issueToken(caller: Caller, settings: TokenSettings): Promise<string> {
  return new SignJWT({ name: caller.name, roles: caller.roles, dep: caller.departmentId, depPath: caller.departmentPath, rank: caller.rankLevel })
    .setProtectedHeader({ alg: JWT_ALGORITHM, typ: 'JWT' })
    .setSubject(caller.userId)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(`${settings.expiresInSeconds ?? 3600}s`)
    .sign(new TextEncoder().encode(settings.secret));
}

export type TokenClaims = Caller;

/** How far ahead of this gateway's clock a token's `iat` may be (the issuing replica's clock may run ahead). */
export const CLOCK_SKEW_SECONDS = 30;

export interface VerifiedToken {
  claims: TokenClaims;
  /** When the token expires (`exp`, seconds since the epoch). */
  expiresAt: number;
}

/**
 * Verifies signature, algorithm (pinned), issuer, audience, expiry (`exp` required) and issue time (`iat` not in
 * the future beyond CLOCK_SKEW_SECONDS); returns the claims and expiry, or null.
 */
export async function verifyToken(token: string, settings: TokenSettings): Promise<VerifiedToken | null> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(settings.secret), {
      algorithms: [JWT_ALGORITHM],
      issuer: settings.issuer,
      audience: settings.audience,
      requiredClaims: ['exp'],
    });
    if (typeof payload.exp !== 'number') return null;
    if (payload.iat !== undefined && payload.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) return null;
    const parsed = claims.safeParse(payload);
    if (!parsed.success) return null;
    const c = parsed.data;
    return {
      claims: { userId: c.sub, name: c.name, roles: c.roles, departmentId: c.dep, departmentPath: c.depPath, rankLevel: c.rank },
      expiresAt: payload.exp,
    };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
