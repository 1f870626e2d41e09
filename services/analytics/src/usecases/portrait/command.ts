import { portraitQuery, type Caller, type PortraitQuery, type RpcRequest } from '@cadre/contracts';
import { idFrom, requireCaller, validate, withoutId } from '@cadre/platform';

/** `GET /analytics/cadres/:id/portrait?period=&format=`. */
export interface PortraitCommand {
  caller: Caller;
  cadreId: string;
  query: PortraitQuery;
}

export function portraitCommand(r: RpcRequest): PortraitCommand {
  const caller = requireCaller(r.caller);
  const cadreId = idFrom(r.payload, 'cadre');
  return { caller, cadreId, query: validate(portraitQuery, withoutId(r.payload)) };
}
