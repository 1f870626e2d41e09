import { candidatesQuery, type CandidatesQuery, type Caller, type RpcRequest } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';

/** `GET /analytics/candidates?rankLevel=&departmentId=&period=&limit=&withoutGrades=&gradeYears=&minSatisfaction=&format=`. */
export interface ShortlistCommand {
  caller: Caller;
  query: CandidatesQuery;
}

export function shortlistCommand(r: RpcRequest): ShortlistCommand {
  const caller = requireCaller(r.caller);
  return { caller, query: validate(candidatesQuery, r.payload ?? {}) };
}
