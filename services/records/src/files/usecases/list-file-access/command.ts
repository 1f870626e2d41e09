import { fileAccessQuery, type Caller, type FileAccessQuery, type RpcRequest } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';

export interface ListFileAccessCommand {
  caller: Caller;
  query: FileAccessQuery;
}

export function listFileAccessCommand(request: RpcRequest): ListFileAccessCommand {
  return { caller: requireCaller(request.caller), query: validate(fileAccessQuery, request.payload ?? {}) };
}
