import { reviewInput, type Caller, type RpcRequest } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';
import type { RecordAction } from '../../domain/workflow';
import { recordPayload } from '../record-payload';

export interface ReviewRecordCommand {
  caller: Caller;
  id: string;
  action: Extract<RecordAction, `review:${string}`>;
  comment: string;
}

export function reviewRecordCommand(request: RpcRequest): ReviewRecordCommand {
  const { id, body } = recordPayload(request.payload);
  const input = validate(reviewInput, body);
  return { caller: requireCaller(request.caller), id, action: `review:${input.decision}`, comment: input.comment };
}
