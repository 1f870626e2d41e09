import { TASK_EVENTS, type Caller, type CreateTeamInput, type MyBidView, type TaskStatus, type TeamChangedV1, type TeamFormedV1, type UpdateTeamInput } from '@cadre/contracts';
import { ProblemException, problems } from '@cadre/platform';
import type { AggregateChange, PendingEvent } from '@cadre/messaging';
import type { BidEntry, TeamDocument, TeamHistoryEntry } from '../task.schema';
import { isTeamFormed, teamMemberProblems } from './shares';
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
 * A new team led by its creator, who has accepted by creating it; the others are invited (`tasks.team.changed`). A
 * team of the lead alone is formed at once, and announces it.
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
  return { team, events: [teamChanged(team, 'created', who, now), ...(team.formedAt ? [teamFormed(team, now)] : [])] };
}

/** An invited member accepts or declines, once (`tasks.team.changed`); the last acceptance forms the team and announces it. */
export function answerInvitation(team: TeamDocument, who: Caller, answer: 'accepted' | 'declined', now: Date): AggregateChange {
  const member = requireInvitee(who, team);
  if (member.invitation !== 'invited') throw problems.conflict(`You have ${member.invitation} this invitation already.`);
  const members = team.members.map((m) => (m.userId === who.userId ? { ...m, invitation: answer, respondedAt: now } : m));
  const formedAt = isTeamFormed(members) ? now : null;
  const after: TeamDocument = { ...team, members, formedAt, version: team.version + 1 };
  return { set: { members, formedAt }, events: [teamChanged(after, answer, who, now), ...(formedAt ? [teamFormed(after, now)] : [])] };
}

/** What a team change was (`TeamChangedV1.action`). */
export type TeamChange = 'created' | 'updated' | 'accepted' | 'declined' | 'reinvited';

/**
 * `tasks.team.changed`: the team's whole state after any change (creation, an edit, an invitation answered or sent
 * again), each member with their invitation's state, so that who is still to answer is known from the event alone.
 */
