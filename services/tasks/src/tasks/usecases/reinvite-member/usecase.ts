import { Inject, Injectable } from '@nestjs/common';
import type { TeamView } from '@cadre/contracts';
import { TEAM_STORE, TeamReads, type TeamStore } from '../../team-store';
import { hasLiveBid, reinviteMember } from '../../domain/teams';
import { teamView } from '../../views';
import type { ReinviteMemberCommand } from './command';

/** The lead invites a member who declined again (`tasks.team.changed`). */
@Injectable()
export class ReinviteMemberUseCase {
  constructor(
    @Inject(TEAM_STORE) private readonly teams: TeamStore,
    @Inject(TeamReads) private readonly reads: TeamReads,
  ) {}

  async execute({ who, teamId, userId }: ReinviteMemberCommand): Promise<TeamView> {
    const liveBid = hasLiveBid(await this.reads.bidTaskStatuses(teamId));
    const { after } = await this.teams.change(teamId, (team) => reinviteMember(team, who, userId, liveBid, new Date()));
    return teamView(after);
  }
}
