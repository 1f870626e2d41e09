import { Inject, Injectable } from '@nestjs/common';
import type { TaskView } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { BiddingDeadlines } from '../../bidding-deadlines';
import { TaskStore } from '../../task-store';
import { TaskReferences } from '../../task-references';
import { editDraft } from '../../domain/drafts';
import { taskView } from '../../views';
import { dedupe } from '../create-task/command';
import type { UpdateTaskCommand } from './command';

/** The publisher edits a draft, or corrects an open task before any bid (更正, announced as `tasks.task.updated`). */
@Injectable()
export class UpdateTaskUseCase {
  constructor(
    @Inject(TaskStore) private readonly tasks: TaskStore,
    @Inject(TaskReferences) private readonly refs: TaskReferences,
    @Inject(BiddingDeadlines) private readonly deadlines: BiddingDeadlines,
  ) {}

  async execute(command: UpdateTaskCommand): Promise<TaskView> {
    const errors = [...command.problems];
    const batch = command.batchId === undefined ? undefined : await this.refs.batch(errors, command.batchId);
    const evaluators = command.evaluatorIds === undefined ? undefined : await this.refs.evaluators(errors, command.evaluatorIds);
    errors.push(...command.deadlineProblems);
    const input = command.input;
    if (errors.length || !input) throw problems.invalid(dedupe(errors));
    const task = await this.tasks.change(command.who, command.taskId, (current) => editDraft(current, command.who, input, { batch, evaluators }, new Date()));
    // A correction of an open task may move its bidding deadline.
    if (task.status === 'open') await this.deadlines.schedule(task._id, task.biddingDeadline);
    return taskView(task, command.who);
  }
}
