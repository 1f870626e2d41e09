import { Controller, Get, HttpCode, Inject, Param, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  CYCLE_KINDS,
  CYCLE_STATUSES,
  RPC,
  appraisalViewSchema,
  ballotBody,
  ballotReceiptViewSchema,
  cadreAppraisalQuery,
  cadreAppraisalViewSchema,
  createCycleBody,
  currentScoringYear,
  cycleListQuery,
  cyclePageSchema,
  cycleViewSchema,
  gradeBody,
  myBallotsViewSchema,
  ratersBody,
  reviewGradeBody,
  sheetQuery,
  sheetViewSchema,
  surveyCadreViewSchema,
  surveyCloseViewSchema,
  surveyQuery,
  surveyViewSchema,
  type AppraisalView,
  type BallotBody,
  type BallotReceiptView,
  type CadreAppraisalPart,
  type CadreAppraisalQuery,
  type CreateCycleBody,
  type CycleView,
  type GradeBody,
  type MyBallotsView,
  type Problem,
  type RatersBody,
  type ReviewGradeBody,
  type ScoreView,
  type SheetQuery,
  type SheetView,
  type SurveyCadreView,
  type SurveyCloseView,
  type SurveyCriterion,
  type SurveyView,
  listFormat,
} from '@cadre/contracts';
import { RpcClient } from '@cadre/messaging';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { listPagesExport, sendExport } from '../http/export-stream';
import { apiSchema, createdResponse, okJsonOrCsvResponse, okResponse, problemResponses } from '../http/openapi';
import { ValidBody, ValidQuery } from '../http/validation';
import { cadreAppraisalCsv, cyclesCsv, sheetCsv, surveyCsv } from './appraisal-csv';
import { composeCadreAppraisal } from './combined-view';

/** Opening a cycle (the roster, the survey's raters) and closing one (every survey result) take longer than a read. */
const SLOW_COMMAND_TIMEOUT_MS = 60_000;

/** A command without a body: nothing, or `{}` (anything else is 400 naming the field). */
const emptyBody = z.strictObject({});
/** `GET /appraisal/cycles`: the service's query, and `format` (the gateway renders the CSV). */
const cycleListRequest = cycleListQuery.extend({ format: listFormat });
type CycleListRequest = z.infer<typeof cycleListRequest>;
type CyclePage = z.infer<typeof cyclePageSchema>;

const cycleIdParam = ApiParam({ name: 'id', description: 'the cycle', schema: { type: 'string' } });
const cadreIdParam = ApiParam({ name: 'cadreId', description: 'the cadre (a user with the role cadre)', schema: { type: 'string' } });
const formatQuery = ApiQuery({ name: 'format', required: false, description: 'csv: a spreadsheet (UTF-8 with BOM); xlsx: an Excel workbook', schema: { type: 'string', enum: ['json', 'csv', 'xlsx'], default: 'json' } });
const departmentQuery = ApiQuery({ name: 'departmentId', required: true, description: 'the department (its own cadres in the cycle)', schema: { type: 'string' } });

/** The example of `POST /appraisal/cycles` in the API document. */
const createCycleExample: CreateCycleBody = {
  kind: 'annual',
  name: '2026年度考核',
  period: '2026',
  departmentIds: ['d-longhua'],
  topGradeQuota: 0.2,
  dueDate: '2027-01-15',
  survey: {
    criteria: [
      { code: 'de', name: '德', weight: 0.2 },
      { code: 'neng', name: '能', weight: 0.2 },
      { code: 'qin', name: '勤', weight: 0.15 },
      { code: 'ji', name: '绩', weight: 0.3 },
      { code: 'lian', name: '廉', weight: 0.15 },
    ],
    groups: [
      { group: 'superior', weight: 0.3, minRaters: 1 },
      { group: 'peer', weight: 0.3, minRaters: 3 },
      { group: 'subordinate', weight: 0.2, minRaters: 3 },
      { group: 'recipient', weight: 0.2, minRaters: 3 },
    ],
  },
};

function isProblem(error: unknown): error is Problem {
  return typeof error === 'object' && error !== null && typeof (error as Problem).status === 'number';
}

/**
 * 考评情况 and 民主测评 (docs/API.md "Appraisal") belong to the appraisal service, which decides every permission
 * and re-validates: the gateway authenticates, validates the bodies and queries with the contract's schemas (400
 * naming every field before any RPC), forwards `{cycleId, cadreId, body}` with the caller, renders the tables as CSV
 * for `?format=csv`, and composes the combined view (综合考评) from the appraisal and scoring services.
 */
