import type { Caller, RpcRequest } from '@cadre/contracts';
import { requireCaller } from '@cadre/platform';

/** `GET /analytics/rebuild`. */
export interface RebuildStatusCommand {
  caller: Caller;
}

export function rebuildStatusCommand(r: RpcRequest): RebuildStatusCommand {
  return { caller: requireCaller(r.caller) };
}
