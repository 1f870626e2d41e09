import type { Caller, RpcRequest } from '@cadre/contracts';

/** `POST /scoring/standards/:version/activate`. */
export interface ActivateStandardCommand {
  caller: Caller | undefined;
  version: unknown;
}

export function activateStandardCommand(r: RpcRequest<{ version?: unknown }>): ActivateStandardCommand {
  return { caller: r.caller, version: r.payload?.version };
}
