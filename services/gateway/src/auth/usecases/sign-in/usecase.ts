import { Inject, Injectable } from '@nestjs/common';
import type { LoginView } from '@cadre/contracts';
import { ProblemException } from '@cadre/platform';
import { GATEWAY_CONFIG } from '../../../tokens';
import type { GatewayConfig } from '../../../config';
import { DirectoryReader } from '../../../directory/directory-reader';
import { userView } from '../../../directory/views';
import { callerOf } from '../../caller';
import { DUMMY_HASH, verifyPassword } from '../../password-hasher';
import { LoginThrottle } from '../../login-throttle';
import { issueToken } from '../../tokens';
import type { SignInCommand } from './command';

export type LoginResult = LoginView;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sign-in: a JWT for an active user's right password. Failures are counted (per username, and distinct usernames per address) and
 * slow down, then lock out; the answer and the work are the same whether or not the username exists.
 */
@Injectable()
export class SignIn {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(DirectoryReader) private readonly directory: DirectoryReader,
    @Inject(LoginThrottle) private readonly throttle: LoginThrottle,
  ) {}

  async execute({ username, password, ip }: SignInCommand): Promise<LoginResult> {
    const verdict = await this.throttle.check(username, ip);
    if (!verdict.allowed) {
      throw new ProblemException(429, `Too many failed sign-ins. Try again in ${verdict.retryAfterSeconds} s.`, undefined, { 'retry-after': String(verdict.retryAfterSeconds) });
    }
    if (verdict.delayMs > 0) await sleep(verdict.delayMs);
    const user = await this.directory.userByUsername(username);
    // The same work and the same answer whether or not the username exists.
    const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !valid || !user.active) {
      await this.throttle.recordFailure(username, ip);
      throw new ProblemException(401, 'Wrong username or password.');
    }
    await this.throttle.recordSuccess(username, ip);
    const expiresIn = this.config.JWT_EXPIRES_IN_SECONDS;
    const accessToken = await issueToken(callerOf(user), {
      secret: this.config.JWT_SECRET,
      issuer: this.config.JWT_ISSUER,
      audience: this.config.JWT_AUDIENCE,
      expiresInSeconds: expiresIn,
    });
    return { accessToken, tokenType: 'Bearer', expiresIn, user: userView(user) };
  }
}
