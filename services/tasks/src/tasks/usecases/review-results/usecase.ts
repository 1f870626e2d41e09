import { Inject, Injectable } from '@nestjs/common';
import type { TaskView } from '@cadre/contracts';
import { TaskStore } from '../../task-store';
import { reviewResults } from '../../domain/delivery';
import { taskView } from '../../views';
import type { ReviewResultsCommand } from './command';

/** 评审: an expected reviewer judges an awarded team's results (`tasks.task.review_recorded`, with who the task still waits for). */
@Injectable()
export class ReviewResultsUseCase {
  constructor(@Inject(TaskStore) private readonly tasks: TaskStore) {}

  async execute({ who, taskId, input }: ReviewResultsCommand): Promise<TaskView> {
    return taskView(await this.tasks.change(who, taskId, (current) => reviewResults(current, who, input, new Date())), who);
  }
}
