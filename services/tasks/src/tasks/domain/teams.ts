import { TASK_EVENTS, type Caller, type CreateTeamInput, type TeamFormedV1 } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import type { AggregateChange, PendingEvent } from '@cadre/messaging';
import type { TeamDocument } from '../task.schema';
import { isTeamFormed } from './shares';
import { requireInvitee } from './access';

/** Teams across departments (书院制): a cadre creates one and leads it; members join by accepting. */

export type TeamMember = TeamDocument['members'][number];

/** What the directory knows of an invited member. */
export interface MemberFacts {
  name: string;
  departmentId: string;
  departmentPath: string[];
}

/**
 * A new team led by its creator, who has accepted by creating it; the others are invited. A team of the lead
 * alone is formed at once, and announces it.
 */
export function newTeam(id: string, who: Caller, input: CreateTeamInput, invited: (MemberFacts | null)[], now: Date): { team: TeamDocument; events: PendingEvent[] } {
  const team: TeamDocument = {
    _id: id,
    version: 1,
    name: input.name,
    leadId: who.userId,
    createdBy: who.userId,
    members: input.members.map((m, index): TeamMember => {
      const isLead = m.userId === who.userId;
      const user = invited[index];
      return {
        userId: m.userId,
        name: isLead ? who.name : (user?.name ?? ''),
        departmentId: isLead ? who.departmentId : (user?.departmentId ?? ''),
        departmentPath: isLead ? who.departmentPath : (user?.departmentPath ?? []),
        role: m.role,
        share: m.share,
        invitation: isLead ? 'accepted' : 'invited',
        respondedAt: isLead ? now : null,
      };
    }),
    memberIds: input.members.map((m) => m.userId),
    formedAt: null,
    outbox: [],
    createdAt: now,
    updatedAt: now,
  };
  if (isTeamFormed(team.members)) team.formedAt = now;
  return { team, events: team.formedAt ? [teamFormed(team, now)] : [] };
}

/** An invited member accepts or declines, once; the last acceptance forms the team and announces it. */
export function answerInvitation(team: TeamDocument, who: Caller, answer: 'accepted' | 'declined', now: Date): AggregateChange {
  const member = requireInvitee(who, team);
  if (member.invitation !== 'invited') throw problems.conflict(`You have ${member.invitation} this invitation already.`);
  const members = team.members.map((m) => (m.userId === who.userId ? { ...m, invitation: answer, respondedAt: now } : m));
  const formedAt = isTeamFormed(members) ? now : null;
  const events = formedAt ? [teamFormed({ ...team, members, formedAt, version: team.version + 1 }, now)] : [];
  return { set: { members, formedAt }, events };
}

/** `tasks.team.formed`, of the team as it is once formed. */
export function teamFormed(team: TeamDocument, now: Date): PendingEvent {
  const data: TeamFormedV1 = {
    teamId: team._id,
    teamName: team.name,
    leadId: team.leadId,
    members: team.members.map((m) => ({ userId: m.userId, role: m.role, share: m.share, departmentId: m.departmentId, departmentPath: m.departmentPath })),
    version: team.version,
    createdBy: team.createdBy,
    createdAt: new Date(team.createdAt).toISOString(),
    formedAt: team.formedAt ? new Date(team.formedAt).toISOString() : now.toISOString(),
    occurredAt: now.toISOString(),
  };
  return { subject: TASK_EVENTS.teamFormed, data };
}
