import { analyticsAppraisalQuery, type AnalyticsAppraisalQuery, type Caller, type RpcRequest } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';

/** `GET /analytics/appraisal?period=&departmentId=&format=`. */
export interface AppraisalAnalyticsCommand {
  caller: Caller;
  query: AnalyticsAppraisalQuery;
}

export function appraisalAnalyticsCommand(r: RpcRequest): AppraisalAnalyticsCommand {
  const caller = requireCaller(r.caller);
  return { caller, query: validate(analyticsAppraisalQuery, r.payload ?? {}) };
}
