import type { Caller, RpcRequest } from '@cadre/contracts';

export interface PublishTaxonomyCommand {
  caller?: Caller;
  /** The new version as sent: parsed once the caller may publish (403 before 400). */
  body: unknown;
}

export function publishTaxonomyCommand(request: RpcRequest): PublishTaxonomyCommand {
  return { caller: request.caller, body: request.payload };
}
