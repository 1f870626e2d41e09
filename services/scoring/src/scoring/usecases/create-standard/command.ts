import type { Caller, RpcRequest } from '@cadre/contracts';

/** `POST /scoring/standards`: the body as sent (validated once the caller may draft). */
export interface CreateStandardCommand {
  caller: Caller | undefined;
  body: unknown;
}

export function createStandardCommand(r: RpcRequest): CreateStandardCommand {
  return { caller: r.caller, body: r.payload };
}
