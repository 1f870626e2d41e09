import { Inject, Injectable } from '@nestjs/common';
import type { TaskView } from '@cadre/contracts';
import { TaskStore } from '../../task-store';
import { taskView } from '../../views';
import type { GetTaskCommand } from './command';

/** A task's page: everything published is public (全程公开); a draft only to its department's publishers. */
@Injectable()
export class GetTaskUseCase {
  constructor(@Inject(TaskStore) private readonly tasks: TaskStore) {}

  async execute({ who, taskId }: GetTaskCommand): Promise<TaskView> {
    return taskView(await this.tasks.visible(who, taskId), who);
  }
}
