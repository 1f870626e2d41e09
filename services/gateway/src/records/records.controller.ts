import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import { RPC, type CreateRecordPayload, type RecordView } from '@cadre/contracts';
import { RpcClient } from '@cadre/messaging';
import { AuthGuard, type AuthenticatedRequest } from '../auth/auth.guard';

/** Records are owned by the records service: the gateway authenticates and forwards, nothing more. */
@Controller('api/v1/records')
@UseGuards(AuthGuard)
export class RecordsController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(201)
  create(@Req() request: AuthenticatedRequest, @Body() body: CreateRecordPayload): Promise<RecordView> {
    return this.rpc.request<RecordView>(RPC.records.create, body ?? {}, request.caller);
  }

  @Get(':id')
  get(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<RecordView> {
    return this.rpc.request<RecordView>(RPC.records.get, { id }, request.caller);
  }
}
