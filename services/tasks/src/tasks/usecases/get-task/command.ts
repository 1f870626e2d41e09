import type { RpcRequest } from '@cadre/contracts';
import { taskCommand, type TaskCommand } from '../task-command';

export type GetTaskCommand = TaskCommand;

export function getTaskCommand(request: RpcRequest): GetTaskCommand {
  return taskCommand(request);
}
