import { Inject, Injectable } from '@nestjs/common';
import type { TaskView } from '@cadre/contracts';
import { TaskStore } from '../../task-store';
import { concludeTask } from '../../domain/transitions';
import { taskView } from '../../views';
import type { ConcludeTaskCommand } from './command';

/** The conclusion: the verdict of 评审 and the reward, announced for scoring (`tasks.task.concluded`). */
@Injectable()
export class ConcludeTaskUseCase {
  constructor(@Inject(TaskStore) private readonly tasks: TaskStore) {}

  async execute({ who, taskId }: ConcludeTaskCommand): Promise<TaskView> {
    return taskView(await this.tasks.change(who, taskId, (current) => concludeTask(current, who, new Date())), who);
  }
}
