import { updateTeamInput, type Caller, type ProblemFieldError, type RpcRequest, type UpdateTeamInput } from '@cadre/contracts';
import { fieldErrors, idFrom, requireCaller, withoutId } from '@cadre/platform';
import { teamMemberProblems } from '../../domain/shares';

/** `PATCH /teams/:id`: the lead repairs the team. Shape problems here; unknown members by the use case; answered together. */
export interface UpdateTeamCommand {
  who: Caller;
  teamId: string;
  input?: UpdateTeamInput;
  problems: ProblemFieldError[];
  /** The members as given, to look up even when another field is invalid. */
  members: unknown[];
}

export function updateTeamCommand(request: RpcRequest): UpdateTeamCommand {
  const who = requireCaller(request.caller);
  const teamId = idFrom(request.payload, 'team');
  const body = withoutId(request.payload);
  const parsed = updateTeamInput.safeParse(body);
  return {
    who,
    teamId,
    input: parsed.success ? parsed.data : undefined,
    problems: !parsed.success ? fieldErrors(parsed.error) : parsed.data.members ? teamMemberProblems(who.userId, parsed.data.members) : [],
    members: Array.isArray(body.members) ? body.members : [],
  };
}
