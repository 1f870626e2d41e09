import { Inject, Injectable } from '@nestjs/common';
import type { Page, TeamView } from '@cadre/contracts';
import { TeamReads } from '../../team-store';
import { awaitingAnswerOf, pageOf } from '../../domain/teams';
import { teamView } from '../../views';
import type { ListMyTeamsCommand } from './command';

@Injectable()
export class ListMyTeamsUseCase {
  constructor(@Inject(TeamReads) private readonly reads: TeamReads) {}

  async execute({ who, query, awaitingAnswer }: ListMyTeamsCommand): Promise<Page<TeamView>> {
    const teams = await this.reads.ofMember(who.userId);
    const listed = awaitingAnswer ? awaitingAnswerOf(teams, who.userId) : teams;
    const page = pageOf(listed, query.page, query.pageSize);
    return { ...page, items: page.items.map(teamView) };
  }
}
