import { createBatchInput, type Caller, type CreateBatchInput, type RpcRequest } from '@cadre/contracts';
import { validate } from '@cadre/platform';
import { requirePublisher } from '../../domain/access';

export interface CreateBatchCommand {
  who: Caller;
  input: CreateBatchInput;
}

export function createBatchCommand(request: RpcRequest): CreateBatchCommand {
  const who = requirePublisher(request.caller);
  return { who, input: validate(createBatchInput, request.payload ?? {}) };
}
