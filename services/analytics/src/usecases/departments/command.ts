import { departmentsQuery, type Caller, type DepartmentsQuery, type RpcRequest } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';

/** `GET /analytics/departments?period=&departmentId=&format=`. */
export interface DepartmentsCommand {
  caller: Caller;
  query: DepartmentsQuery;
}

export function departmentsCommand(r: RpcRequest): DepartmentsCommand {
  const caller = requireCaller(r.caller);
  return { caller, query: validate(departmentsQuery, r.payload ?? {}) };
}
