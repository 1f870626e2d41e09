import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RPC, type CreateRecordPayload, type RecordView } from '@cadre/contracts';
import { RpcClient } from '@cadre/messaging';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { problemResponses } from '../http/openapi';

/** Records are owned by the records service: the gateway authenticates and forwards, nothing more. */
@ApiTags('records')
@ApiBearerAuth()
@Controller('api/v1/records')
export class RecordsController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(201)
  @problemResponses(400, 401, 403, 503)
  create(@Req() request: AuthenticatedRequest, @Body() body: CreateRecordPayload): Promise<RecordView> {
    return this.rpc.request<RecordView>(RPC.records.create, body ?? {}, request.caller);
  }

  @Get(':id')
  @problemResponses(401, 404, 503)
  get(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<RecordView> {
    return this.rpc.request<RecordView>(RPC.records.get, { id }, request.caller);
  }
}
