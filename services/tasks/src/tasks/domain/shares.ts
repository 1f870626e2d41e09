import type { ProblemFieldError, TeamInvitationState, TeamMemberRole } from '@cadre/contracts';

export interface TeamMemberShare {
  userId: string;
  role: TeamMemberRole;
  share: number;
}

/**
 * The members of a new team (docs/DOMAIN.md §2): exactly one lead (牵头人), who is the creator; nobody listed twice;
 * every share a whole percent from 1 to 100 (integers only, like record participants, so the sum is exact);
 * the shares summing to exactly 100. Returns every problem, with field paths (`members.1.userId`), like
 * records' `participantProblems`; an empty list means valid.
 */
export function teamMemberProblems(creatorId: string, members: readonly TeamMemberShare[], path = 'members'): ProblemFieldError[] {
  const problems: ProblemFieldError[] = [];
  if (members.length === 0) return [{ path, message: 'must list at least the lead' }];

  const seen = new Set<string>();
  members.forEach((m, index) => {
    if (seen.has(m.userId)) problems.push({ path: `${path}.${index}.userId`, message: 'is listed twice' });
    seen.add(m.userId);
    if (!Number.isInteger(m.share) || m.share < 1 || m.share > 100) {
      problems.push({ path: `${path}.${index}.share`, message: 'must be a whole percent from 1 to 100' });
    }
  });

  const total = members.reduce((sum, m) => sum + m.share, 0);
  if (total !== 100) problems.push({ path, message: `shares must sum to 100 (they sum to ${total})` });

  const leads = members.map((m, index) => ({ m, index })).filter(({ m }) => m.role === 'lead');
  if (leads.length === 0) problems.push({ path, message: 'must have a lead' });
  leads.slice(1).forEach(({ index }) => problems.push({ path: `${path}.${index}.role`, message: 'only one member may lead' }));
  if (leads.length > 0 && leads[0].m.userId !== creatorId) {
    problems.push({ path: `${path}.${leads[0].index}.userId`, message: 'the lead must be the team’s creator' });
  }
  if (!seen.has(creatorId)) problems.push({ path, message: 'must include the creator as the lead' });
  return problems;
}

/** A team may bid once every member has accepted (the lead accepts by creating the team). */
export function isTeamFormed(members: readonly { invitation: TeamInvitationState }[]): boolean {
  return members.length > 0 && members.every((m) => m.invitation === 'accepted');
}
