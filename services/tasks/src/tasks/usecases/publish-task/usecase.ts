import { Inject, Injectable } from '@nestjs/common';
import type { TaskView } from '@cadre/contracts';
import { TaskStore } from '../../task-store';
import { BiddingDeadlines } from '../../bidding-deadlines';
import { publishTask } from '../../domain/transitions';
import { taskView } from '../../views';
import type { PublishTaskCommand } from './command';

/** 发榜: the draft opens for bids, and its bidding deadline is scheduled to close it. */
@Injectable()
export class PublishTaskUseCase {
  constructor(
    @Inject(TaskStore) private readonly tasks: TaskStore,
    @Inject(BiddingDeadlines) private readonly deadlines: BiddingDeadlines,
  ) {}

  async execute({ who, taskId }: PublishTaskCommand): Promise<TaskView> {
    const task = await this.tasks.change(who, taskId, (current) => publishTask(current, who, new Date()));
    await this.deadlines.schedule(task._id, task.biddingDeadline);
    return taskView(task, who);
  }
}
