import { withdrawInput, type Caller, type RpcRequest } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';
import { recordPayload } from '../record-payload';

export interface WithdrawRecordCommand {
  caller: Caller;
  id: string;
  comment: string;
}

export function withdrawRecordCommand(request: RpcRequest): WithdrawRecordCommand {
  const { id, body } = recordPayload(request.payload);
  const { comment } = validate(withdrawInput, body);
  return { caller: requireCaller(request.caller), id, comment };
}
