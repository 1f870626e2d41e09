import { recordListQuery, type Caller, type RecordListQuery, type RpcRequest } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';

export interface ListRecordsCommand {
  caller: Caller;
  query: RecordListQuery;
}

export function listRecordsCommand(request: RpcRequest): ListRecordsCommand {
  const caller = requireCaller(request.caller);
  return { caller, query: validate(recordListQuery, request.payload ?? {}) };
}
