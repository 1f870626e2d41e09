import type { Caller, CreateDepartmentInput } from '@cadre/contracts';

export interface CreateDepartmentCommand {
  caller: Caller;
  input: CreateDepartmentInput;
}
