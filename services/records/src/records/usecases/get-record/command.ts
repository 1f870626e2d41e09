import type { Caller, RpcRequest } from '@cadre/contracts';
import { requireCaller } from '@cadre/platform';
import { recordPayload } from '../record-payload';

export interface GetRecordCommand {
  caller: Caller;
  id: string;
}

export function getRecordCommand(request: RpcRequest): GetRecordCommand {
  const caller = requireCaller(request.caller);
  return { caller, id: recordPayload(request.payload).id };
}
