import { createTeamInput, type Caller, type CreateTeamInput, type ProblemFieldError, type RpcRequest } from '@cadre/contracts';
import { fieldErrors } from '@cadre/platform';
import { requireTeamFounder } from '../../domain/access';
import { teamMemberProblems } from '../../domain/shares';

/** A new team. Its problems (shape, shares, lead) are collected here; unknown members by the use case; answered together. */
export interface CreateTeamCommand {
  who: Caller;
  input?: CreateTeamInput;
  problems: ProblemFieldError[];
  /** The members as given, to look up even when another field is invalid. */
  members: unknown[];
}

export function createTeamCommand(request: RpcRequest): CreateTeamCommand {
  const who = requireTeamFounder(request.caller);
  const parsed = createTeamInput.safeParse(request.payload ?? {});
  const raw = (request.payload ?? {}) as { members?: unknown };
  return {
    who,
    input: parsed.success ? parsed.data : undefined,
    problems: parsed.success ? teamMemberProblems(who.userId, parsed.data.members) : fieldErrors(parsed.error),
    members: Array.isArray(raw.members) ? raw.members : [],
  };
}
