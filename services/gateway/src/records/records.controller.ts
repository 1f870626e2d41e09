import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiNoContentResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  RPC,
  assessInput,
  createRecordInput,
  participationInput,
  reviewInput,
  revokeInput,
  withdrawInput,
  taxonomyInput,
  updateRecordInput,
  recordDetailViewSchema,
  recordPageViewSchema,
  taxonomyViewSchema,
  type RecordDetailView,
  type TaxonomyView,
} from '@cadre/contracts';
import { RpcClient } from '@cadre/messaging';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { sendListOrExport } from '../http/export-stream';
import { apiSchema, createdResponse, okJsonOrCsvResponse, okResponse, problemResponses } from '../http/openapi';

/**
 * Records belong to the records service, which validates every body and decides every permission (the
 * reviewer's department scope, "never your own record"): the gateway authenticates and forwards.
 */
@ApiTags('records')
@ApiBearerAuth()
@Controller('api/v1')
export class RecordsController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Get('taxonomy')
  @ApiOperation({ summary: 'The current taxonomy: 16 first-level items with their second-level items' })
  @okResponse(taxonomyViewSchema)
  @problemResponses(401, 503)
  taxonomy(@Req() request: AuthenticatedRequest): Promise<TaxonomyView> {
    return this.rpc.request(RPC.records.taxonomyGet, {}, request.caller);
  }

  @Put('taxonomy')
  @ApiOperation({ summary: 'Publish a new taxonomy version (admin); existing records keep theirs' })
  @ApiBody({ schema: apiSchema(taxonomyInput) })
  @okResponse(taxonomyViewSchema)
  @problemResponses(400, 401, 403, 409, 503)
  publishTaxonomy(@Req() request: AuthenticatedRequest, @Body() body: unknown): Promise<TaxonomyView> {
    return this.rpc.request(RPC.records.taxonomyPut, body ?? {}, request.caller);
  }

  @Post('records')
  @HttpCode(201)
  @ApiOperation({ summary: 'File a record (cadre): a draft owned by the caller' })
  @ApiBody({
    schema: apiSchema(createRecordInput, {
      itemCode: 'INVEST-03',
      title: '引进世界500强企业区域总部',
      description: '牵头洽谈，促成区域总部签约落地。',
      periodStart: '2026-01-01',
      periodEnd: '2026-06-30',
      impactLevel: 'city',
      results: [{ name: '引进资金', value: 5, unit: '亿元' }],
      evidence: [{ fileId: 'rec_0b6f4a52-3c1e-4d7a-9f10-2a8e5c7d9b31' }],
    }),
  })
  @createdResponse(recordDetailViewSchema)
  @problemResponses(400, 401, 403, 503)
  create(@Req() request: AuthenticatedRequest, @Body() body: unknown): Promise<RecordDetailView> {
    return this.rpc.request(RPC.records.create, body ?? {}, request.caller);
  }

  @Get('records')
  @ApiOperation({ summary: 'Records the caller may see, filtered, sorted and paged; ?format=csv for a spreadsheet' })
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'itemCode', required: false, description: 'a first-level (INVEST) or second-level (INVEST-03) code' })
  @ApiQuery({ name: 'cadreId', required: false })
  @ApiQuery({ name: 'departmentId', required: false, description: 'the filer’s department subtree' })
  @ApiQuery({ name: 'from', required: false, description: 'period overlapping from (YYYY-MM-DD)' })
  @ApiQuery({ name: 'to', required: false, description: 'period overlapping up to (YYYY-MM-DD)' })
  @ApiQuery({ name: 'duplicateEvidence', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'q', required: false, description: 'part of the title or the filer’s name, literal and case-insensitive (at most 50 characters)' })
  @ApiQuery({ name: 'sort', required: false, example: '-createdAt', description: 'createdAt, updatedAt, periodEnd, submittedAt or title; a leading - for descending' })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false, description: 'at most 100' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  @okJsonOrCsvResponse(recordPageViewSchema)
  @problemResponses(400, 401, 503)
  async list(@Req() request: AuthenticatedRequest, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    return sendListOrExport(reply, query, (q) => this.rpc.request(RPC.records.list, q, request.caller));
  }

  @Get('records/:id')
  @ApiOperation({ summary: 'One record with its full history' })
  @okResponse(recordDetailViewSchema)
  @problemResponses(401, 404, 503)
  get(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<RecordDetailView> {
    return this.rpc.request(RPC.records.get, { id }, request.caller);
  }

  @Patch('records/:id')
  @ApiOperation({ summary: 'Edit a draft (the filer); `version` must match' })
  @ApiBody({ schema: apiSchema(updateRecordInput, { version: 1, title: '引进世界500强企业区域总部（修订）' }) })
  @okResponse(recordDetailViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  update(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<RecordDetailView> {
    return this.rpc.request(RPC.records.update, { ...(body ?? {}), id }, request.caller);
  }

  @Post('records/:id/submit')
  @HttpCode(200)
  @ApiOperation({ summary: '报送: draft → submitted (the filer)' })
  @okResponse(recordDetailViewSchema)
  @problemResponses(401, 403, 404, 409, 503)
  submit(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<RecordDetailView> {
    return this.rpc.request(RPC.records.submit, { ...(body ?? {}), id }, request.caller);
  }

  @Post('records/:id/review')
  @HttpCode(200)
  @ApiOperation({ summary: '审核 (reviewer of the subtree, not a participant): approve → reviewed, return → draft, reject → rejected' })
  @ApiBody({ schema: apiSchema(reviewInput, { decision: 'approve', comment: '材料齐全，情况属实' }) })
  @okResponse(recordDetailViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  review(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<RecordDetailView> {
    return this.rpc.request(RPC.records.review, { ...(body ?? {}), id }, request.caller);
  }

  @Post('records/:id/assess')
  @HttpCode(200)
  @ApiOperation({ summary: '研判 (assessor, not a participant): confirm with a rating → verified; return → draft' })
  @ApiBody({ schema: apiSchema(assessInput, { decision: 'confirm', rating: 'good', impactLevel: 'city', comment: '成效明显' }) })
  @okResponse(recordDetailViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  assess(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<RecordDetailView> {
    return this.rpc.request(RPC.records.assess, { ...(body ?? {}), id }, request.caller);
  }

  @Post('records/:id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a verified record (admin, with a reason); its points are reversed' })
  @ApiBody({ schema: apiSchema(revokeInput, { reason: '佐证材料不实' }) })
  @okResponse(recordDetailViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  revoke(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<RecordDetailView> {
    return this.rpc.request(RPC.records.revoke, { ...(body ?? {}), id }, request.caller);
  }

  @Post('records/:id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: '撤回: submitted → draft before review (the filer); the history keeps it' })
  @ApiBody({ schema: apiSchema(withdrawInput, { comment: '补充佐证后再报送' }) })
  @okResponse(recordDetailViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  withdraw(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<RecordDetailView> {
    return this.rpc.request(RPC.records.withdraw, { ...(body ?? {}), id }, request.caller);
  }

  @Delete('records/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a draft (the filer): never submitted → gone (404 after); submitted before → kept as discarded with its history' })
  @ApiNoContentResponse({ description: 'Deleted (or discarded); records.record.deleted announces it' })
  @problemResponses(400, 401, 403, 404, 409, 503)
  async remove(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Record<string, unknown> | undefined): Promise<void> {
    await this.rpc.request(RPC.records.delete, { ...(body ?? {}), id }, request.caller);
  }

  @Post('records/:id/participation')
  @HttpCode(200)
  @ApiOperation({ summary: 'A co-participant confirms or disputes their share' })
  @ApiBody({ schema: apiSchema(participationInput, { decision: 'confirm' }) })
  @okResponse(recordDetailViewSchema)
  @problemResponses(400, 401, 403, 404, 409, 503)
  participation(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<RecordDetailView> {
    return this.rpc.request(RPC.records.participation, { ...(body ?? {}), id }, request.caller);
  }
}
