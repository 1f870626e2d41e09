import { Inject, Injectable } from '@nestjs/common';
import type { TaskView } from '@cadre/contracts';
import { ProblemException } from '@cadre/platform';
import { TaskStore } from '../../task-store';
import { SYSTEM_CALLER } from '../../domain/access';
import { closeBidding } from '../../domain/transitions';
import { taskView } from '../../views';
import type { CloseBiddingCommand } from './command';

/** Bidding closes by the publisher's hand, or by itself at the deadline (`closeIfDue`, the deadline job's). */
@Injectable()
export class CloseBiddingUseCase {
  constructor(@Inject(TaskStore) private readonly tasks: TaskStore) {}

  async execute({ who, taskId }: CloseBiddingCommand): Promise<TaskView> {
    return taskView(await this.tasks.change(who, taskId, (current) => closeBidding(current, who, new Date())), who);
  }

  /** Closes bidding of an open task whose deadline has passed; answers whether it did (idempotent). */
  async closeIfDue(taskId: string, now = new Date()): Promise<boolean> {
    const task = await this.tasks.deadlineOf(taskId);
    if (!task || task.status !== 'open' || new Date(task.biddingDeadline) > now) return false;
    try {
      await this.execute({ who: SYSTEM_CALLER, taskId });
      return true;
    } catch (error) {
      if (error instanceof ProblemException && error.problem.status === 409) return false;
      throw error;
    }
  }
}
