import type { RpcRequest } from '@cadre/contracts';
import { idFrom, requireCaller } from '@cadre/platform';

export interface GetTeamCommand {
  teamId: string;
}

/** Teams are public to every signed-in user. */
export function getTeamCommand(request: RpcRequest): GetTeamCommand {
  requireCaller(request.caller);
  return { teamId: idFrom(request.payload, 'team') };
}
