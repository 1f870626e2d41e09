import { Inject, Injectable } from '@nestjs/common';
import type { BidView, FileAttachment } from '@cadre/contracts';
import { FileAttachments, type AttachmentRequest } from '@cadre/files';
import { TaskStore } from '../../task-store';
import { bidOf, reviseBid, taskIdOfBid } from '../../domain/bids';
import { bidView } from '../../views';
import type { ReviseBidCommand } from './command';

/** The lead revises the bid; a new `attachments` list replaces the old one and releases the files it drops. */
@Injectable()
export class ReviseBidUseCase {
  constructor(
    @Inject(TaskStore) private readonly tasks: TaskStore,
    @Inject(FileAttachments) private readonly files: FileAttachments,
  ) {}

  async execute({ who, bidId, body, parse }: ReviseBidCommand): Promise<BidView> {
    const taskId = taskIdOfBid(bidId);
    const holder: FileAttachment = { kind: 'bid', id: bidId };
    const request: AttachmentRequest = { field: 'attachments', purpose: 'bid', uploaderId: who.userId, revision: true };
    const input = await this.files.withProblems(parse, await this.files.problems(request, (body as { attachments?: unknown } | null)?.attachments, holder));
    if (!input.attachments) {
      const task = await this.tasks.change(who, taskId, (current) => reviseBid(current, bidId, who, input, new Date()));
      return bidView(task, bidOf(task, bidId), who);
    }
    const fileIds = input.attachments.map((a) => a.fileId);
    const attachments = await this.files.facts(request, fileIds);
    let before: string[] = [];
    const task = await this.files.attachAround(
      request,
      holder,
      fileIds,
      () => before.filter((fileId) => !fileIds.includes(fileId)),
      () =>
        this.tasks.change(who, taskId, (current) => {
          before = (bidOf(current, bidId).attachments ?? []).map((a) => a.fileId);
          return reviseBid(current, bidId, who, input, new Date(), attachments);
        }),
    );
    return bidView(task, bidOf(task, bidId), who);
  }
}
