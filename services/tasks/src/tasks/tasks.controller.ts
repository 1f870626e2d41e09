import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type RpcRequest } from '@cadre/contracts';
import {
  CreateBatchUseCase,
  createBatchCommand,
  ListBatchesUseCase,
  listBatchesCommand,
  CreateTaskUseCase,
  createTaskCommand,
  ListTasksUseCase,
  listTasksCommand,
  GetTaskUseCase,
  getTaskCommand,
  UpdateTaskUseCase,
  updateTaskCommand,
  PublishTaskUseCase,
  publishTaskCommand,
  CloseBiddingUseCase,
  closeBiddingCommand,
  WithdrawTaskUseCase,
  withdrawTaskCommand,
  AwardTaskUseCase,
  awardTaskCommand,
  ReportProgressUseCase,
  reportProgressCommand,
  SubmitResultsUseCase,
  submitResultsCommand,
  ReviewResultsUseCase,
  reviewResultsCommand,
  ApplyToleranceUseCase,
  applyToleranceCommand,
  ConcludeTaskUseCase,
  concludeTaskCommand,
  SubmitBidUseCase,
  submitBidCommand,
  ReviseBidUseCase,
  reviseBidCommand,
  EvaluateBidUseCase,
  evaluateBidCommand,
  CreateTeamUseCase,
  createTeamCommand,
  GetTeamUseCase,
  getTeamCommand,
  AnswerInvitationUseCase,
  answerInvitationCommand,
  UpdateTeamUseCase,
  updateTeamCommand,
  ReinviteMemberUseCase,
  reinviteMemberCommand,
  ListMyTeamsUseCase,
  listMyTeamsCommand,
  ListMyBidsUseCase,
  listMyBidsCommand,
} from './usecases';
import { authorizeFileCommand, listFileAccessCommand } from '@cadre/files';
import { AuthorizeTaskFileUseCase } from '../files/usecases/authorize-file/usecase';
import { ListTaskFileAccessUseCase } from '../files/usecases/list-file-access/usecase';

/** Request-reply handlers: each parses its command and hands it to its use case (usecases/<name>/). */
@Controller()
export class TasksController {
  constructor(
    @Inject(CreateBatchUseCase) private readonly createBatchUseCase: CreateBatchUseCase,
    @Inject(ListBatchesUseCase) private readonly listBatchesUseCase: ListBatchesUseCase,
    @Inject(CreateTaskUseCase) private readonly createTaskUseCase: CreateTaskUseCase,
    @Inject(ListTasksUseCase) private readonly listTasksUseCase: ListTasksUseCase,
    @Inject(GetTaskUseCase) private readonly getTaskUseCase: GetTaskUseCase,
    @Inject(UpdateTaskUseCase) private readonly updateTaskUseCase: UpdateTaskUseCase,
    @Inject(PublishTaskUseCase) private readonly publishTaskUseCase: PublishTaskUseCase,
    @Inject(CloseBiddingUseCase) private readonly closeBiddingUseCase: CloseBiddingUseCase,
    @Inject(WithdrawTaskUseCase) private readonly withdrawTaskUseCase: WithdrawTaskUseCase,
    @Inject(AwardTaskUseCase) private readonly awardTaskUseCase: AwardTaskUseCase,
    @Inject(ReportProgressUseCase) private readonly reportProgressUseCase: ReportProgressUseCase,
    @Inject(SubmitResultsUseCase) private readonly submitResultsUseCase: SubmitResultsUseCase,
    @Inject(ReviewResultsUseCase) private readonly reviewResultsUseCase: ReviewResultsUseCase,
    @Inject(ApplyToleranceUseCase) private readonly applyToleranceUseCase: ApplyToleranceUseCase,
    @Inject(ConcludeTaskUseCase) private readonly concludeTaskUseCase: ConcludeTaskUseCase,
    @Inject(SubmitBidUseCase) private readonly submitBidUseCase: SubmitBidUseCase,
    @Inject(ReviseBidUseCase) private readonly reviseBidUseCase: ReviseBidUseCase,
    @Inject(EvaluateBidUseCase) private readonly evaluateBidUseCase: EvaluateBidUseCase,
    @Inject(CreateTeamUseCase) private readonly createTeamUseCase: CreateTeamUseCase,
    @Inject(GetTeamUseCase) private readonly getTeamUseCase: GetTeamUseCase,
    @Inject(AnswerInvitationUseCase) private readonly answerInvitationUseCase: AnswerInvitationUseCase,
    @Inject(UpdateTeamUseCase) private readonly updateTeamUseCase: UpdateTeamUseCase,
    @Inject(ReinviteMemberUseCase) private readonly reinviteMemberUseCase: ReinviteMemberUseCase,
    @Inject(ListMyTeamsUseCase) private readonly listMyTeamsUseCase: ListMyTeamsUseCase,
    @Inject(ListMyBidsUseCase) private readonly listMyBidsUseCase: ListMyBidsUseCase,
    @Inject(AuthorizeTaskFileUseCase) private readonly authorizeTaskFileUseCase: AuthorizeTaskFileUseCase,
    @Inject(ListTaskFileAccessUseCase) private readonly listTaskFileAccessUseCase: ListTaskFileAccessUseCase,
  ) {}

