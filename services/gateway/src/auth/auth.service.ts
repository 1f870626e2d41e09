import { Inject, Injectable } from '@nestjs/common';
import type { Caller, LoginInput, Role, RankLevel, UserView } from '@cadre/contracts';
import { ProblemException } from '@cadre/platform';
import { GATEWAY_CONFIG } from '../tokens';
import type { GatewayConfig } from '../config';
import { DirectoryService, userView } from '../directory/directory.service';
import type { UserDocument } from '../directory/persistence/directory.schemas';
import { DUMMY_HASH, verifyPassword } from './password-hasher';
import { LoginThrottle } from './login-throttle';
import { issueToken } from './tokens';

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: UserView;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

@Injectable()
export class AuthService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
    @Inject(LoginThrottle) private readonly throttle: LoginThrottle,
  ) {}

  async login(input: LoginInput, ip: string): Promise<LoginResult> {
    const verdict = await this.throttle.check(input.username, ip);
    if (!verdict.allowed) {
      throw new ProblemException(429, `Too many failed sign-ins. Try again in ${verdict.retryAfterSeconds} s.`, undefined, { 'retry-after': String(verdict.retryAfterSeconds) });
    }
    if (verdict.delayMs > 0) await sleep(verdict.delayMs);
    const user = await this.directory.findByUsername(input.username);
    // The same work and the same answer whether or not the username exists.
    const valid = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !valid || !user.active) {
      await this.throttle.recordFailure(input.username, ip);
      throw new ProblemException(401, 'Wrong username or password.');
    }
    await this.throttle.recordSuccess(input.username);
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

export function callerOf(user: UserDocument): Caller {
  return {
    userId: user._id,
    name: user.name,
    roles: user.roles as Role[],
    departmentId: user.departmentId,
    departmentPath: user.departmentPath,
    rankLevel: user.rankLevel as RankLevel,
  };
}
