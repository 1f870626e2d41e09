import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  GRADES,
  RANK_LEVELS,
  RPC,
  analyticsAppraisalViewSchema,
  analyticsSelectionViewSchema,
  candidatesViewSchema,
  departmentsViewSchema,
  overviewViewSchema,
  portraitViewSchema,
  rebuildViewSchema,
  type RebuildView,
} from '@cadre/contracts';
import { RpcClient } from '@cadre/messaging';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { sendListOrExport } from '../http/export-stream';
import { acceptedResponse, okJsonOrCsvResponse, okResponse, problemResponses } from '../http/openapi';

type Query_ = Record<string, unknown>;

/** Overview and candidates read the most: they get longer than the default RPC timeout. */
const SLOW_READ_TIMEOUT_MS = 30_000;

const periodQuery = ApiQuery({
  name: 'period',
  required: false,
  description: 'a calendar year (YYYY, UTC+8); the current year by default',
  schema: { type: 'string', pattern: '^20\\d{2}$', example: '2026' },
});
const departmentQuery = (description: string) => ApiQuery({ name: 'departmentId', required: false, description, schema: { type: 'string' } });
const formatQuery = ApiQuery({ name: 'format', required: false, description: 'csv: a spreadsheet (UTF-8 with BOM); xlsx: an Excel workbook', schema: { type: 'string', enum: ['json', 'csv', 'xlsx'], default: 'json' } });

/**
 * Statistics and portraits (统计分析, 画像) belong to the analytics service, which validates every query and
 * decides who may see what (a reviewer's subtree, the cadre's own portrait, assessors, admins): the gateway
 * authenticates and forwards.
 */
