import { resultsInput, type ResultsInput, type RpcRequest } from '@cadre/contracts';
import { validate, withoutId } from '@cadre/platform';
import { taskCommand, type TaskCommand } from '../task-command';

export interface SubmitResultsCommand extends TaskCommand {
  input: ResultsInput;
}

export function submitResultsCommand(request: RpcRequest): SubmitResultsCommand {
  const { who, taskId } = taskCommand(request);
  return { who, taskId, input: validate(resultsInput, withoutId(request.payload)) };
}
