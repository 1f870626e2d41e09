import type { LoginInput } from '@cadre/contracts';

export interface SignInCommand extends LoginInput {
  /** The client's address (the per-address count of failed sign-ins). */
  ip: string;
}
