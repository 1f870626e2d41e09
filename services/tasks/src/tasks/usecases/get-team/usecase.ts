import { Inject, Injectable } from '@nestjs/common';
import type { TeamView } from '@cadre/contracts';
import { TEAM_STORE, type TeamStore } from '../../team-store';
import { teamView } from '../../views';
import type { GetTeamCommand } from './command';

@Injectable()
export class GetTeamUseCase {
  constructor(@Inject(TEAM_STORE) private readonly teams: TeamStore) {}

  async execute({ teamId }: GetTeamCommand): Promise<TeamView> {
    return teamView(await this.teams.find(teamId));
  }
}
