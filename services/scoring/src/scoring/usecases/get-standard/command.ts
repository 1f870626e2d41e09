import type { Caller, RpcRequest } from '@cadre/contracts';
import { requireCaller } from '@cadre/platform';

/** `GET /scoring/standards/:version`: anyone signed in. */
export interface GetStandardCommand {
  caller: Caller;
  version: unknown;
}

export function getStandardCommand(r: RpcRequest<{ version?: unknown }>): GetStandardCommand {
  return { caller: requireCaller(r.caller), version: r.payload?.version };
}
