import { resultsInput, type ResultsInput, type RpcRequest } from '@cadre/contracts';
import { validate, withoutId } from '@cadre/platform';
import { taskCommand, type TaskCommand } from '../task-command';

export interface SubmitResultsCommand extends TaskCommand {
  /** The body as sent: its `deliverables` are checked against the stored files with the schema, in one 400. */
  body: unknown;
  parse: () => ResultsInput;
}

export function submitResultsCommand(request: RpcRequest): SubmitResultsCommand {
  const { who, taskId } = taskCommand(request);
  const body = withoutId(request.payload);
  return { who, taskId, body, parse: () => validate(resultsInput, body) };
}
