import { Inject, Injectable } from '@nestjs/common';
import type { BidView } from '@cadre/contracts';
import { TaskStore } from '../../task-store';
import { bidOf, evaluateBid, taskIdOfBid } from '../../domain/bids';
import { bidView } from '../../views';
import type { EvaluateBidCommand } from './command';

/** 评标: an assigned, unconflicted evaluator scores a bid on the rubric (`tasks.task.evaluation_recorded`, with who the task still waits for). */
@Injectable()
export class EvaluateBidUseCase {
  constructor(@Inject(TaskStore) private readonly tasks: TaskStore) {}

  async execute({ who, bidId, input }: EvaluateBidCommand): Promise<BidView> {
    const task = await this.tasks.change(who, taskIdOfBid(bidId), (current) => evaluateBid(current, bidId, who, input, new Date()));
    return bidView(task, bidOf(task, bidId), who);
  }
}
