import { z } from 'zod';
import type { RpcRequest } from '@cadre/contracts';
import { idFrom, requireCaller, validate, withoutId } from '@cadre/platform';
import type { TaskCommand } from '../task-command';

export interface WithdrawTaskCommand extends TaskCommand {
  comment: string;
}

const withdrawInput = z.strictObject({ comment: z.string().trim().max(2000, 'must be at most 2,000 characters').default('') });

export function withdrawTaskCommand(request: RpcRequest): WithdrawTaskCommand {
  const who = requireCaller(request.caller);
  const { comment } = validate(withdrawInput, withoutId(request.payload));
  return { who, taskId: idFrom(request.payload, 'task'), comment };
}
