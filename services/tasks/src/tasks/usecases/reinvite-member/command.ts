import { reinviteInput, type Caller, type RpcRequest } from '@cadre/contracts';
import { idFrom, requireCaller, validate, withoutId } from '@cadre/platform';

/** `POST /teams/:id/invitations {userId}`: the lead invites a member who declined again. */
export interface ReinviteMemberCommand {
  who: Caller;
  teamId: string;
  userId: string;
}

export function reinviteMemberCommand(request: RpcRequest): ReinviteMemberCommand {
  const who = requireCaller(request.caller);
  const teamId = idFrom(request.payload, 'team');
  return { who, teamId, userId: validate(reinviteInput, withoutId(request.payload)).userId };
}
