import { mineQuery, type Caller, type MineQuery, type RpcRequest } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';

/** `GET /teams/mine` (every team I lead or am listed in) or `GET /invitations/mine` (those awaiting my answer). */
export interface ListMyTeamsCommand {
  who: Caller;
  query: MineQuery;
  awaitingAnswer: boolean;
}

export function listMyTeamsCommand(request: RpcRequest, awaitingAnswer: boolean): ListMyTeamsCommand {
  return { who: requireCaller(request.caller), query: validate(mineQuery, request.payload ?? {}), awaitingAnswer };
}
