import { SignJWT } from 'jose';
import { TokenVerifier } from './token-verifier';

const SETTINGS = { secret: 'spec-only-jwt-secret-0123456789abcdefghijklmnop', issuer: 'cadre-platform', audience: 'cadre-platform-api' };
const sign = (claims: { exp?: number; iat?: number }, secret = SETTINGS.secret) => {
  const jwt = new SignJWT({ name: '王海军', roles: ['cadre'], dep: 'd1', depPath: ['d1'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u1').setIssuer(SETTINGS.issuer).setAudience(SETTINGS.audience);
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
  return jwt.sign(new TextEncoder().encode(secret));
};

describe('TokenVerifier', () => {
  const now = () => Math.floor(Date.now() / 1000);
  afterEach(() => jest.useRealTimers());

  it('answers a verified token from memory until its exp, then refuses it', async () => {
    const verifier = new TokenVerifier(SETTINGS);
    const token = await sign({ exp: now() + 60, iat: now() });
    expect(await verifier.claims(token)).toMatchObject({ userId: 'u1', roles: ['cadre'] });
    jest.useFakeTimers({ now: Date.now() + 61_000 });
    expect(await verifier.claims(token)).toBeNull();
  });

  it('refuses tokens without exp, issued in the future, or signed by another key, every time', async () => {
    const verifier = new TokenVerifier(SETTINGS);
    for (const token of [await sign({ iat: now() }), await sign({ exp: now() + 600, iat: now() + 120 }), await sign({ exp: now() + 600 }, 'another-secret-0123456789abcdefghijklmnopqr')]) {
      expect(await verifier.claims(token)).toBeNull();
      expect(await verifier.claims(token)).toBeNull();
    }
    expect(await verifier.claims(await sign({ exp: now() + 600, iat: now() + 20 }))).not.toBeNull();
  });

  it('holds at most its capacity', async () => {
    const verifier = new TokenVerifier(SETTINGS, 2);
    for (let i = 0; i < 5; i++) expect(await verifier.claims(await sign({ exp: now() + 600 + i }))).not.toBeNull();
    expect((verifier as unknown as { verified: Map<string, unknown> }).verified.size).toBe(2);
  });
});
