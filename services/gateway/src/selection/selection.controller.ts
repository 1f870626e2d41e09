import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  APPEAL_STATUSES,
  APPLICATION_STATUSES,
  OUTCOME_KINDS,
  ROUND_KINDS,
  ROUND_STATUSES,
  RPC,
  answerObjectionBody,
  appealBody,
  appealListQuery,
  appealPageSchema,
  appealViewSchema,
  applicationBody,
  applicationListQuery,
  applicationListSchema,
  applicationViewSchema,
  createRoundBody,
  decideAppealBody,
  decisionBody,
  drawBody,
  inspectionBody,
  investigateBody,
  mySelectionViewSchema,
  noticeListSchema,
  objectionBody,
  outcomeListQuery,
  outcomeListSchema,
  publishNoticeBody,
  recommendBody,
  roundListQuery,
  roundPageSchema,
  roundViewSchema,
  type AnswerObjectionBody,
  type AppealBody,
  type AppealListQuery,
  type AppealView,
  type ApplicationBody,
  type ApplicationListQuery,
  type ApplicationView,
  type CreateRoundBody,
  type DecideAppealBody,
  type DecisionBody,
  type DrawBody,
  type InspectionBody,
  type InvestigateBody,
  type MySelectionView,
  type NoticeView,
  type ObjectionBody,
  type OutcomeListQuery,
  type OutcomeView,
  type PublishNoticeBody,
  type RecommendBody,
  type RoundListQuery,
  type RoundView,
  listFormat,
} from '@cadre/contracts';
import { RpcClient } from '@cadre/messaging';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { listPagesExport, sendExport } from '../http/export-stream';
import { apiSchema, createdResponse, okJsonOrCsvResponse, okResponse, problemResponses } from '../http/openapi';
import { ValidBody, ValidQuery } from '../http/validation';
import { objectionReceiptViewSchema, type ObjectionReceiptView } from './objection-receipt';
import { SelectionComposer } from './selection-composer';
import { appealsCsv, applicationsCsv, outcomesCsv, roundCandidatesCsv, roundsCsv } from './selection-csv';

/** A command without a body: nothing, or `{}` (anything else is 400 naming the field). */
const emptyBody = z.strictObject({});
/** A read whose only parameter is the format of the answer. */
const formatQuery = z.strictObject({ format: listFormat });
type FormatQuery = z.infer<typeof formatQuery>;

type RoundPage = z.infer<typeof roundPageSchema>;
type AppealPage = z.infer<typeof appealPageSchema>;

const roundIdParam = ApiParam({ name: 'id', description: 'the round', schema: { type: 'string' } });
const candidateIdParam = ApiParam({ name: 'candidateId', description: 'the candidate (a cadre’s id, or a department’s for 先进集体)', schema: { type: 'string' } });
const objectionIdParam = ApiParam({ name: 'objectionId', description: 'the objection (异议)', schema: { type: 'string' } });
const applicationIdParam = ApiParam({ name: 'applicationId', description: 'the application (申报)', schema: { type: 'string' } });
const appealIdParam = ApiParam({ name: 'id', description: 'the appeal (申诉)', schema: { type: 'string' } });
const formatParam = ApiQuery({ name: 'format', required: false, description: 'csv: a spreadsheet (UTF-8 with BOM); xlsx: an Excel workbook', schema: { type: 'string', enum: ['json', 'csv', 'xlsx'], default: 'json' } });
const pageParam = ApiQuery({ name: 'page', required: false, schema: { type: 'integer', minimum: 1, default: 1 } });
const pageSizeParam = ApiQuery({ name: 'pageSize', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } });

const createRoundExample: CreateRoundBody = {
  kind: 'promotion',
  name: '2026年区发改委副主任选任',
  positions: [{ name: '区发改委副主任', count: 1 }],
  rankLevel: 'section',
  departmentIds: ['d-longhua'],
  criteria: { period: '2026', withoutGrades: ['basic', 'incompetent'], gradeYears: 3, minSatisfaction: 80, limit: 10 },
  noticeDays: 5,
};

/**
 * 选人用人 (docs/API.md "Selection") belongs to the selection service, which decides every permission and
 * re-validates: the gateway authenticates, validates bodies and queries with the contract's schemas (400 naming every
 * field before any RPC), composes what the service freezes (a draw's evidence, an application's records, an appeal's
 * subject: SelectionComposer), forwards `{roundId, …, body}` with the caller, and renders the tables as CSV.
 */
