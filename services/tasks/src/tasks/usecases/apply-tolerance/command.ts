import { toleranceInput, type RpcRequest, type ToleranceInput } from '@cadre/contracts';
import { validate, withoutId } from '@cadre/platform';
import { taskCommand, type TaskCommand } from '../task-command';

export interface ApplyToleranceCommand extends TaskCommand {
  input: ToleranceInput;
}

export function applyToleranceCommand(request: RpcRequest): ApplyToleranceCommand {
  const { who, taskId } = taskCommand(request);
  return { who, taskId, input: validate(toleranceInput, withoutId(request.payload)) };
}
