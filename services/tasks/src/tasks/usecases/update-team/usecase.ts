import { Inject, Injectable } from '@nestjs/common';
import { isId, type TeamView } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { DirectoryReplica } from '@cadre/directory';
import { TEAM_STORE, TeamReads, type TeamStore } from '../../team-store';
import { editTeam, hasLiveBid, TEAM_LEAD_ONLY, type MemberFacts } from '../../domain/teams';
import { teamView } from '../../views';
import type { UpdateTeamCommand } from './command';

/** The lead repairs a team (a member declined, shares or roles change, a rename): see `editTeam`. */
@Injectable()
export class UpdateTeamUseCase {
  constructor(
    @Inject(TEAM_STORE) private readonly teams: TeamStore,
    @Inject(TeamReads) private readonly reads: TeamReads,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  async execute({ who, teamId, input, problems: found, members }: UpdateTeamCommand): Promise<TeamView> {
    const current = await this.teams.find(teamId);
    const errors = [...found];
    const invited = new Map<string, MemberFacts>();
    await Promise.all(
      members.map(async (member, index) => {
        const userId = (member as { userId?: unknown } | null)?.userId;
        if (!isId(userId) || current.memberIds.includes(userId)) return;
        const user = await this.directory.user(userId);
        if (!user || !user.active) errors.push({ path: `members.${index}.userId`, message: 'is not a known user' });
        else invited.set(userId, user);
      }),
    );
    const liveBid = hasLiveBid(await this.reads.bidTaskStatuses(teamId));
    const { after } = await this.teams.change(teamId, (team) => {
      // Who first (403), whatever the body holds; then the body (400); then the state (409).
      if (team.leadId !== who.userId) throw problems.forbidden(TEAM_LEAD_ONLY);
      if (errors.length || !input) throw problems.invalid(errors);
      return editTeam(team, who, input, invited, liveBid, new Date());
    });
    return teamView(after);
  }
}
