import type { RpcRequest } from '@cadre/contracts';
import { taskCommand, type TaskCommand } from '../task-command';

export type PublishTaskCommand = TaskCommand;

export function publishTaskCommand(request: RpcRequest): PublishTaskCommand {
  return taskCommand(request);
}