@ApiTags('selection')
@ApiBearerAuth()
@Controller('api/v1/selection')
export class SelectionController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(SelectionComposer) private readonly composer: SelectionComposer,
  ) {}

  @Post('rounds')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Open a selection round (assessor, admin): 提拔使用 / 职级晋升 (→ 考察中) or 评先评优 (→ 申报中, `applyUntil` required); 400 naming departmentIds.<i> for an unknown department',
  })
  @ApiBody({ schema: apiSchema(createRoundBody, createRoundExample) })
  @createdResponse(roundViewSchema)
  @problemResponses(400, 401, 403, 503)
  createRound(@Req() request: AuthenticatedRequest, @ValidBody(createRoundBody) body: CreateRoundBody): Promise<RoundView> {
    return this.rpc.request(RPC.selection.roundCreate, body, request.caller);
  }

  @Get('rounds')
  @ApiOperation({
    summary:
      'A page of rounds without their candidates, newest first (assessors, admins); ?format=csv: 名称, 类别, 状态, 职位/奖项, 考察对象, 拟任, 撤回, 待核查异议, 发起人, 发起时间, 公示截止, 办结时间, 编号',
  })
  @ApiQuery({ name: 'status', required: false, schema: { type: 'string', enum: [...ROUND_STATUSES] } })
  @ApiQuery({ name: 'kind', required: false, schema: { type: 'string', enum: [...ROUND_KINDS] } })
  @pageParam
  @pageSizeParam
  @formatParam
  @ApiProduces('application/json', 'text/csv')
  @okJsonOrCsvResponse(roundPageSchema)
  @problemResponses(400, 401, 403, 503)
  async listRounds(@Req() request: AuthenticatedRequest, @ValidQuery(roundListQuery) query: RoundListQuery, @Res() reply: FastifyReply) {
    const { format, ...list } = query;
    if (format === 'json') return reply.send(await this.rpc.request<RoundPage>(RPC.selection.roundList, list, request.caller));
    const read = (page: number) => this.rpc.request<RoundPage>(RPC.selection.roundList, { ...list, page, pageSize: 100 }, request.caller);
    return sendExport(reply, format, listPagesExport(read, roundsCsv));
  }

  @Get('rounds/:id')
  @ApiOperation({
    summary:
      'A round (assessors, admins): candidates with their frozen evidence, 考察 notes and decisions, the notice, objections with the objector, history; ?format=csv the candidates: 姓名, 单位, 职务, 职级, 积分, 全市名次, 前10%, 状态, 拟任职位, 决定理由, 决定人, 编号',
  })
  @roundIdParam
  @formatParam
  @ApiProduces('application/json', 'text/csv')
  @okJsonOrCsvResponse(roundViewSchema)
  @problemResponses(400, 401, 403, 404, 503)
  async getRound(@Req() request: AuthenticatedRequest, @Param('id') roundId: string, @ValidQuery(formatQuery) query: FormatQuery, @Res() reply: FastifyReply) {
    const round = await this.rpc.request<RoundView>(RPC.selection.roundGet, { roundId }, request.caller);
    if (query.format === 'json') return reply.send(round);
    const file = roundCandidatesCsv(round);
    return sendExport(reply, query.format, async () => file);
  }

  @Post('rounds/:id/candidates/draw')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Draw candidates (assessor, admin) with their evidence frozen: `shortlist` the best `limit` by points of the round’s departments’ shortlists with its criteria (or exactly `cadreIds`: 400 naming cadreIds.<i> for one unknown or outside the round’s departments); `applications` every recommended application not drawn yet (an award round in 申报中 moves to 考察中). A candidate already drawn is kept as it was',
  })
  @roundIdParam
  @ApiBody({ schema: apiSchema(drawBody, { source: 'shortlist' }) })
  @okResponse(roundViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  draw(@Req() request: AuthenticatedRequest, @Param('id') roundId: string, @ValidBody(drawBody) body: DrawBody): Promise<RoundView> {
    return this.composer.draw(roundId, body, request.caller);
  }

  @Post('rounds/:id/candidates/:candidateId/inspection')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add a 考察 note to a candidate (assessor, admin, while 考察中)' })
  @roundIdParam
  @candidateIdParam
  @ApiBody({ schema: apiSchema(inspectionBody, { note: '个别谈话12人，评价较好' }) })
  @okResponse(roundViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  inspect(@Req() request: AuthenticatedRequest, @Param('id') roundId: string, @Param('candidateId') candidateId: string, @ValidBody(inspectionBody) body: InspectionBody): Promise<RoundView> {
    return this.rpc.request(RPC.selection.inspect, { roundId, candidateId, body }, request.caller);
  }

  @Post('rounds/:id/candidates/:candidateId/decision')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Decide on a candidate (assessor, admin, while 考察中; may be changed until the notice): selected for one of the round’s positions (400 naming position; 409 naming it when its count is reached) or not, with the reason',
  })
  @roundIdParam
  @candidateIdParam
  @ApiBody({ schema: apiSchema(decisionBody, { selected: true, position: '区发改委副主任', reason: '实绩突出，群众公认' }) })
  @okResponse(roundViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  decide(@Req() request: AuthenticatedRequest, @Param('id') roundId: string, @Param('candidateId') candidateId: string, @ValidBody(decisionBody) body: DecisionBody): Promise<RoundView> {
    return this.rpc.request(RPC.selection.decide, { roundId, candidateId, body }, request.caller);
  }

  @Post('rounds/:id/notice')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Publish the 任前公示 of the selected candidates (assessor, admin): → 公示中 until the end of the noticeDays-th working day (Beijing); 409 naming the undecided candidates, or when none is selected',
  })
  @roundIdParam
  @ApiBody({ schema: apiSchema(publishNoticeBody, { noticeDays: 5 }) })
  @okResponse(roundViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  publishNotice(@Req() request: AuthenticatedRequest, @Param('id') roundId: string, @ValidBody(publishNoticeBody) body: PublishNoticeBody): Promise<RoundView> {
    return this.rpc.request(RPC.selection.publishNotice, { roundId, body }, request.caller);
  }

  @Get('notices')
  @ApiOperation({
    summary:
      'The 任前公示 running and those concluded in the last 30 days (anyone signed in): each selected candidate with department, title, rank, position, status and verified achievements; `open` while objections are taken',
  })
  @okResponse(noticeListSchema)
  @problemResponses(401, 503)
  notices(@Req() request: AuthenticatedRequest): Promise<{ items: NoticeView[] }> {
    return this.rpc.request(RPC.selection.notices, {}, request.caller);
  }

  @Post('rounds/:id/objections')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'File an objection (异议) to a candidate in a running notice (anyone signed in but the candidate): the objector is known only to the organisation department; 404 for a candidate not in the notice, 409 after the window',
  })
  @roundIdParam
  @ApiBody({ schema: apiSchema(objectionBody, { candidateId: 'u-cadre', reason: '该同志在某项目中存在违规审批问题' }) })
  @createdResponse(objectionReceiptViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  async fileObjection(@Req() request: AuthenticatedRequest, @Param('id') roundId: string, @ValidBody(objectionBody) body: ObjectionBody): Promise<ObjectionReceiptView> {
    const filed = await this.rpc.request<ObjectionReceiptView>(RPC.selection.objectionFile, { roundId, body }, request.caller);
    return { id: filed.id, status: filed.status };
  }

  @Post('rounds/:id/objections/:objectionId/investigate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take an objection up (assessor, admin): → 核查中 with a note' })
  @roundIdParam
  @objectionIdParam
  @ApiBody({ schema: apiSchema(investigateBody, { note: '已调取相关审批材料' }) })
  @okResponse(roundViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  investigate(@Req() request: AuthenticatedRequest, @Param('id') roundId: string, @Param('objectionId') objectionId: string, @ValidBody(investigateBody) body: InvestigateBody): Promise<RoundView> {
    return this.rpc.request(RPC.selection.objectionInvestigate, { roundId, objectionId, body }, request.caller);
  }

  @Post('rounds/:id/objections/:objectionId/answer')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Answer an objection (assessor, admin): 属实 (upheld; `withdrawCandidate` withdraws the candidate) or 不属实 (rejected), the objector is told; 409 when already answered',
  })
  @roundIdParam
  @objectionIdParam
  @ApiBody({ schema: apiSchema(answerObjectionBody, { outcome: 'rejected', answer: '经核查，审批程序合规' }) })
  @okResponse(roundViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  answerObjection(@Req() request: AuthenticatedRequest, @Param('id') roundId: string, @Param('objectionId') objectionId: string, @ValidBody(answerObjectionBody) body: AnswerObjectionBody): Promise<RoundView> {
    return this.rpc.request(RPC.selection.objectionAnswer, { roundId, objectionId, body }, request.caller);
  }

  @Post('rounds/:id/conclude')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Conclude a round (assessor, admin; an empty body) once the notice has ended and every objection is answered (409 naming the open objections or the window’s end): each selected, not withdrawn candidate gets the outcome',
  })
  @roundIdParam
  @okResponse(roundViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  conclude(@Req() request: AuthenticatedRequest, @Param('id') roundId: string, @ValidBody(emptyBody) _body: unknown): Promise<RoundView> {
    return this.rpc.request(RPC.selection.conclude, { roundId }, request.caller);
  }

  @Get('outcomes')
  @ApiOperation({
    summary:
      'The outcomes of concluded rounds (assessors, admins), of the year `period` by conclusion (Beijing): round, person or department, position, points and top tenth when drawn, dates, decision-maker; ?format=csv',
  })
  @ApiQuery({ name: 'period', required: false, description: 'a calendar year (YYYY, UTC+8)', schema: { type: 'string', pattern: '^20\\d{2}$', example: '2026' } })
  @ApiQuery({ name: 'departmentId', required: false, description: 'a department subtree (where the candidate was when drawn)', schema: { type: 'string' } })
  @ApiQuery({ name: 'kind', required: false, schema: { type: 'string', enum: [...OUTCOME_KINDS] } })
  @formatParam
  @ApiProduces('application/json', 'text/csv')
  @okJsonOrCsvResponse(outcomeListSchema)
  @problemResponses(400, 401, 403, 503)
  async outcomes(@Req() request: AuthenticatedRequest, @ValidQuery(outcomeListQuery) query: OutcomeListQuery, @Res() reply: FastifyReply) {
    const { format, ...filters } = query;
    const answer = await this.rpc.request<{ items: OutcomeView[]; total: number }>(RPC.selection.outcomes, filters, request.caller);
    if (format === 'json') return reply.send(answer);
    const file = outcomesCsv(answer.items);
    return sendExport(reply, format, async () => file);
  }

  @Get('mine')
  @ApiOperation({
    summary:
      'My selection (anyone signed in): my candidacies as I may see them (考察中 until the notice, then 公示中 / 未入选 / 已撤回, 已确定 once concluded; never an objection), my applications, my objections with their answers, the award rounds taking applications',
  })
  @okResponse(mySelectionViewSchema)
  @problemResponses(401, 503)
  mine(@Req() request: AuthenticatedRequest): Promise<MySelectionView> {
    return this.rpc.request(RPC.selection.mine, {}, request.caller);
  }

  @Post('rounds/:id/applications')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Apply for an award (评先评优, while 申报中 up to applyUntil): a cadre for themselves, a reviewer of the department’s subtree for a department (先进集体); recordIds verified records of the applicant (400 naming recordIds.<i> otherwise); 403 outside the round’s departments; 409 after the deadline or for a second application of the same award',
  })
  @roundIdParam
  @ApiBody({ schema: apiSchema(applicationBody, { applicantType: 'cadre', award: '优秀公务员', statement: '全年完成招商引资任务150%', recordIds: ['r-1'] }) })
  @createdResponse(applicationViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  submitApplication(@Req() request: AuthenticatedRequest, @Param('id') roundId: string, @ValidBody(applicationBody) body: ApplicationBody): Promise<ApplicationView> {
    return this.composer.submitApplication(roundId, body, request.caller);
  }

  @Get('rounds/:id/applications')
  @ApiOperation({ summary: 'A round’s applications (reviewers: their subtree; assessors, admins); ?format=csv' })
  @roundIdParam
  @ApiQuery({ name: 'departmentId', required: false, description: 'the applicants of this department subtree', schema: { type: 'string' } })
  @ApiQuery({ name: 'status', required: false, schema: { type: 'string', enum: [...APPLICATION_STATUSES] } })
  @formatParam
  @ApiProduces('application/json', 'text/csv')
  @okJsonOrCsvResponse(applicationListSchema)
  @problemResponses(400, 401, 403, 404, 503)
  async listApplications(@Req() request: AuthenticatedRequest, @Param('id') roundId: string, @ValidQuery(applicationListQuery) query: ApplicationListQuery, @Res() reply: FastifyReply) {
    const { format, ...filters } = query;
    const answer = await this.rpc.request<{ items: ApplicationView[]; total: number }>(RPC.selection.applicationList, { roundId, query: filters }, request.caller);
    if (format === 'json') return reply.send(answer);
    const file = applicationsCsv(answer.items, answer.items[0]?.roundName ?? '');
    return sendExport(reply, format, async () => file);
  }

  @Post('rounds/:id/applications/:applicationId/recommend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Recommend an application or not (推荐 / 不推荐) with the comment (a reviewer of the applicant’s department subtree, not the applicant; while 申报中, until drawn)' })
  @roundIdParam
  @applicationIdParam
  @ApiBody({ schema: apiSchema(recommendBody, { recommend: true, comment: '同意推荐' }) })
  @okResponse(applicationViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  recommend(@Req() request: AuthenticatedRequest, @Param('id') roundId: string, @Param('applicationId') applicationId: string, @ValidBody(recommendBody) body: RecommendBody): Promise<ApplicationView> {
    return this.rpc.request(RPC.selection.applicationRecommend, { roundId, applicationId, body }, request.caller);
  }

  @Post('appeals')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Appeal (申诉) a record of mine returned or rejected, the verdict of a concluded task of my team, or a points entry of mine, within 15 days of the decision: 404 when I may not see it, 403 when not mine, 409 when not appealable, past the deadline, or while an appeal of it is pending',
  })
  @ApiBody({ schema: apiSchema(appealBody, { subjectType: 'record', subjectId: 'r-1', reason: '退回理由与事实不符，材料已齐全' }) })
  @createdResponse(appealViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  fileAppeal(@Req() request: AuthenticatedRequest, @ValidBody(appealBody) body: AppealBody): Promise<AppealView> {
    return this.composer.fileAppeal(body, request.caller);
  }

  @Get('appeals')
  @ApiOperation({ summary: 'Appeals, newest first: assessors and admins every one (`mine=true`: their own), anyone else their own; ?format=csv' })
  @ApiQuery({ name: 'status', required: false, schema: { type: 'string', enum: [...APPEAL_STATUSES] } })
  @ApiQuery({ name: 'mine', required: false, schema: { type: 'string', enum: ['true', 'false'] } })
  @pageParam
  @pageSizeParam
  @formatParam
  @ApiProduces('application/json', 'text/csv')
  @okJsonOrCsvResponse(appealPageSchema)
  @problemResponses(400, 401, 503)
  async listAppeals(@Req() request: AuthenticatedRequest, @ValidQuery(appealListQuery) query: AppealListQuery, @Res() reply: FastifyReply) {
    const { format, ...list } = query;
    if (format === 'json') return reply.send(await this.rpc.request<AppealPage>(RPC.selection.appealList, list, request.caller));
    const read = (page: number) => this.rpc.request<AppealPage>(RPC.selection.appealList, { ...list, page, pageSize: 100 }, request.caller);
    return sendExport(reply, format, listPagesExport(read, appealsCsv));
  }

  @Get('appeals/:id')
  @ApiOperation({ summary: 'An appeal with its history (the appellant, assessors, admins)' })
  @appealIdParam
  @okResponse(appealViewSchema)
  @problemResponses(401, 404, 503)
  getAppeal(@Req() request: AuthenticatedRequest, @Param('id') appealId: string): Promise<AppealView> {
    return this.rpc.request(RPC.selection.appealGet, { appealId }, request.caller);
  }

  @Post('appeals/:id/decide')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Decide an appeal (an assessor, not the appellant): 申诉成立 / 驳回 with the answer; an upheld appeal of a rejected record reopens it; 409 when already decided',
  })
  @appealIdParam
  @ApiBody({ schema: apiSchema(decideAppealBody, { outcome: 'upheld', answer: '经复核，材料齐全，予以重新研判' }) })
  @okResponse(appealViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  decideAppeal(@Req() request: AuthenticatedRequest, @Param('id') appealId: string, @ValidBody(decideAppealBody) body: DecideAppealBody): Promise<AppealView> {
    return this.rpc.request(RPC.selection.appealDecide, { appealId, body }, request.caller);
  }
}
