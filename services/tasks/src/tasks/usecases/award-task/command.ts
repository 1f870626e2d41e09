import { awardInput, type RpcRequest } from '@cadre/contracts';
import { validate, withoutId } from '@cadre/platform';
import { taskCommand, type TaskCommand } from '../task-command';

export interface AwardTaskCommand extends TaskCommand {
  bidIds: string[];
  /** Required when a higher-ranked bid is passed over. */
  reason?: string;
}

export function awardTaskCommand(request: RpcRequest): AwardTaskCommand {
  const { who, taskId } = taskCommand(request);
  const { bidIds, reason } = validate(awardInput, withoutId(request.payload));
  return { who, taskId, bidIds, reason };
}
