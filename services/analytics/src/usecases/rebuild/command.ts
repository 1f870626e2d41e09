import type { Caller, RpcRequest } from '@cadre/contracts';
import { requireCaller } from '@cadre/platform';

/** `POST /analytics/rebuild` (no body). */
export interface RebuildCommand {
  caller: Caller;
  body: unknown;
}

export function rebuildCommand(r: RpcRequest): RebuildCommand {
  return { caller: requireCaller(r.caller), body: r.payload };
}
