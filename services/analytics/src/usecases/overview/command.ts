import { overviewQuery, type Caller, type OverviewQuery, type RpcRequest } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';

/** `GET /analytics/overview?period=&departmentId=&format=`. */
export interface OverviewCommand {
  caller: Caller;
  query: OverviewQuery;
}

export function overviewCommand(r: RpcRequest): OverviewCommand {
  const caller = requireCaller(r.caller);
  return { caller, query: validate(overviewQuery, r.payload ?? {}) };
}
