import { evaluationInput, type Caller, type EvaluationInput, type RpcRequest } from '@cadre/contracts';
import { idFrom, requireCaller, validate, withoutId } from '@cadre/platform';

export interface EvaluateBidCommand {
  who: Caller;
  bidId: string;
  input: EvaluationInput;
}

export function evaluateBidCommand(request: RpcRequest): EvaluateBidCommand {
  const who = requireCaller(request.caller);
  const bidId = idFrom(request.payload, 'bid');
  return { who, bidId, input: validate(evaluationInput, withoutId(request.payload)) };
}
