import type { Caller, RpcRequest } from '@cadre/contracts';
import { idFrom, requireCaller } from '@cadre/platform';

/** A request about one task by a signed-in caller (401 without one, 404 for a malformed id). */
export interface TaskCommand {
  who: Caller;
  taskId: string;
}

export function taskCommand(request: RpcRequest): TaskCommand {
  return { who: requireCaller(request.caller), taskId: idFrom(request.payload, 'task') };
}
