import type { Caller, RpcRequest } from '@cadre/contracts';
import { idFrom, requireCaller } from '@cadre/platform';

export interface AnswerInvitationCommand {
  who: Caller;
  teamId: string;
  answer: 'accepted' | 'declined';
}

export function answerInvitationCommand(request: RpcRequest, answer: AnswerInvitationCommand['answer']): AnswerInvitationCommand {
  return { who: requireCaller(request.caller), teamId: idFrom(request.payload, 'team'), answer };
}
