import { Inject, Injectable } from '@nestjs/common';
import type { TaskView } from '@cadre/contracts';
import { TaskStore } from '../../task-store';
import { submitResults } from '../../domain/delivery';
import { taskView } from '../../views';
import type { SubmitResultsCommand } from './command';

@Injectable()
export class SubmitResultsUseCase {
  constructor(@Inject(TaskStore) private readonly tasks: TaskStore) {}

  async execute({ who, taskId, input }: SubmitResultsCommand): Promise<TaskView> {
    return taskView(await this.tasks.change(who, taskId, (current) => submitResults(current, who, input, new Date())), who);
  }
}
