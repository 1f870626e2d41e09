import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  RPC,
  awardInput,
  createBatchInput,
  createBidInput,
  createTaskInput,
  createTeamInput,
  reinviteInput,
  updateTeamInput,
  myBidPageViewSchema,
  teamPageViewSchema,
  type MyBidView,
  evaluationInput,
  progressInput,
  resultsInput,
  taskReviewInput,
  toleranceInput,
  updateBidInput,
  updateTaskInput,
  bidViewSchema,
  taskBatchPageViewSchema,
  taskBatchViewSchema,
  taskSummaryPageViewSchema,
  taskViewSchema,
  teamViewSchema,
  type BidView,
  type Page,
  type TaskBatchView,
  type TaskView,
  type TeamView,
} from '@cadre/contracts';
import { RpcClient } from '@cadre/messaging';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { sendListOrExport } from '../http/export-stream';
import { apiSchema, createdResponse, okJsonOrCsvResponse, okResponse, problemResponses } from '../http/openapi';

type Body_ = Record<string, unknown>;

/**
 * The key-task marketplace (揭榜挂帅) belongs to the tasks service, which validates every body and decides every
 * permission (publisher of the department, team lead, assigned and unconflicted evaluator): the gateway
 * authenticates and forwards.
 */
@ApiTags('key tasks')
@ApiBearerAuth()
@Controller('api/v1')
export class TasksController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  private call<T>(subject: string, request: AuthenticatedRequest, payload: Body_): Promise<T> {
    return this.rpc.request<T>(subject, payload, request.caller);
  }

  @Post('task-batches')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a task batch (publisher), e.g. 第一批' })
  @ApiBody({ schema: apiSchema(createBatchInput, { name: '第一批揭榜挂帅任务', description: '聚焦自贸港建设中的硬骨头' }) })
  @createdResponse(taskBatchViewSchema)
  @problemResponses(400, 401, 403, 503)
  createBatch(@Req() request: AuthenticatedRequest, @Body() body: Body_): Promise<TaskBatchView> {
    return this.call(RPC.tasks.batchCreate, request, body ?? {});
  }

  @Get('task-batches')
  @ApiOperation({ summary: 'The task batches' })
  @okResponse(taskBatchPageViewSchema)
  @problemResponses(400, 401, 503)
  listBatches(@Req() request: AuthenticatedRequest, @Query() query: Body_): Promise<Page<TaskBatchView>> {
    return this.call(RPC.tasks.batchList, request, query ?? {});
  }

  @Post('tasks')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a task as a draft (publisher); its department is the publisher’s' })
  @ApiBody({ schema: apiSchema(createTaskInput) })
  @createdResponse(taskViewSchema)
  @problemResponses(400, 401, 403, 503)
  create(@Req() request: AuthenticatedRequest, @Body() body: Body_): Promise<TaskView> {
    return this.call(RPC.tasks.create, request, body ?? {});
  }

  @Get('tasks')
  @ApiOperation({ summary: 'The public board (全程公开): published tasks, filtered and paged; ?format=csv for a spreadsheet' })
  @ApiQuery({ name: 'batchId', required: false })
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'domain', required: false })
  @ApiQuery({ name: 'q', required: false, description: 'part of the title or description, literal and case-insensitive; at most 50 characters' })
  @ApiQuery({ name: 'sort', required: false, enum: ['createdAt', '-createdAt', 'biddingDeadline', '-biddingDeadline', 'rewardPoints', '-rewardPoints'] })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false, description: 'at most 100' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  @okJsonOrCsvResponse(taskSummaryPageViewSchema)
  @problemResponses(400, 401, 503)
  async list(@Req() request: AuthenticatedRequest, @Query() query: Body_, @Res() reply: FastifyReply) {
    return sendListOrExport(reply, query, (q) => this.call(RPC.tasks.list, request, q));
  }

  @Get('tasks/:id')
  @ApiOperation({ summary: 'One task with its bids, evaluation scores, award, progress, results, reviews, verdict and reward' })
  @okResponse(taskViewSchema)
  @problemResponses(401, 404, 503)
  get(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<TaskView> {
    return this.call(RPC.tasks.get, request, { id });
  }

  @Patch('tasks/:id')
  @ApiOperation({ summary: 'Edit a draft (publisher of its department); `version` must match' })
  @ApiBody({ schema: apiSchema(updateTaskInput, { version: 1, rewardPoints: 30 }) })
  @okResponse(taskViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  update(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Body_): Promise<TaskView> {
    return this.call(RPC.tasks.update, request, { ...(body ?? {}), id });
  }

  @Post('tasks/:id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'draft → open: teams may bid (揭榜) until the bidding deadline' })
  @okResponse(taskViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  publish(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<TaskView> {
    return this.call(RPC.tasks.publish, request, { id });
  }

  @Post('tasks/:id/close-bidding')
  @HttpCode(200)
  @ApiOperation({ summary: 'open → evaluating (评标), or unclaimed without bids; also done by itself at the deadline' })
  @okResponse(taskViewSchema)
  @problemResponses(401, 403, 404, 409, 503)
  closeBidding(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<TaskView> {
    return this.call(RPC.tasks.closeBidding, request, { id });
  }

  @Post('tasks/:id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'draft → withdrawn' })
  @okResponse(taskViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  withdraw(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Body_): Promise<TaskView> {
    return this.call(RPC.tasks.withdraw, request, { ...(body ?? {}), id });
  }

  @Post('tasks/:id/award')
  @HttpCode(200)
  @ApiOperation({ summary: 'evaluating → in_progress once every evaluation is in (409 otherwise): award the top bid, or several for a race (赛马); `reason` required when a higher-ranked bid is passed over' })
  @ApiBody({ schema: apiSchema(awardInput) })
  @okResponse(taskViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  award(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Body_): Promise<TaskView> {
    return this.call(RPC.tasks.award, request, { ...(body ?? {}), id });
  }

  @Post('tasks/:id/progress')
  @HttpCode(201)
  @ApiOperation({ summary: 'Report progress on a milestone (a member of an awarded team)' })
  @ApiBody({ schema: apiSchema(progressInput) })
  @createdResponse(taskViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  progress(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Body_): Promise<TaskView> {
    return this.call(RPC.tasks.progress, request, { ...(body ?? {}), id });
  }

  @Post('tasks/:id/results')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit the results (lead of an awarded team); with every awarded team in → reviewing (评审)' })
  @ApiBody({ schema: apiSchema(resultsInput) })
  @okResponse(taskViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  results(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Body_): Promise<TaskView> {
    return this.call(RPC.tasks.results, request, { ...(body ?? {}), id });
  }

  @Post('tasks/:id/reviews')
  @HttpCode(201)
  @ApiOperation({ summary: '评审: an assigned, unconflicted evaluator judges one awarded team’s results (teamId required in a race); sealed until conclusion' })
  @ApiBody({ schema: apiSchema(taskReviewInput, { verdict: 'pass', comment: '按期完成攻坚目标' }) })
  @createdResponse(taskViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  review(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Body_): Promise<TaskView> {
    return this.call(RPC.tasks.review, request, { ...(body ?? {}), id });
  }

  @Post('tasks/:id/tolerance')
  @HttpCode(201)
  @ApiOperation({ summary: '容错: the lead of an awarded team applies for tolerance with a justification, before its results are reviewed' })
  @ApiBody({ schema: apiSchema(toleranceInput, { justification: '已尽职履责，因政策调整未达预期' }) })
  @createdResponse(taskViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  tolerance(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Body_): Promise<TaskView> {
    return this.call(RPC.tasks.tolerance, request, { ...(body ?? {}), id });
  }

  @Post('tasks/:id/conclude')
  @HttpCode(200)
  @ApiOperation({ summary: 'reviewing → concluded with every review in: the verdict is the majority; the reward is released' })
  @okResponse(taskViewSchema)
  @problemResponses(401, 403, 404, 409, 503)
  conclude(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<TaskView> {
    return this.call(RPC.tasks.conclude, request, { id });
  }

  @Post('tasks/:id/bids')
  @HttpCode(201)
  @ApiOperation({ summary: '揭榜: the lead of a formed team bids while bidding is open; one bid per team' })
  @ApiBody({ schema: apiSchema(createBidInput) })
  @createdResponse(bidViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  createBid(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Body_): Promise<BidView> {
    return this.call(RPC.tasks.bidCreate, request, { ...(body ?? {}), id });
  }

  @Patch('bids/:id')
  @ApiOperation({ summary: 'Revise a bid until bidding closes (the lead); `version` must match' })
  @ApiBody({ schema: apiSchema(updateBidInput) })
  @okResponse(bidViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  updateBid(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Body_): Promise<BidView> {
    return this.call(RPC.tasks.bidUpdate, request, { ...(body ?? {}), id });
  }

  @Post('bids/:id/evaluations')
  @HttpCode(201)
  @ApiOperation({ summary: '评标: an assigned, unconflicted evaluator scores a bid (feasibility 30, innovation 20, capability 30, benefit 20)' })
  @ApiBody({ schema: apiSchema(evaluationInput, { scores: { feasibility: 26, innovation: 15, capability: 27, benefit: 17 }, comment: '方案可行' }) })
  @createdResponse(bidViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  evaluate(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Body_): Promise<BidView> {
    return this.call(RPC.tasks.evaluate, request, { ...(body ?? {}), id });
  }

  @Post('teams')
  @HttpCode(201)
  @ApiOperation({ summary: 'Form a team across departments (书院制): the caller leads; the others are invited' })
  @ApiBody({ schema: apiSchema(createTeamInput) })
  @createdResponse(teamViewSchema)
  @problemResponses(400, 401, 403, 503)
  createTeam(@Req() request: AuthenticatedRequest, @Body() body: Body_): Promise<TeamView> {
    return this.call(RPC.tasks.teamCreate, request, body ?? {});
  }

  @Get('teams/mine')
  @ApiOperation({ summary: 'My teams: those I lead or am invited to or belong to, with every member’s answer' })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
  @okResponse(teamPageViewSchema)
  @problemResponses(400, 401, 503)
  myTeams(@Req() request: AuthenticatedRequest, @Query() query: Body_): Promise<Page<TeamView>> {
    return this.call(RPC.tasks.teamsMine, request, query ?? {});
  }

  @Get('invitations/mine')
  @ApiOperation({ summary: 'My pending invitations: the teams awaiting my answer (accept or decline)' })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
  @okResponse(teamPageViewSchema)
  @problemResponses(400, 401, 503)
  myInvitations(@Req() request: AuthenticatedRequest, @Query() query: Body_): Promise<Page<TeamView>> {
    return this.call(RPC.tasks.invitationsMine, request, query ?? {});
  }

  @Get('bids/mine')
  @ApiOperation({ summary: 'The bids of my teams, with each task’s title and status' })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
  @okResponse(myBidPageViewSchema)
  @problemResponses(400, 401, 503)
  myBids(@Req() request: AuthenticatedRequest, @Query() query: Body_): Promise<Page<MyBidView>> {
    return this.call(RPC.tasks.bidsMine, request, query ?? {});
  }

  @Patch('teams/:id')
  @ApiOperation({ summary: 'Repair a team (the lead): rename, change members, roles or shares; changed members are invited again' })
  @ApiBody({ schema: apiSchema(updateTeamInput) })
  @okResponse(teamViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  updateTeam(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Body_): Promise<TeamView> {
    return this.call(RPC.tasks.teamUpdate, request, { ...(body ?? {}), id });
  }

  @Post('teams/:id/invitations')
  @HttpCode(200)
  @ApiOperation({ summary: 'Invite again a member who declined (the lead)' })
  @ApiBody({ schema: apiSchema(reinviteInput) })
  @okResponse(teamViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  reinvite(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Body_): Promise<TeamView> {
    return this.call(RPC.tasks.teamInvite, request, { ...(body ?? {}), id });
  }

  @Get('teams/:id')
  @ApiOperation({ summary: 'One team with its members and their answers' })
  @okResponse(teamViewSchema)
  @problemResponses(401, 404, 503)
  getTeam(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<TeamView> {
    return this.call(RPC.tasks.teamGet, request, { id });
  }

  @Post('teams/:id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept an invitation (the invited member)' })
  @okResponse(teamViewSchema)
  @problemResponses(401, 403, 404, 409, 503)
  accept(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<TeamView> {
    return this.call(RPC.tasks.teamAccept, request, { id });
  }

  @Post('teams/:id/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline an invitation (the invited member)' })
  @okResponse(teamViewSchema)
  @problemResponses(401, 403, 404, 409, 503)
  decline(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<TeamView> {
    return this.call(RPC.tasks.teamDecline, request, { id });
  }
}
