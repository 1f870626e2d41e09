import type { Caller, RpcRequest } from '@cadre/contracts';

/** `POST /rankings/recalculate`. */
export interface RecalculateRankingsCommand {
  caller: Caller | undefined;
}

export function recalculateRankingsCommand(r: RpcRequest): RecalculateRankingsCommand {
  return { caller: r.caller };
}
