import { scoreQuery, type Caller, type RpcRequest } from '@cadre/contracts';
import { idFrom, problems, validate, withoutId } from '@cadre/platform';

/** `GET /scores/:cadreId?period=`. */
export interface GetScoreCommand {
  caller: Caller;
  cadreId: string;
  period: string;
}

/** A caller is required (403 without one), then the cadre id (404 when malformed), then the query (400). */
export function getScoreCommand(r: RpcRequest): GetScoreCommand {
  if (!r.caller) throw problems.forbidden();
  const cadreId = idFrom(r.payload, 'cadre');
  const { period } = validate(scoreQuery, withoutId(r.payload));
  return { caller: r.caller, cadreId, period };
}
