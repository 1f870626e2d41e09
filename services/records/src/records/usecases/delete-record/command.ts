import { z } from 'zod';
import type { Caller, RpcRequest } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';
import { recordPayload } from '../record-payload';

export interface DeleteRecordCommand {
  caller: Caller;
  id: string;
}

const emptyBody = z.strictObject({});

export function deleteRecordCommand(request: RpcRequest): DeleteRecordCommand {
  const { id, body } = recordPayload(request.payload);
  validate(emptyBody, body);
  return { caller: requireCaller(request.caller), id };
}
