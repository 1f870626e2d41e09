import { candidatesQuery, idSchema, type CandidatesQuery, type Caller, type RpcRequest } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';
import { z } from 'zod';

/** At most as many named cadres as a round holds candidates. */
const MAX_CADRE_IDS = 300;

/**
 * The RPC payload: the public query (the gateway parses `GET /analytics/candidates` with the strict
 * `candidatesQuery`, so `cadreIds` never comes from a URL) and the internal `cadreIds` of a selection draw.
 */
const candidatesPayload = candidatesQuery.extend({
  cadreIds: z.array(idSchema).min(1, 'must name at least one cadre').max(MAX_CADRE_IDS, `must name at most ${MAX_CADRE_IDS} cadres`).optional(),
});

/** `GET /analytics/candidates?rankLevel=&departmentId=&period=&limit=&withoutGrades=&gradeYears=&minSatisfaction=&format=`. */
export interface ShortlistCommand {
  caller: Caller;
  query: CandidatesQuery;
  /** Exactly these cadres (CandidatesRpcPayload), in this order, each once. */
  cadreIds?: string[];
}

export function shortlistCommand(r: RpcRequest): ShortlistCommand {
  const caller = requireCaller(r.caller);
  const { cadreIds, ...query } = validate(candidatesPayload, r.payload ?? {});
  return cadreIds ? { caller, query, cadreIds: [...new Set(cadreIds)] } : { caller, query };
}
