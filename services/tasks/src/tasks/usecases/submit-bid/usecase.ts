import { Inject, Injectable } from '@nestjs/common';
import type { BidView } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { TaskStore } from '../../task-store';
import { TEAM_STORE, type TeamStore } from '../../team-store';
import type { TeamDocument } from '../../task.schema';
import { requireTeamLead } from '../../domain/access';
import { bidOf, submitBid } from '../../domain/bids';
import { bidView } from '../../views';
import type { SubmitBidCommand } from './command';

/** 揭榜: a formed team's lead bids for an open task. */
@Injectable()
export class SubmitBidUseCase {
  constructor(
    @Inject(TaskStore) private readonly tasks: TaskStore,
    @Inject(TEAM_STORE) private readonly teams: TeamStore,
  ) {}

  async execute({ who, taskId, input }: SubmitBidCommand): Promise<BidView> {
    const team = await this.teams.model.findById(input.teamId).lean<TeamDocument>();
    if (!team) throw problems.invalid([{ path: 'teamId', message: 'is not a team' }]);
    requireTeamLead(who, team);
    let bidId = '';
    const task = await this.tasks.change(who, taskId, (current) => {
      const submitted = submitBid(current, team, input, new Date());
      bidId = submitted.bidId;
      return submitted.change;
    });
    return bidView(task, bidOf(task, bidId), who);
  }
}
