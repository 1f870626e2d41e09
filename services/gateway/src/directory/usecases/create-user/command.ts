import type { Caller, CreateUserInput } from '@cadre/contracts';

export interface CreateUserCommand {
  caller: Caller;
  input: CreateUserInput;
}
