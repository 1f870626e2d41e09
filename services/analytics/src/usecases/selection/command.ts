import { analyticsSelectionQuery, type AnalyticsSelectionQuery, type Caller, type RpcRequest } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';

/** `GET /analytics/selection?period=&departmentId=&format=`. */
export interface SelectionAnalyticsCommand {
  caller: Caller;
  query: AnalyticsSelectionQuery;
}

export function selectionAnalyticsCommand(r: RpcRequest): SelectionAnalyticsCommand {
  const caller = requireCaller(r.caller);
  return { caller, query: validate(analyticsSelectionQuery, r.payload ?? {}) };
}
