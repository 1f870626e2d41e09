import { Inject, Injectable } from '@nestjs/common';
import type { BidView } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { FileAttachments, type AttachmentRequest } from '@cadre/files';
import { TaskStore } from '../../task-store';
import { TEAM_STORE, type TeamStore } from '../../team-store';
import type { TeamDocument } from '../../task.schema';
import { requireTeamLead } from '../../domain/access';
import { bidOf, submitBid } from '../../domain/bids';
import { bidView } from '../../views';
import type { SubmitBidCommand } from './command';

const attachmentsOf = (body: unknown) => (body as { attachments?: unknown } | null)?.attachments;

/** 揭榜: a formed team's lead bids for an open task, with the plan's files (`POST /files?purpose=bid`). */
@Injectable()
export class SubmitBidUseCase {
  constructor(
    @Inject(TaskStore) private readonly tasks: TaskStore,
    @Inject(TEAM_STORE) private readonly teams: TeamStore,
    @Inject(FileAttachments) private readonly files: FileAttachments,
  ) {}

  async execute({ who, taskId, body, parse }: SubmitBidCommand): Promise<BidView> {
    const request: AttachmentRequest = { field: 'attachments', purpose: 'bid', uploaderId: who.userId };
    const input = await this.files.withProblems(parse, await this.files.problems(request, attachmentsOf(body)));
    const team = await this.teams.model.findById(input.teamId).lean<TeamDocument>();
    if (!team) throw problems.invalid([{ path: 'teamId', message: 'is not a team' }]);
    requireTeamLead(who, team);
    const fileIds = input.attachments.map((a) => a.fileId);
    const attachments = await this.files.facts(request, fileIds);
    // The files are claimed for the bid id the write will give (one write at a time per task: a bid submitted
    // meanwhile by another team makes this one a 409 to send again, its files released).
    const expected = `${taskId}_${(await this.tasks.visible(who, taskId)).bidSeq + 1}`;
    let bidId = '';
    const task = await this.files.attachAround(
      request,
      { kind: 'bid', id: expected },
      fileIds,
      () => [],
      () =>
        this.tasks.change(who, taskId, (current) => {
          const submitted = submitBid(current, team, input, new Date(), attachments);
          if (fileIds.length && submitted.bidId !== expected) throw problems.conflict('Another team’s bid was submitted at the same moment; send the bid again.');
          bidId = submitted.bidId;
          return submitted.change;
        }),
    );
    return bidView(task, bidOf(task, bidId), who);
  }
}
