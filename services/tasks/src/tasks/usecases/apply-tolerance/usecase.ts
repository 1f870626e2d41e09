import { Inject, Injectable } from '@nestjs/common';
import type { TaskView } from '@cadre/contracts';
import { TaskStore } from '../../task-store';
import { applyTolerance } from '../../domain/tolerance';
import { taskView } from '../../views';
import type { ApplyToleranceCommand } from './command';

/** 容错: the lead of an awarded team applies for tolerance before its results are judged. */
@Injectable()
export class ApplyToleranceUseCase {
  constructor(@Inject(TaskStore) private readonly tasks: TaskStore) {}

  async execute({ who, taskId, input }: ApplyToleranceCommand): Promise<TaskView> {
    return taskView(await this.tasks.change(who, taskId, (current) => applyTolerance(current, who, input, new Date())), who);
  }
}
