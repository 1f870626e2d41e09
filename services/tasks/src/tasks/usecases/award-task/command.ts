import { awardInput, type RpcRequest } from '@cadre/contracts';
import { validate, withoutId } from '@cadre/platform';
import { taskCommand, type TaskCommand } from '../task-command';

export interface AwardTaskCommand extends TaskCommand {
  bidIds: string[];
}

export function awardTaskCommand(request: RpcRequest): AwardTaskCommand {
  const { who, taskId } = taskCommand(request);
  return { who, taskId, bidIds: validate(awardInput, withoutId(request.payload)).bidIds };
}
