import { mineQuery, type Caller, type MineQuery, type RpcRequest } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';

/** `GET /bids/mine`: the bids of every team I lead or am listed in. */
export interface ListMyBidsCommand {
  who: Caller;
  query: MineQuery;
}

export function listMyBidsCommand(request: RpcRequest): ListMyBidsCommand {
  return { who: requireCaller(request.caller), query: validate(mineQuery, request.payload ?? {}) };
}
