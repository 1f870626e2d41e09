import { pageQuery, type RpcRequest } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';

export interface ListBatchesCommand {
  page: number;
  pageSize: number;
}

/** Batches are listed for every signed-in user. */
export function listBatchesCommand(request: RpcRequest): ListBatchesCommand {
  requireCaller(request.caller);
  const { page, pageSize } = validate(pageQuery, request.payload ?? {});
  return { page, pageSize };
}