@ApiTags('appraisal')
@ApiBearerAuth()
@Controller('api/v1')
export class AppraisalController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Post('appraisal/cycles')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Open an appraisal cycle (admin): 年度 / 平时 (by quarter) / 专项, the roster taken now from every listed department’s subtree, with a 民主测评 survey when `survey` is given (`{}`: the default criteria and groups)',
  })
  @ApiBody({ schema: apiSchema(createCycleBody, createCycleExample) })
  @createdResponse(cycleViewSchema)
  @problemResponses(400, 401, 403, 409, 503)
  createCycle(@Req() request: AuthenticatedRequest, @ValidBody(createCycleBody) body: CreateCycleBody): Promise<CycleView> {
    return this.rpc.request(RPC.appraisal.cycleCreate, body, request.caller, SLOW_COMMAND_TIMEOUT_MS);
  }

  @Get('appraisal/cycles')
  @ApiOperation({ summary: 'A page of cycles, newest first (an appraiser sees their subtree’s departments, a cadre none); ?format=csv for a spreadsheet of every cycle matching' })
  @ApiQuery({ name: 'status', required: false, schema: { type: 'string', enum: [...CYCLE_STATUSES] } })
  @ApiQuery({ name: 'kind', required: false, schema: { type: 'string', enum: [...CYCLE_KINDS] } })
  @ApiQuery({ name: 'period', required: false, description: 'a year (its quarters too) or a quarter', schema: { type: 'string', pattern: '^20\\d{2}(-Q[1-4])?$', example: '2026' } })
  @ApiQuery({ name: 'page', required: false, schema: { type: 'integer', minimum: 1, default: 1 } })
  @ApiQuery({ name: 'pageSize', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } })
  @formatQuery
  @ApiProduces('application/json', 'text/csv')
  @okJsonOrCsvResponse(cyclePageSchema)
  @problemResponses(400, 401, 503)
  async listCycles(@Req() request: AuthenticatedRequest, @ValidQuery(cycleListRequest) query: CycleListRequest, @Res() reply: FastifyReply) {
    const { format, ...list } = query;
    if (format === 'json') return reply.send(await this.rpc.request<CyclePage>(RPC.appraisal.cycleList, list, request.caller));
    const read = (page: number) => this.rpc.request<CyclePage>(RPC.appraisal.cycleList, { ...list, page, pageSize: 100 }, request.caller);
    return sendExport(reply, format, listPagesExport(read, cyclesCsv));
  }

  @Get('appraisal/cycles/:id')
  @ApiOperation({ summary: 'A cycle: its criteria and groups, and per department (as the caller may see them) its cadres, byStatus and the best grade’s quota' })
  @cycleIdParam
  @okResponse(cycleViewSchema)
  @problemResponses(401, 404, 503)
  getCycle(@Req() request: AuthenticatedRequest, @Param('id') cycleId: string): Promise<CycleView> {
    return this.rpc.request(RPC.appraisal.cycleGet, { cycleId }, request.caller);
  }

  @Post('appraisal/cycles/:id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a cycle (admin; an empty body): 409 naming how many appraisals are not confirmed, per department; an open survey closes with it' })
  @cycleIdParam
  @okResponse(cycleViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  closeCycle(@Req() request: AuthenticatedRequest, @Param('id') cycleId: string, @ValidBody(emptyBody) _body: unknown): Promise<CycleView> {
    return this.rpc.request(RPC.appraisal.cycleClose, { cycleId }, request.caller, SLOW_COMMAND_TIMEOUT_MS);
  }

  @Get('appraisal/cycles/:id/sheet')
  @ApiOperation({
    summary:
      'A department’s appraisals (评定表) with their history (appraisers and reviewers of the department’s subtree, assessors, admins); ?format=csv: 姓名, 职务, 职级, 等次, 评语, 状态, 更新时间, 编号',
  })
  @cycleIdParam
  @departmentQuery
  @formatQuery
  @ApiProduces('application/json', 'text/csv')
  @okJsonOrCsvResponse(sheetViewSchema)
  @problemResponses(400, 401, 403, 404, 503)
  async sheet(@Req() request: AuthenticatedRequest, @Param('id') cycleId: string, @ValidQuery(sheetQuery) query: SheetQuery, @Res() reply: FastifyReply) {
    const sheet = await this.rpc.request<SheetView>(RPC.appraisal.sheet, { cycleId, departmentId: query.departmentId }, request.caller);
    if (query.format === 'json') return reply.send(sheet);
    const file = sheetCsv(sheet);
    return sendExport(reply, query.format, async () => file);
  }

  @Put('appraisal/cycles/:id/grades/:cadreId')
  @ApiOperation({
    summary:
      'Enter or revise a cadre’s grade (an appraiser of the cadre’s department subtree, never their own) → 待审核; 400 naming grade for one of the other scale; 409 for a stale version, a confirmed appraisal, a closed cycle, or past the best grade’s quota',
  })
  @cycleIdParam
  @cadreIdParam
  @ApiBody({ schema: apiSchema(gradeBody, { grade: 'excellent', comment: '全年招商引资成效突出', version: 0 }) })
  @okResponse(appraisalViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  grade(@Req() request: AuthenticatedRequest, @Param('id') cycleId: string, @Param('cadreId') cadreId: string, @ValidBody(gradeBody) body: GradeBody): Promise<AppraisalView> {
    return this.rpc.request(RPC.appraisal.grade, { cycleId, cadreId, body }, request.caller);
  }

  @Post('appraisal/cycles/:id/grades/:cadreId/review')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Review a grade (assessor, not the cadre): confirm a submitted one (409 past the quota), or return (a comment required) a submitted or confirmed one while the cycle is open',
  })
  @cycleIdParam
  @cadreIdParam
  @ApiBody({ schema: apiSchema(reviewGradeBody, { decision: 'return', comment: '请补充评语依据', version: 1 }) })
  @okResponse(appraisalViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  review(
    @Req() request: AuthenticatedRequest,
    @Param('id') cycleId: string,
    @Param('cadreId') cadreId: string,
    @ValidBody(reviewGradeBody) body: ReviewGradeBody,
  ): Promise<AppraisalView> {
    return this.rpc.request(RPC.appraisal.review, { cycleId, cadreId, body }, request.caller);
  }

  @Get('appraisal/ballots/mine')
  @ApiOperation({ summary: 'Whom the caller is asked to rate in open surveys (民主测评), with the criteria and whether they already voted (never how)' })
  @okResponse(myBallotsViewSchema)
  @problemResponses(401, 503)
  myBallots(@Req() request: AuthenticatedRequest): Promise<MyBallotsView> {
    return this.rpc.request(RPC.appraisal.ballotsMine, {}, request.caller);
  }

  @Post('appraisal/cycles/:id/ballots')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Cast a ballot for a cadre (a rater assigned to them, while the survey is open): anonymous — added to its group’s tally, the rater only marked as having voted; 404 when the caller is not that cadre’s rater, 409 when already voted or closed',
  })
  @cycleIdParam
  @ApiBody({ schema: apiSchema(ballotBody, { cadreId: 'u-cadre', scores: { de: 'good', neng: 'fairly_good', qin: 'good', ji: 'average', lian: 'good' }, satisfaction: 'satisfied' }) })
  @createdResponse(ballotReceiptViewSchema)
  @problemResponses(400, 401, 404, 409, 503)
  ballot(@Req() request: AuthenticatedRequest, @Param('id') cycleId: string, @ValidBody(ballotBody) body: BallotBody): Promise<BallotReceiptView> {
    return this.rpc.request(RPC.appraisal.ballot, { cycleId, body }, request.caller);
  }

  @Get('appraisal/cycles/:id/survey')
  @ApiOperation({
    summary:
      'A department’s survey (appraisers of its subtree, assessors, admins): per cadre the raters and whether each voted (never what), and the result once closed; ?format=csv: 姓名, 应评人数, 已评人数, a column per criterion, 综合得分, 满意度, 编号',
  })
  @cycleIdParam
  @departmentQuery
  @formatQuery
  @ApiProduces('application/json', 'text/csv')
  @okJsonOrCsvResponse(surveyViewSchema)
  @problemResponses(400, 401, 403, 404, 503)
  async survey(@Req() request: AuthenticatedRequest, @Param('id') cycleId: string, @ValidQuery(surveyQuery) query: SheetQuery, @Res() reply: FastifyReply) {
    // The columns are the cycle's criteria (named even while no result is shown): read in parallel, never the answer's cause.
    const cycle = query.format !== 'json' ? this.rpc.request<CycleView>(RPC.appraisal.cycleGet, { cycleId }, request.caller).catch(() => null) : null;
    const survey = await this.rpc.request<SurveyView>(RPC.appraisal.survey, { cycleId, departmentId: query.departmentId }, request.caller);
    if (query.format === 'json') return reply.send(survey);
    const file = surveyCsv(survey, criteriaOf(survey, await cycle));
    return sendExport(reply, query.format, async () => file);
  }

  @Put('appraisal/cycles/:id/survey/raters/:cadreId')
  @ApiOperation({
    summary:
      'Set a cadre’s whole rater list (appraisers of the cadre’s department subtree, admins, while the survey is open): the cadre never rates themselves (400 naming raters.<i>.userId); a rater who voted cannot be removed or moved (409)',
  })
  @cycleIdParam
  @cadreIdParam
  @ApiBody({ schema: apiSchema(ratersBody, { raters: [{ userId: 'u-1', group: 'superior' }, { userId: 'u-2', group: 'recipient' }] }) })
  @okResponse(surveyCadreViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  raters(@Req() request: AuthenticatedRequest, @Param('id') cycleId: string, @Param('cadreId') cadreId: string, @ValidBody(ratersBody) body: RatersBody): Promise<SurveyCadreView> {
    return this.rpc.request(RPC.appraisal.raters, { cycleId, cadreId, body }, request.caller);
  }

  @Post('appraisal/cycles/:id/survey/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the survey (admin; an empty body; idempotent): each cadre’s result is computed and published; answers how many results' })
  @cycleIdParam
  @okResponse(surveyCloseViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  closeSurvey(@Req() request: AuthenticatedRequest, @Param('id') cycleId: string, @ValidBody(emptyBody) _body: unknown): Promise<SurveyCloseView> {
    return this.rpc.request(RPC.appraisal.surveyClose, { cycleId }, request.caller, SLOW_COMMAND_TIMEOUT_MS);
  }

  @Get('appraisal/cadres/:cadreId')
  @ApiOperation({
    summary:
      'The combined appraisal view (综合考评) of a cadre and year (the cadre, reviewers and appraisers of their subtree, assessors, admins): points with each entry’s source, explanation and link, grades with their history, 测评 results of closed surveys, and the tasks; ?format=csv for a spreadsheet',
  })
  @cadreIdParam
  @ApiQuery({ name: 'period', required: false, description: 'a calendar year (YYYY, UTC+8); the current year by default', schema: { type: 'string', pattern: '^20\\d{2}$', example: '2026' } })
  @formatQuery
  @ApiProduces('application/json', 'text/csv')
  @okJsonOrCsvResponse(cadreAppraisalViewSchema)
  @problemResponses(400, 401, 403, 404, 503)
  async cadre(@Req() request: AuthenticatedRequest, @Param('cadreId') cadreId: string, @ValidQuery(cadreAppraisalQuery) query: CadreAppraisalQuery, @Res() reply: FastifyReply) {
    const period = query.period ?? currentScoringYear();
    // Each service decides who may see its part: asked in parallel, the first refusal (a 403 before anything else) is the answer.
    const [part, score] = await Promise.allSettled([
      this.rpc.request<CadreAppraisalPart>(RPC.appraisal.cadre, { cadreId, period }, request.caller),
      this.rpc.request<ScoreView>(RPC.scoring.score, { id: cadreId, period }, request.caller),
    ]);
    const failures = [part, score].flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
    if (failures.length) throw failures.find((failure) => isProblem(failure) && failure.status === 403) ?? failures[0];
    const view = composeCadreAppraisal((part as PromiseFulfilledResult<CadreAppraisalPart>).value, (score as PromiseFulfilledResult<ScoreView>).value);
    if (query.format === 'json') return reply.send(view);
    const file = cadreAppraisalCsv(view);
    return sendExport(reply, query.format, async () => file);
  }
}

/** The survey's criteria: the cycle's, else those of the first result that lists them. */
function criteriaOf(survey: SurveyView, cycle: CycleView | null): SurveyCriterion[] {
  if (cycle?.survey) return cycle.survey.criteria;
  const result = survey.items.find((item) => item.result?.criteria.length)?.result;
  return result ? result.criteria.map(({ code, name, weight }) => ({ code, name, weight })) : [];
}
