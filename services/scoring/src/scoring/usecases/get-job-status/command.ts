import type { Caller, RpcRequest } from '@cadre/contracts';

/** `GET /rankings/jobs/:id`: a recalculation's or an activation's progress. */
export interface GetJobStatusCommand {
  caller: Caller | undefined;
  jobId: unknown;
}

export function getJobStatusCommand(r: RpcRequest<{ id?: unknown }>): GetJobStatusCommand {
  return { caller: r.caller, jobId: r.payload?.id };
}
