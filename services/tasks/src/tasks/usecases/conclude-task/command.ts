import type { RpcRequest } from '@cadre/contracts';
import { taskCommand, type TaskCommand } from '../task-command';

export type ConcludeTaskCommand = TaskCommand;

export function concludeTaskCommand(request: RpcRequest): ConcludeTaskCommand {
  return taskCommand(request);
}
