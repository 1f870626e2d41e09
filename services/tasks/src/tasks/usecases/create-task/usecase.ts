import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { TaskView } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { TaskStore } from '../../task-store';
import { TaskReferences } from '../../task-references';
import { newTask } from '../../domain/drafts';
import { taskView } from '../../views';
import { dedupe, type CreateTaskCommand } from './command';

/** 发榜, first step: a draft of the publisher's department, seen only there until it is published. */
@Injectable()
export class CreateTaskUseCase {
  constructor(
    @Inject(TaskStore) private readonly tasks: TaskStore,
    @Inject(TaskReferences) private readonly refs: TaskReferences,
  ) {}

  async execute(command: CreateTaskCommand): Promise<TaskView> {
    const errors = [...command.problems];
    const batch = await this.refs.batch(errors, command.batchId);
    const evaluators = await this.refs.evaluators(errors, command.evaluatorIds);
    errors.push(...command.deadlineProblems);
    if (errors.length || !command.input || !batch) throw problems.invalid(dedupe(errors));
    return taskView(await this.tasks.create(newTask(randomUUID(), command.who, command.input, batch, evaluators, new Date())), command.who);
  }
}
