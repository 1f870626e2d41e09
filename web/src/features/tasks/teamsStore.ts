import type { TeamMemberView, TeamView } from '@cadre/contracts';

/**
 * My teams, invitations and bids come from the API (`GET /teams/mine`, `/invitations/mine`, `/bids/mine`); the
 * helpers below shape them for the pages.
 */

/** The teams the viewer may bid with: formed teams they lead, labelled by name and members (never an id). */
export function biddableTeams(teams: readonly TeamView[], userId: string | undefined): { value: string; label: string }[] {
  return teams
    .filter((team) => team.formed && team.leadId === userId)
    .map((team) => ({ value: team.id, label: `${team.name}（${team.members.map((m) => m.name).join('、')}）` }));
}

/** One row of 我的团队 / 我的邀请: the team and where I stand in it. */
export interface MyTeamRow {
  id: string;
  name: string;
  leadName: string;
  myRole: TeamMemberView['role'] | null;
  myShare: number | null;
  myAnswer: TeamMemberView['invitation'] | null;
  formed: boolean;
}

export function myTeamRow(team: TeamView, userId: string): MyTeamRow {
  const me = team.members.find((m) => m.userId === userId);
  const lead = team.members.find((m) => m.userId === team.leadId);
  return { id: team.id, name: team.name, leadName: lead?.name ?? '', myRole: me?.role ?? null, myShare: me?.share ?? null, myAnswer: me?.invitation ?? null, formed: team.formed };
}

/** Whether the viewer may repair the team (edit, invite again): its lead. */
export function mayRepair(team: Pick<TeamView, 'leadId'>, viewerId: string | undefined): boolean {
  return !!viewerId && team.leadId === viewerId;
}

export interface RepairValues {
  name: string;
  members: { userId: string; role: 'lead' | 'member'; share: number }[];
}

/**
 * The body of `PATCH /teams/:id` from the repair form: the name when it changed, the members when they changed
 * (the whole list); null when nothing changed.
 */
export function repairBody(team: Pick<TeamView, 'version' | 'name' | 'members'>, values: RepairValues): { version: number; name?: string; members?: RepairValues['members'] } | null {
  const name = values.name.trim();
  const members = values.members.map((m) => ({ userId: m.userId.trim(), role: m.role, share: m.share }));
  const same = (a: RepairValues['members'][number], b: TeamMemberView) => a.userId === b.userId && a.role === b.role && a.share === b.share && b.invitation !== 'declined';
  const membersChanged = members.length !== team.members.length || members.some((m, i) => !same(m, team.members[i]!));
  if (name === team.name && !membersChanged) return null;
  return { version: team.version, ...(name !== team.name ? { name } : {}), ...(membersChanged ? { members } : {}) };
}
