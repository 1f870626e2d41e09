import { Inject, Injectable } from '@nestjs/common';
import type { MyBidView, Page } from '@cadre/contracts';
import { TeamReads } from '../../team-store';
import { bidsOfTeams, pageOf } from '../../domain/teams';
import type { ListMyBidsCommand } from './command';

@Injectable()
export class ListMyBidsUseCase {
  constructor(@Inject(TeamReads) private readonly reads: TeamReads) {}

  async execute({ who, query }: ListMyBidsCommand): Promise<Page<MyBidView>> {
    const teamIds = (await this.reads.ofMember(who.userId)).map((team) => team._id);
    const bids = bidsOfTeams(await this.reads.tasksBidOnBy(teamIds), new Set(teamIds));
    return pageOf(bids, query.page, query.pageSize);
  }
}
