import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { isId, type TeamView } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { DirectoryReplica } from '@cadre/directory';
import { TEAM_STORE, type TeamStore } from '../../team-store';
import { newTeam, type MemberFacts } from '../../domain/teams';
import { teamView } from '../../views';
import type { CreateTeamCommand } from './command';

/** A cadre forms a team across departments (书院制) and leads it; the others are invited (`tasks.team.changed`). */
@Injectable()
export class CreateTeamUseCase {
  constructor(
    @Inject(TEAM_STORE) private readonly teams: TeamStore,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  async execute({ who, input, problems: found, members }: CreateTeamCommand): Promise<TeamView> {
    const errors = [...found];
    const invited = await Promise.all(
      members.map(async (member, index): Promise<MemberFacts | null> => {
        const userId = (member as { userId?: unknown } | null)?.userId;
        if (!isId(userId) || userId === who.userId) return null;
        const user = await this.directory.user(userId);
        if (!user || !user.active) errors.push({ path: `members.${index}.userId`, message: 'is not a known user' });
        return user;
      }),
    );
    if (errors.length || !input) throw problems.invalid(errors);
    const { team, events } = newTeam(randomUUID(), who, input, invited, new Date());
    await this.teams.create(team, events);
    return teamView(team);
  }
}
