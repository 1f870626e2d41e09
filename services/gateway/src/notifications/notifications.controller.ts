import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  INBOX_KINDS,
  RPC,
  inboxRebuildViewSchema,
  inboxViewSchema,
  notificationListViewSchema,
  unreadCountViewSchema,
  type InboxRebuildView,
  type NotificationListView,
  type UnreadCountView,
} from '@cadre/contracts';
import { RpcClient } from '@cadre/messaging';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { sendListOrExport } from '../http/export-stream';
import { acceptedResponse, okJsonOrCsvResponse, okResponse, problemResponses } from '../http/openapi';

type Query_ = Record<string, unknown>;

const limitQuery = (max: number, byDefault: number) =>
  ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: max, default: byDefault } });
const offsetQuery = ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, maximum: 100_000, default: 0 } });

/**
 * The work inbox (待办) and the messages (消息) belong to the notifications service, which validates every query and
 * answers only the caller's own items and messages: the gateway authenticates and forwards. The live feed of both
 * is `GET /notifications/stream` (NotificationStreamController).
 */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1')
export class NotificationsController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Get('inbox')
  @ApiOperation({
    summary:
      'What waits for the caller (待办), oldest due first, with counts by kind and the overdue count; an item leaves every inbox once anyone entitled has done it; ?format=csv for a spreadsheet',
  })
  @ApiQuery({ name: 'kind', required: false, description: 'only items of this kind', schema: { type: 'string', enum: [...INBOX_KINDS] } })
  @limitQuery(200, 50)
  @offsetQuery
  @ApiQuery({ name: 'format', required: false, description: 'csv: a spreadsheet (UTF-8 with BOM); xlsx: an Excel workbook', schema: { type: 'string', enum: ['json', 'csv', 'xlsx'], default: 'json' } })
  @ApiProduces('application/json', 'text/csv')
  @okJsonOrCsvResponse(inboxViewSchema)
  @problemResponses(400, 401, 503)
  async inbox(@Req() request: AuthenticatedRequest, @Query() query: Query_, @Res() reply: FastifyReply) {
    return sendListOrExport(reply, query ?? {}, (q) => this.rpc.request(RPC.notifications.inbox, q, request.caller));
  }

  @Post('inbox/rebuild')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Rebuild every inbox from the event streams (admin; an empty body): 202 with its progress (a second call while it runs answers the same rebuild); messages already sent are not sent again',
  })
  @acceptedResponse(inboxRebuildViewSchema)
  @problemResponses(400, 401, 403, 503)
  rebuild(@Req() request: AuthenticatedRequest, @Body() body: unknown): Promise<InboxRebuildView> {
    // The body must be empty or {}: the service checks what it is handed.
    return this.rpc.request(RPC.notifications.rebuild, body ?? {}, request.caller);
  }

  @Get('notifications')
  @ApiOperation({ summary: 'The caller’s messages (消息), newest first, with the unread count' })
  @ApiQuery({ name: 'unread', required: false, description: 'true: only unread messages', schema: { type: 'string', enum: ['true', 'false'] } })
  @limitQuery(200, 20)
  @offsetQuery
  @okResponse(notificationListViewSchema)
  @problemResponses(400, 401, 503)
  list(@Req() request: AuthenticatedRequest, @Query() query: Query_): Promise<NotificationListView> {
    return this.rpc.request(RPC.notifications.list, query ?? {}, request.caller);
  }

  @Post('notifications/read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark every message of the caller read (idempotent): the unread count after it' })
  @okResponse(unreadCountViewSchema)
  @problemResponses(401, 503)
  readAll(@Req() request: AuthenticatedRequest): Promise<UnreadCountView> {
    return this.rpc.request(RPC.notifications.readAll, {}, request.caller);
  }

  @Post('notifications/:id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of the caller’s messages read (idempotent; 404 for another person’s): the unread count after it' })
  @okResponse(unreadCountViewSchema)
  @problemResponses(400, 401, 404, 503)
  read(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<UnreadCountView> {
    return this.rpc.request(RPC.notifications.read, { id }, request.caller);
  }
}
