import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  DEFAULT_SCORING_STANDARD,
  RPC,
  activationViewSchema,
  dryRunViewSchema,
  jobAcceptedViewSchema,
  rankingViewSchema,
  recalculationJobViewSchema,
  scoreViewSchema,
  scoringStandardBody,
  scoringStandardListViewSchema,
  scoringStandardViewSchema,
  type ActivationView,
  type DryRunView,
  type JobAcceptedView,
  type RecalculationJobView,
  type ScoreView,
  type ScoringStandardView,
} from '@cadre/contracts';
import { RpcClient } from '@cadre/messaging';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { sendListOrExport } from '../http/export-stream';
import { acceptedResponse, apiSchema, createdResponse, okJsonOrCsvResponse, okResponse, problemResponses } from '../http/openapi';

type Body_ = Record<string, unknown>;

/**
 * Scoring belongs to the scoring service, which decides who may see a score or change the standard: the
 * gateway authenticates and forwards.
 */
@ApiTags('scoring')
@ApiBearerAuth()
@Controller('api/v1')
export class ScoringController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Get('scoring/standards')
  @ApiOperation({ summary: 'Every version of the scoring standard (评分标准)' })
  @okResponse(scoringStandardListViewSchema)
  @problemResponses(401, 503)
  list(@Req() request: AuthenticatedRequest): Promise<ScoringStandardView[]> {
    return this.rpc.request(RPC.scoring.standardsList, {}, request.caller);
  }

  @Get('scoring/standards/:version')
  @ApiOperation({ summary: 'One version of the scoring standard' })
  @okResponse(scoringStandardViewSchema)
  @problemResponses(401, 404, 503)
  get(@Req() request: AuthenticatedRequest, @Param('version') version: string): Promise<ScoringStandardView> {
    return this.rpc.request(RPC.scoring.standardGet, { version }, request.caller);
  }

  @Post('scoring/standards')
  @HttpCode(201)
  @ApiOperation({ summary: 'A new draft version of the standard (admin)' })
  @ApiBody({ schema: apiSchema(scoringStandardBody, DEFAULT_SCORING_STANDARD) })
  @createdResponse(scoringStandardViewSchema)
  @problemResponses(400, 401, 403, 503)
  create(@Req() request: AuthenticatedRequest, @Body() body: Body_): Promise<ScoringStandardView> {
    return this.rpc.request(RPC.scoring.standardCreate, body ?? {}, request.caller);
  }

  @Post('scoring/standards/:version/dry-run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Each cadre’s total this year before and after the draft, changing nothing (admin)' })
  @okResponse(dryRunViewSchema)
  @problemResponses(401, 403, 404, 409, 503)
  dryRun(@Req() request: AuthenticatedRequest, @Param('version') version: string): Promise<DryRunView> {
    return this.rpc.request(RPC.scoring.dryRun, { version }, request.caller, 120_000);
  }

  @Post('scoring/standards/:version/activate')
  @HttpCode(202)
  @ApiOperation({ summary: 'Make the draft current; every entry, total and ranking is recomputed by a job (admin): 202 { jobId }' })
  @acceptedResponse(activationViewSchema)
  @problemResponses(401, 403, 404, 409, 503)
  activate(@Req() request: AuthenticatedRequest, @Param('version') version: string): Promise<ActivationView> {
    return this.rpc.request(RPC.scoring.activate, { version }, request.caller);
  }

  @Get('scores/:cadreId')
  @ApiOperation({ summary: 'A cadre’s points with every ledger entry and its explanation (the cadre, reviewers of the subtree, assessors, admins)' })
  @ApiQuery({ name: 'period', required: false, description: 'a year (YYYY) or rolling3; this year by default' })
  @okResponse(scoreViewSchema)
  @problemResponses(400, 401, 403, 404, 503)
  score(@Req() request: AuthenticatedRequest, @Param('cadreId') cadreId: string, @Query() query: Body_): Promise<ScoreView> {
    return this.rpc.request(RPC.scoring.score, { ...(query ?? {}), id: cadreId }, request.caller);
  }

  @Get('rankings')
  @ApiOperation({ summary: 'Rankings by period and scope, as last calculated' })
  @ApiQuery({ name: 'period', required: false, description: 'a year (YYYY) or rolling3' })
  @ApiQuery({ name: 'scope', required: false, description: 'all, department:<id> or rank:<division|section|staff>' })
  @ApiQuery({ name: 'q', required: false, description: 'a name, part of one or its pinyin initials (at most 50 characters); filters before paging' })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  @okJsonOrCsvResponse(rankingViewSchema)
  @problemResponses(400, 401, 503)
  async rankings(@Req() request: AuthenticatedRequest, @Query() query: Body_, @Res() reply: FastifyReply) {
    return sendListOrExport(reply, query ?? {}, (q) => this.rpc.request(RPC.scoring.rankings, q, request.caller));
  }

  @Post('rankings/recalculate')
  @HttpCode(202)
  @ApiOperation({ summary: 'Recalculate every ranking now (admin): 202 { jobId }' })
  @acceptedResponse(jobAcceptedViewSchema)
  @problemResponses(401, 403, 503)
  recalculate(@Req() request: AuthenticatedRequest): Promise<JobAcceptedView> {
    return this.rpc.request(RPC.scoring.recalculate, {}, request.caller);
  }

  @Get('rankings/jobs/:jobId')
  @ApiOperation({ summary: 'Progress and outcome of a recalculation or activation job (admin)' })
  @okResponse(recalculationJobViewSchema)
  @problemResponses(401, 403, 404, 503)
  job(@Req() request: AuthenticatedRequest, @Param('jobId') jobId: string): Promise<RecalculationJobView> {
    return this.rpc.request(RPC.scoring.job, { id: jobId }, request.caller);
  }
}
