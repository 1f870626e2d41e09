import { revokeInput, type Caller, type RpcRequest } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';
import { recordPayload } from '../record-payload';

export interface RevokeRecordCommand {
  caller: Caller;
  id: string;
  reason: string;
}

export function revokeRecordCommand(request: RpcRequest): RevokeRecordCommand {
  const { id, body } = recordPayload(request.payload);
  const { reason } = validate(revokeInput, body);
  return { caller: requireCaller(request.caller), id, reason };
}
