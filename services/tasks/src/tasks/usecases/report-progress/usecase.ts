import { Inject, Injectable } from '@nestjs/common';
import type { TaskView } from '@cadre/contracts';
import { TaskStore } from '../../task-store';
import { reportProgress } from '../../domain/delivery';
import { taskView } from '../../views';
import type { ReportProgressCommand } from './command';

@Injectable()
export class ReportProgressUseCase {
  constructor(@Inject(TaskStore) private readonly tasks: TaskStore) {}

  async execute({ who, taskId, input }: ReportProgressCommand): Promise<TaskView> {
    return taskView(await this.tasks.change(who, taskId, (current) => reportProgress(current, who, input, new Date())), who);
  }
}
