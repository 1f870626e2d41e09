import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { decodeJwt } from 'jose';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { problemResponses } from '../http/openapi';
import { LiveStreams } from './live-streams';

/** Epoch ms at which the request's (verified) bearer token expires. */
function tokenExpiry(request: AuthenticatedRequest): number {
  const token = String(request.headers.authorization ?? '').slice('Bearer '.length);
  const exp = decodeJwt(token).exp;
  return typeof exp === 'number' ? exp * 1_000 : Date.now();
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1')
export class NotificationStreamController {
  constructor(@Inject(LiveStreams) private readonly live: LiveStreams) {}

  @Get('notifications/stream')
  @ApiOperation({
    summary:
      'The caller’s live feed (Server-Sent Events): `event: hello` on connect, `event: notification` (a message, as in GET /notifications), `event: inbox` (`{}`: the inbox changed, fetch GET /inbox again), a `: keepalive` comment every 15 s; ends when the token expires. A client that reconnects reads the lists again',
  })
  @ApiQuery({ name: 'access_token', required: false, description: 'the bearer token, for EventSource (which cannot send an Authorization header)', schema: { type: 'string' } })
  @ApiProduces('text/event-stream')
  @ApiResponse({ status: 200, description: 'An event stream (text/event-stream), open until the client goes or the token expires', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @problemResponses(401, 429, 503)
  stream(@Req() request: AuthenticatedRequest, @Res() reply: FastifyReply): void {
    this.live.admit();
    const expiresAt = tokenExpiry(request);
    reply.hijack();
    const headers: Record<string, string | number | string[]> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
    reply.raw.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': request.id,
    });
    reply.raw.socket?.setNoDelay(true);
    // The client reconnects after 5 s if the connection drops (EventSource's `retry`).
    reply.raw.write('retry: 5000\n\n');
    this.live.attach(request.caller, reply.raw, expiresAt);
  }
}
