import { Inject, Injectable } from '@nestjs/common';
import type { BidView } from '@cadre/contracts';
import { TaskStore } from '../../task-store';
import { bidOf, reviseBid, taskIdOfBid } from '../../domain/bids';
import { bidView } from '../../views';
import type { ReviseBidCommand } from './command';

@Injectable()
export class ReviseBidUseCase {
  constructor(@Inject(TaskStore) private readonly tasks: TaskStore) {}

  async execute({ who, bidId, input }: ReviseBidCommand): Promise<BidView> {
    const task = await this.tasks.change(who, taskIdOfBid(bidId), (current) => reviseBid(current, bidId, who, input, new Date()));
    return bidView(task, bidOf(task, bidId), who);
  }
}
