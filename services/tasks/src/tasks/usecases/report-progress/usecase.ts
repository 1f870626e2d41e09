import { Inject, Injectable } from '@nestjs/common';
import type { TaskView } from '@cadre/contracts';
import { FileAttachments, type AttachmentRequest } from '@cadre/files';
import { TaskStore } from '../../task-store';
import { reportProgress } from '../../domain/delivery';
import { taskView } from '../../views';
import type { ReportProgressCommand } from './command';

/** A member of an awarded team reports progress, with files (`POST /files?purpose=progress`). */
@Injectable()
export class ReportProgressUseCase {
  constructor(
    @Inject(TaskStore) private readonly tasks: TaskStore,
    @Inject(FileAttachments) private readonly files: FileAttachments,
  ) {}

  async execute({ who, taskId, body, parse }: ReportProgressCommand): Promise<TaskView> {
    const request: AttachmentRequest = { field: 'attachments', purpose: 'progress', uploaderId: who.userId };
    const input = await this.files.withProblems(parse, await this.files.problems(request, (body as { attachments?: unknown } | null)?.attachments));
    const fileIds = input.attachments.map((a) => a.fileId);
    const attachments = await this.files.facts(request, fileIds);
    const task = await this.files.attachAround(
      request,
      { kind: 'progress', id: taskId },
      fileIds,
      () => [],
      () => this.tasks.change(who, taskId, (current) => reportProgress(current, who, input, new Date(), attachments)),
    );
    return taskView(task, who);
  }
}