@ApiTags('analytics')
@ApiBearerAuth()
@Controller('api/v1')
export class AnalyticsController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Get('analytics/overview')
  @ApiOperation({
    summary:
      'Records by item, status, department and month, review times and backlog, task figures and the points distribution of the caller’s scope (reviewers: own subtree; assessors, admins); ?format=csv for a spreadsheet',
  })
  @periodQuery
  @departmentQuery('a department subtree within the caller’s scope; the caller’s whole scope by default')
  @formatQuery
  @ApiProduces('application/json', 'text/csv')
  @okJsonOrCsvResponse(overviewViewSchema)
  @problemResponses(400, 401, 403, 404, 503)
  async overview(@Req() request: AuthenticatedRequest, @Query() query: Query_, @Res() reply: FastifyReply) {
    return sendListOrExport(reply, query ?? {}, (q) => this.rpc.request(RPC.analytics.overview, q, request.caller, SLOW_READ_TIMEOUT_MS));
  }

  @Get('analytics/departments')
  @ApiOperation({ summary: 'One row per department of the scope with its own figures (reviewers: own subtree; assessors, admins); ?format=csv for a spreadsheet' })
  @periodQuery
  @departmentQuery('a department subtree within the caller’s scope; the caller’s whole scope by default')
  @formatQuery
  @ApiProduces('application/json', 'text/csv')
  @okJsonOrCsvResponse(departmentsViewSchema)
  @problemResponses(400, 401, 403, 404, 503)
  async departments(@Req() request: AuthenticatedRequest, @Query() query: Query_, @Res() reply: FastifyReply) {
    return sendListOrExport(reply, query ?? {}, (q) => this.rpc.request(RPC.analytics.departments, q, request.caller));
  }

  @Get('analytics/cadres/:id/portrait')
  @ApiOperation({
    summary:
      'A cadre’s portrait (画像): radar by item, strengths, timeline, trend against department and city averages, teams, collaborators (the cadre, and those who may see their score); ?format=csv for a spreadsheet',
  })
  @periodQuery
  @formatQuery
  @ApiProduces('application/json', 'text/csv')
  @okJsonOrCsvResponse(portraitViewSchema)
  @problemResponses(400, 401, 403, 404, 503)
  async portrait(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Query() query: Query_, @Res() reply: FastifyReply) {
    return sendListOrExport(reply, { ...(query ?? {}), id }, (q) => this.rpc.request(RPC.analytics.portrait, q, request.caller));
  }

  @Get('analytics/candidates')
  @ApiOperation({ summary: 'The shortlist (选人用人参考) with the evidence behind each name, each with their confirmed grades of the last gradeYears years and latest 测评 满意度 (assessors, admins); ?format=csv for a spreadsheet' })
  @ApiQuery({ name: 'rankLevel', required: false, description: 'only cadres of this rank level', schema: { type: 'string', enum: [...RANK_LEVELS] } })
  @departmentQuery('only cadres of this department subtree')
  @periodQuery
  @ApiQuery({ name: 'limit', required: false, description: 'how many names, at most 100', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } })
  @ApiQuery({
    name: 'withoutGrades',
    required: false,
    description: `comma-separated grades (${GRADES.join(', ')}): leaves out anyone with such a confirmed grade in the gradeYears years up to period, e.g. basic,incompetent`,
    schema: { type: 'string', example: 'basic,incompetent' },
  })
  @ApiQuery({ name: 'gradeYears', required: false, description: 'how many years of confirmed grades each row shows and withoutGrades looks at', schema: { type: 'integer', minimum: 1, maximum: 10, default: 3 } })
  @ApiQuery({
    name: 'minSatisfaction',
    required: false,
    description: 'keeps only those whose latest shown 测评 满意度 (percent) reaches it; without a result: left out',
    schema: { type: 'number', minimum: 0, maximum: 100 },
  })
  @formatQuery
  @ApiProduces('application/json', 'text/csv')
  @okJsonOrCsvResponse(candidatesViewSchema)
  @problemResponses(400, 401, 403, 404, 503)
  async candidates(@Req() request: AuthenticatedRequest, @Query() query: Query_, @Res() reply: FastifyReply) {
    return sendListOrExport(reply, query ?? {}, (q) => this.rpc.request(RPC.analytics.candidates, q, request.caller, SLOW_READ_TIMEOUT_MS));
  }

  @Get('analytics/appraisal')
  @ApiOperation({
    summary:
      'Appraisal figures of the caller’s scope (reviewers: own subtree; assessors, admins): confirmed grades of the year’s cycles by kind and department, and 测评 results by criterion (average score, 满意度) per department; ?format=csv for a spreadsheet',
  })
  @periodQuery
  @departmentQuery('a department subtree within the caller’s scope; the caller’s whole scope by default')
  @formatQuery
  @ApiProduces('application/json', 'text/csv')
  @okJsonOrCsvResponse(analyticsAppraisalViewSchema)
  @problemResponses(400, 401, 403, 404, 503)
  async appraisal(@Req() request: AuthenticatedRequest, @Query() query: Query_, @Res() reply: FastifyReply) {
    return sendListOrExport(reply, query ?? {}, (q) => this.rpc.request(RPC.analytics.appraisal, q, request.caller, SLOW_READ_TIMEOUT_MS));
  }

  @Get('analytics/selection')
  @ApiOperation({
    summary:
      'Selection outcomes of the rounds concluded in the year (Beijing) in the caller’s scope (reviewers: own subtree; assessors, admins): per kind and department (where the candidate was when drawn), 凭实绩 (the share of selected cadres in the best tenth city-wide by points when drawn) and the days from opening to the decisions; ?format=csv: each department’s row and the total',
  })
  @periodQuery
  @departmentQuery('a department subtree within the caller’s scope; the caller’s whole scope by default')
  @formatQuery
  @ApiProduces('application/json', 'text/csv')
  @okJsonOrCsvResponse(analyticsSelectionViewSchema)
  @problemResponses(400, 401, 403, 404, 503)
  async selection(@Req() request: AuthenticatedRequest, @Query() query: Query_, @Res() reply: FastifyReply) {
    return sendListOrExport(reply, query ?? {}, (q) => this.rpc.request(RPC.analytics.selection, q, request.caller, SLOW_READ_TIMEOUT_MS));
  }

  @Post('analytics/rebuild')
  @HttpCode(202)
  @ApiOperation({ summary: 'Rebuild every read model from the event streams, then switch reads to it (admin; an empty body): 202 with the progress' })
  @acceptedResponse(rebuildViewSchema)
  @problemResponses(400, 401, 403, 503)
  rebuild(@Req() request: AuthenticatedRequest, @Body() body: unknown): Promise<RebuildView> {
    // The body must be empty or {}: the service checks what it is handed.
    return this.rpc.request(RPC.analytics.rebuild, body ?? {}, request.caller);
  }

  @Get('analytics/rebuild')
  @ApiOperation({ summary: 'Progress of the last rebuild and the generation reads use (admin)' })
  @okResponse(rebuildViewSchema)
  @problemResponses(401, 403, 503)
  rebuildStatus(@Req() request: AuthenticatedRequest): Promise<RebuildView> {
    return this.rpc.request(RPC.analytics.rebuildStatus, {}, request.caller);
  }
}
