import { Inject, Injectable } from '@nestjs/common';
import type { TaskView } from '@cadre/contracts';
import { TaskStore } from '../../task-store';
import { withdrawBeforeBids } from '../../domain/drafts';
import { taskView } from '../../views';
import type { WithdrawTaskCommand } from './command';

@Injectable()
export class WithdrawTaskUseCase {
  constructor(@Inject(TaskStore) private readonly tasks: TaskStore) {}

  async execute({ who, taskId, comment }: WithdrawTaskCommand): Promise<TaskView> {
    return taskView(await this.tasks.change(who, taskId, (current) => withdrawBeforeBids(current, who, new Date(), comment)), who);
  }
}
