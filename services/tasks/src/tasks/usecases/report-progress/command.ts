import { progressInput, type ProgressInput, type RpcRequest } from '@cadre/contracts';
import { validate, withoutId } from '@cadre/platform';
import { taskCommand, type TaskCommand } from '../task-command';

export interface ReportProgressCommand extends TaskCommand {
  /** The body as sent: its `attachments` are checked against the stored files with the schema, in one 400. */
  body: unknown;
  parse: () => ProgressInput;
}

export function reportProgressCommand(request: RpcRequest): ReportProgressCommand {
  const { who, taskId } = taskCommand(request);
  const body = withoutId(request.payload);
  return { who, taskId, body, parse: () => validate(progressInput, body) };
}