  @MessagePattern(RPC.tasks.batchCreate)
  async createBatch(@Payload() r: RpcRequest) {
    return this.createBatchUseCase.execute(createBatchCommand(r));
  }
  @MessagePattern(RPC.tasks.batchList)
  async listBatches(@Payload() r: RpcRequest) {
    return this.listBatchesUseCase.execute(listBatchesCommand(r));
  }
  @MessagePattern(RPC.tasks.create)
  async create(@Payload() r: RpcRequest) {
    return this.createTaskUseCase.execute(createTaskCommand(r));
  }
  @MessagePattern(RPC.tasks.list)
  async list(@Payload() r: RpcRequest) {
    return this.listTasksUseCase.execute(listTasksCommand(r));
  }
  @MessagePattern(RPC.tasks.get)
  async get(@Payload() r: RpcRequest) {
    return this.getTaskUseCase.execute(getTaskCommand(r));
  }
  @MessagePattern(RPC.tasks.update)
  async update(@Payload() r: RpcRequest) {
    return this.updateTaskUseCase.execute(updateTaskCommand(r));
  }
  @MessagePattern(RPC.tasks.publish)
  async publish(@Payload() r: RpcRequest) {
    return this.publishTaskUseCase.execute(publishTaskCommand(r));
  }
  @MessagePattern(RPC.tasks.closeBidding)
  async closeBidding(@Payload() r: RpcRequest) {
    return this.closeBiddingUseCase.execute(closeBiddingCommand(r));
  }
  @MessagePattern(RPC.tasks.withdraw)
  async withdraw(@Payload() r: RpcRequest) {
    return this.withdrawTaskUseCase.execute(withdrawTaskCommand(r));
  }
  @MessagePattern(RPC.tasks.award)
  async award(@Payload() r: RpcRequest) {
    return this.awardTaskUseCase.execute(awardTaskCommand(r));
  }
  @MessagePattern(RPC.tasks.progress)
  async progress(@Payload() r: RpcRequest) {
    return this.reportProgressUseCase.execute(reportProgressCommand(r));
  }
  @MessagePattern(RPC.tasks.results)
  async results(@Payload() r: RpcRequest) {
    return this.submitResultsUseCase.execute(submitResultsCommand(r));
  }
  @MessagePattern(RPC.tasks.review)
  async review(@Payload() r: RpcRequest) {
    return this.reviewResultsUseCase.execute(reviewResultsCommand(r));
  }
  @MessagePattern(RPC.tasks.tolerance)
  async tolerance(@Payload() r: RpcRequest) {
    return this.applyToleranceUseCase.execute(applyToleranceCommand(r));
  }
  @MessagePattern(RPC.tasks.conclude)
  async conclude(@Payload() r: RpcRequest) {
    return this.concludeTaskUseCase.execute(concludeTaskCommand(r));
  }
  @MessagePattern(RPC.tasks.bidCreate)
  async createBid(@Payload() r: RpcRequest) {
    return this.submitBidUseCase.execute(submitBidCommand(r));
  }
  @MessagePattern(RPC.tasks.bidUpdate)
  async updateBid(@Payload() r: RpcRequest) {
    return this.reviseBidUseCase.execute(reviseBidCommand(r));
  }
  @MessagePattern(RPC.tasks.evaluate)
  async evaluate(@Payload() r: RpcRequest) {
    return this.evaluateBidUseCase.execute(evaluateBidCommand(r));
  }
  @MessagePattern(RPC.tasks.teamCreate)
  async createTeam(@Payload() r: RpcRequest) {
    return this.createTeamUseCase.execute(createTeamCommand(r));
  }
  @MessagePattern(RPC.tasks.teamGet)
  async getTeam(@Payload() r: RpcRequest) {
    return this.getTeamUseCase.execute(getTeamCommand(r));
  }
  @MessagePattern(RPC.tasks.teamAccept)
  async accept(@Payload() r: RpcRequest) {
    return this.answerInvitationUseCase.execute(answerInvitationCommand(r, 'accepted'));
  }
  @MessagePattern(RPC.tasks.teamDecline)
  async decline(@Payload() r: RpcRequest) {
    return this.answerInvitationUseCase.execute(answerInvitationCommand(r, 'declined'));
  }
  @MessagePattern(RPC.tasks.teamUpdate)
  async updateTeam(@Payload() r: RpcRequest) {
    return this.updateTeamUseCase.execute(updateTeamCommand(r));
  }
  @MessagePattern(RPC.tasks.teamInvite)
  async reinvite(@Payload() r: RpcRequest) {
    return this.reinviteMemberUseCase.execute(reinviteMemberCommand(r));
  }
  @MessagePattern(RPC.tasks.teamsMine)
  async myTeams(@Payload() r: RpcRequest) {
    return this.listMyTeamsUseCase.execute(listMyTeamsCommand(r, false));
  }
  @MessagePattern(RPC.tasks.invitationsMine)
  async myInvitations(@Payload() r: RpcRequest) {
    return this.listMyTeamsUseCase.execute(listMyTeamsCommand(r, true));
  }
  @MessagePattern(RPC.tasks.bidsMine)
  async myBids(@Payload() r: RpcRequest) {
    return this.listMyBidsUseCase.execute(listMyBidsCommand(r));
  }
  /** The gateway asks before it streams a bid, progress or result file's bytes. */
  @MessagePattern(RPC.tasks.fileAuthorize)
  async authorizeFile(@Payload() r: RpcRequest) {
    return this.authorizeTaskFileUseCase.execute(authorizeFileCommand(r));
  }
  @MessagePattern(RPC.tasks.fileAccessLog)
  async fileAccessLog(@Payload() r: RpcRequest) {
    return this.listTaskFileAccessUseCase.execute(listFileAccessCommand(r));
  }
}
