import type { RpcRequest } from '@cadre/contracts';
import { taskCommand, type TaskCommand } from '../task-command';

export type CloseBiddingCommand = TaskCommand;

export function closeBiddingCommand(request: RpcRequest): CloseBiddingCommand {
  return taskCommand(request);
}
