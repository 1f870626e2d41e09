import { updateBidInput, type Caller, type RpcRequest, type UpdateBidInput } from '@cadre/contracts';
import { idFrom, requireCaller, validate, withoutId } from '@cadre/platform';

export interface ReviseBidCommand {
  who: Caller;
  bidId: string;
  /** The body as sent: its `attachments` are checked against the stored files with the schema, in one 400. */
  body: unknown;
  parse: () => UpdateBidInput;
}

export function reviseBidCommand(request: RpcRequest): ReviseBidCommand {
  const who = requireCaller(request.caller);
  const bidId = idFrom(request.payload, 'bid');
  const body = withoutId(request.payload);
  return { who, bidId, body, parse: () => validate(updateBidInput, body) };
}