export function teamChanged(team: TeamDocument, action: TeamChange, who: Pick<Caller, 'userId'>, now: Date): PendingEvent {
  const data: TeamChangedV1 = {
    teamId: team._id,
    teamName: team.name,
    leadId: team.leadId,
    version: team.version,
    formed: team.formedAt !== null,
    members: team.members.map((m) => ({ userId: m.userId, role: m.role, share: m.share, invitation: m.invitation })),
    action,
    actorId: who.userId,
    occurredAt: now.toISOString(),
  };
  return { subject: TASK_EVENTS.teamChanged, data };
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

// ---- repairs (docs/DOMAIN.md §2 "Teams"): the lead edits the team and invites again ----------------------------

/** Task statuses in which a team's bid is live: from bidding until conclusion. */
export const LIVE_BID_STATUSES: readonly TaskStatus[] = ['open', 'evaluating', 'in_progress', 'reviewing'];

/** Whether any of the tasks a team bid on is still running (its bid carries the team as it was). */
export function hasLiveBid(taskStatuses: readonly TaskStatus[]): boolean {
  return taskStatuses.some((status) => LIVE_BID_STATUSES.includes(status));
}

export const TEAM_LEAD_ONLY = 'Only the team’s lead may edit the team or invite again.';
export const LIVE_BID_REFUSAL =
  'This team has a bid on a task that is still running (open, in 评标, in progress or in 评审): its members and shares are those of the bid. Form a new team instead.';

function requireRepairable(team: TeamDocument, who: Caller, version: number | undefined, liveBid: boolean): void {
  if (team.leadId !== who.userId) throw problems.forbidden(TEAM_LEAD_ONLY);
  if (version !== undefined && version !== team.version) throw problems.conflict(`Stale version: the team is at version ${team.version}.`);
  if (liveBid) throw problems.conflict(LIVE_BID_REFUSAL);
}

const ROLE_ZH: Record<string, string> = { lead: '牵头人', member: '成员' };

/**
 * The lead repairs the team: a new name and/or the whole member list. A member left out is removed; a new one, one
 * whose role or share changed, and one who had declined are (again) invited, their earlier answer void; the others keep
 * theirs (a rename changes no one's acceptance). Every edit is announced (`tasks.team.changed`); the team is formed
 * again once every member has accepted, and says so (`tasks.team.formed`, under the new version). `invited` holds the directory's facts of every listed member
 * the team does not have yet (400 for an unknown one is the use case's). 403 for anyone but the lead, 409 when stale
 * or while a bid of the team is live (see LIVE_BID_REFUSAL). Nothing changed: null (no write).
 */
export function editTeam(team: TeamDocument, who: Caller, input: UpdateTeamInput, invited: ReadonlyMap<string, MemberFacts>, liveBid: boolean, now: Date): AggregateChange | null {
  requireRepairable(team, who, input.version, liveBid);
  const changes: string[] = [];
  const name = input.name ?? team.name;
  if (name !== team.name) changes.push(`名称：${team.name} → ${name}`);
  let members = team.members;
  if (input.members) {
    const errors = teamMemberProblems(team.leadId, input.members);
    if (errors.length) throw problems.invalid(errors);
    members = input.members.map((m): TeamMember => {
      const before = team.members.find((b) => b.userId === m.userId);
      if (m.userId === team.leadId) return { ...before!, role: m.role, share: m.share };
      if (before && before.role === m.role && before.share === m.share && before.invitation !== 'declined') return before;
      const facts = before ?? invited.get(m.userId);
      if (!facts) throw problems.invalid([{ path: `members.${input.members!.indexOf(m)}.userId`, message: 'is not a known user' }]);
      if (!before) changes.push(`邀请 ${facts.name}（${ROLE_ZH[m.role]}，${m.share}%）`);
      else if (before.invitation === 'declined') changes.push(`重新邀请 ${before.name}（${ROLE_ZH[m.role]}，${m.share}%）`);
      else changes.push(`${before.name}：${ROLE_ZH[before.role]} ${before.share}% → ${ROLE_ZH[m.role]} ${m.share}%，须重新确认`);
      return { userId: m.userId, name: facts.name, departmentId: facts.departmentId, departmentPath: facts.departmentPath, role: m.role, share: m.share, invitation: 'invited', respondedAt: null };
    });
    const lead = team.members.find((b) => b.userId === team.leadId);
    const leadNow = members.find((m) => m.userId === team.leadId);
    if (lead && leadNow && lead.share !== leadNow.share) changes.push(`${lead.name}（牵头人）：${lead.share}% → ${leadNow.share}%`);
    for (const gone of team.members.filter((b) => !input.members!.some((m) => m.userId === b.userId))) changes.push(`移除 ${gone.name}`);
  }
  if (changes.length === 0) return null;
  const version = team.version + 1;
  const formedAt = isTeamFormed(members) ? (team.formedAt && members.every((m) => team.members.includes(m) || m.userId === team.leadId) ? team.formedAt : now) : null;
  const after: TeamDocument = { ...team, name, members, memberIds: members.map((m) => m.userId), formedAt, version };
  return {
    set: { name, members, memberIds: after.memberIds, formedAt },
    push: { history: teamHistory('update', who, changes.join('；'), version, now) },
    events: [teamChanged(after, 'updated', who, now), ...(formedAt ? [teamFormed(after, now)] : [])],
  };
}

/** The lead invites a member who declined again, with the same role and share (409 unless they declined). */
export function reinviteMember(team: TeamDocument, who: Caller, userId: string, liveBid: boolean, now: Date): AggregateChange {
  requireRepairable(team, who, undefined, liveBid);
  const member = team.members.find((m) => m.userId === userId);
  if (!member || member.userId === team.leadId) throw new ProblemException(400, 'The request has invalid fields.', [{ path: 'userId', message: 'is not an invited member of this team' }]);
  if (member.invitation !== 'declined') throw problems.conflict(`${member.name} has not declined (their invitation is "${member.invitation}").`);
  const members = team.members.map((m) => (m.userId === userId ? { ...m, invitation: 'invited' as const, respondedAt: null } : m));
  const after: TeamDocument = { ...team, members, formedAt: null, version: team.version + 1 };
  return {
    set: { members, formedAt: null },
    push: { history: teamHistory('reinvite', who, `重新邀请 ${member.name}`, after.version, now) },
    events: [teamChanged(after, 'reinvited', who, now)],
  };
}

function teamHistory(action: TeamHistoryEntry['action'], who: Caller, comment: string, version: number, at: Date): TeamHistoryEntry {
  return { action, actorId: who.userId, actorName: who.name, at, comment, version };
}

// ---- my teams, my invitations, my bids ----------------------------------------------------------------------

/** Teams awaiting `userId`'s answer. */
export function awaitingAnswerOf<T extends Pick<TeamDocument, 'members'>>(teams: readonly T[], userId: string): T[] {
  return teams.filter((t) => t.members.some((m) => m.userId === userId && m.invitation === 'invited'));
}

/** The bids of `teamIds` on `tasks`, newest first, with their task's title and status. */
export function bidsOfTeams(tasks: readonly { _id: string; title: string; status: TaskStatus; bids: readonly BidEntry[] }[], teamIds: ReadonlySet<string>): MyBidView[] {
  return tasks
    .flatMap((task) =>
      task.bids
        .filter((bid) => teamIds.has(bid.teamId))
        .map(
          (bid): MyBidView => ({
            bidId: bid.id,
            taskId: task._id,
            taskTitle: task.title,
            taskStatus: task.status,
            teamId: bid.teamId,
            teamName: bid.teamName,
            leadId: bid.leadId,
            status: bid.status,
            version: bid.version,
            submittedAt: new Date(bid.submittedAt).toISOString(),
            updatedAt: new Date(bid.updatedAt).toISOString(),
          }),
        ),
    )
    .sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : a.submittedAt > b.submittedAt ? -1 : a.bidId < b.bidId ? -1 : 1));
}

/** One page of a list held whole. */
export function pageOf<T>(items: readonly T[], page: number, pageSize: number): { items: T[]; total: number; page: number; pageSize: number } {
  return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length, page, pageSize };
}
