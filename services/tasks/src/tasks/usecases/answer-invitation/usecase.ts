import { Inject, Injectable } from '@nestjs/common';
import type { TeamView } from '@cadre/contracts';
import { TEAM_STORE, type TeamStore } from '../../team-store';
import { answerInvitation } from '../../domain/teams';
import { teamView } from '../../views';
import type { AnswerInvitationCommand } from './command';

/** An invited member accepts or declines (`tasks.team.changed`); the last acceptance forms the team (`tasks.team.formed`). */
@Injectable()
export class AnswerInvitationUseCase {
  constructor(@Inject(TEAM_STORE) private readonly teams: TeamStore) {}

  async execute({ who, teamId, answer }: AnswerInvitationCommand): Promise<TeamView> {
    const { after } = await this.teams.change(teamId, (team) => answerInvitation(team, who, answer, new Date()));
    return teamView(after);
  }
}
