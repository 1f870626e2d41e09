import type { Caller, RpcRequest } from '@cadre/contracts';

/** `POST /scoring/standards/:version/dry-run`. */
export interface DryRunStandardCommand {
  caller: Caller | undefined;
  version: unknown;
}

export function dryRunStandardCommand(r: RpcRequest<{ version?: unknown }>): DryRunStandardCommand {
  return { caller: r.caller, version: r.payload?.version };
}
