import type { Caller, RpcRequest } from '@cadre/contracts';
import { requireCaller } from '@cadre/platform';

/** `GET /scoring/standards`: anyone signed in. */
export interface ListStandardsCommand {
  caller: Caller;
}

export function listStandardsCommand(r: RpcRequest): ListStandardsCommand {
  return { caller: requireCaller(r.caller) };
}
