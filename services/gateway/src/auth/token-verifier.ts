import { verifyToken, type TokenClaims, type TokenSettings, type VerifiedToken } from './tokens';

const CAPACITY = 10_000;

/**
 * Token verification with memory: a token that verified is answered from memory until its `exp`. A signature
 * check gives the same answer for the same token every time and the other checks only loosen as time passes,
 * except expiry, which is checked on every use; tokens that fail are verified again each time. Holds at most
 * `capacity` tokens (the oldest leave first).
 */
export class TokenVerifier {
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(private readonly settings: TokenSettings, private readonly capacity = CAPACITY) {}

  async claims(token: string): Promise<TokenClaims | null> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAt > Date.now() / 1000) return known.claims;
      this.verified.delete(token);
    }
    const result = await verifyToken(token, this.settings);
    if (!result) return null;
    if (this.verified.size >= this.capacity) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, result);
    return result.claims;
  }
}
