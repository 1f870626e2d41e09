import { Inject, Injectable } from '@nestjs/common';
import type { TaskView } from '@cadre/contracts';
import { FileAttachments, type AttachmentRequest } from '@cadre/files';
import { TaskStore } from '../../task-store';
import { awardedBidOf } from '../../domain/access';
import { submitResults } from '../../domain/delivery';
import { taskView } from '../../views';
import type { SubmitResultsCommand } from './command';

/** The lead of an awarded team submits its results: a summary and the deliverables' files (`POST /files?purpose=result`). */
@Injectable()
export class SubmitResultsUseCase {
  constructor(
    @Inject(TaskStore) private readonly tasks: TaskStore,
    @Inject(FileAttachments) private readonly files: FileAttachments,
  ) {}

  async execute({ who, taskId, body, parse }: SubmitResultsCommand): Promise<TaskView> {
    const request: AttachmentRequest = { field: 'deliverables', purpose: 'result', uploaderId: who.userId };
    const input = await this.files.withProblems(parse, await this.files.problems(request, (body as { deliverables?: unknown } | null)?.deliverables));
    const fileIds = input.deliverables.map((d) => d.fileId);
    const facts = await this.files.facts(request, fileIds);
    const deliverables = facts.map((file, index) => {
      const description = input.deliverables[index]?.description;
      return description ? { ...file, description } : file;
    });
    const submit = () => this.tasks.change(who, taskId, (current) => submitResults(current, who, input, new Date(), deliverables));
    // The results entry is the awarded bid's; no such bid (not an awarded lead) is the decision's 403, nothing claimed.
    const bid = awardedBidOf(await this.tasks.visible(who, taskId), who.userId);
    const task = bid ? await this.files.attachAround(request, { kind: 'result', id: bid.id }, fileIds, () => [], submit) : await submit();
    return taskView(task, who);
  }
}
