import { updateBidInput, type Caller, type RpcRequest, type UpdateBidInput } from '@cadre/contracts';
import { idFrom, requireCaller, validate, withoutId } from '@cadre/platform';

export interface ReviseBidCommand {
  who: Caller;
  bidId: string;
  input: UpdateBidInput;
}

export function reviseBidCommand(request: RpcRequest): ReviseBidCommand {
  const who = requireCaller(request.caller);
  const bidId = idFrom(request.payload, 'bid');
  return { who, bidId, input: validate(updateBidInput, withoutId(request.payload)) };
}
