import { Inject, Injectable } from '@nestjs/common';
import type { TaskView } from '@cadre/contracts';
import { TaskStore } from '../../task-store';
import { awardTask } from '../../domain/transitions';
import { taskView } from '../../views';
import type { AwardTaskCommand } from './command';

/** The award (揭榜结果), once 评标 is complete: the task goes to 攻坚 with the chosen bids; every score is published with it. */
@Injectable()
export class AwardTaskUseCase {
  constructor(@Inject(TaskStore) private readonly tasks: TaskStore) {}

  async execute({ who, taskId, bidIds, reason }: AwardTaskCommand): Promise<TaskView> {
    return taskView(await this.tasks.change(who, taskId, (current) => awardTask(current, who, new Date(), bidIds, reason)), who);
  }
}
