import type { Caller, UpdateUserInput } from '@cadre/contracts';

/** Any change of a user: deactivation (`active: false`) and a password reset (`password`) are changes like the others. */
export interface UpdateUserCommand {
  caller: Caller;
  id: string;
  input: UpdateUserInput;
}
