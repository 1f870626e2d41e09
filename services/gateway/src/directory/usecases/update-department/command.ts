import type { Caller, UpdateDepartmentInput } from '@cadre/contracts';

export interface UpdateDepartmentCommand {
  caller: Caller;
  id: string;
  input: UpdateDepartmentInput;
}
