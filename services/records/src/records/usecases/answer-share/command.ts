import { participationInput, type Caller, type ParticipationInput, type RpcRequest } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';
import { recordPayload } from '../record-payload';

export interface AnswerShareCommand {
  caller: Caller;
  id: string;
  answer: ParticipationInput;
}

export function answerShareCommand(request: RpcRequest): AnswerShareCommand {
  const caller = requireCaller(request.caller);
  const { id, body } = recordPayload(request.payload);
  return { caller, id, answer: validate(participationInput, body) };
}
