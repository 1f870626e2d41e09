import { ClientNats, ServerNats, type NatsOptions } from '@nestjs/microservices';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import type { MsgHdrs } from 'nats';
import type { Caller, Problem, RpcRequest } from '@cadre/contracts';
import { isProblem, problemOf } from '@cadre/platform';
import { extractTraceContext, injectTraceHeaders } from './trace-context';
import { messagingMetrics } from './metrics';

const tracer = trace.getTracer('@cadre/messaging');

/**
 * NestJS's NATS server with the caller's trace continued: each request runs inside a SERVER span that is a
 * child of the `traceparent` the request carries.
 */
export class TracingNatsServer extends ServerNats {
  override async handleMessage(channel: string, natsMsg: { headers?: MsgHdrs; subject: string }): Promise<any> {
    const parent = extractTraceContext(natsMsg.headers);
    const span = tracer.startSpan(channel, { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'nats', 'rpc.method': channel } }, parent);
    const started = process.hrtime.bigint();
    try {
      return await context.with(trace.setSpan(parent, span), () => super.handleMessage(channel, natsMsg as never));
    } finally {
      messagingMetrics.rpcDuration.observe({ pattern: channel }, Number(process.hrtime.bigint() - started) / 1e9);
      span.end();
    }
  }
}

/** NestJS's NATS client, with the active trace context written into every request's headers. */
class TracingNatsClient extends ClientNats {
  protected override mergeHeaders<THeaders = MsgHdrs>(requestHeaders?: THeaders): any {
    return injectTraceHeaders((super.mergeHeaders(requestHeaders) as MsgHdrs | undefined) ?? undefined);
  }
}

export interface RpcClientOptions {
  servers: string;
  name: string;
  timeoutMs: number;
}

/**
 * Request-reply to the services: a timeout on every call (503 when nobody answers), problems from the
 * service passed through as they are, and a CLIENT span around the call.
 */
export class RpcClient {
  private readonly client: TracingNatsClient;

  constructor(private readonly options: RpcClientOptions) {
    this.client = new TracingNatsClient({ servers: options.servers.split(','), name: options.name, maxReconnectAttempts: -1 } as NonNullable<NatsOptions['options']>);
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  async request<TReply, TPayload = unknown>(pattern: string, payload: TPayload, caller?: Caller, timeoutMs = this.options.timeoutMs): Promise<TReply> {
    const span = tracer.startSpan(`${pattern} request`, { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'nats', 'rpc.method': pattern } });
    const body: RpcRequest<TPayload> = { caller, payload };
    try {
      return await context.with(trace.setSpan(context.active(), span), () =>
        firstValueFrom(this.client.send<TReply, RpcRequest<TPayload>>(pattern, body).pipe(timeout(timeoutMs))),
      );
    } catch (error) {
      const problem = toRpcProblem(error, pattern, timeoutMs);
      span.setStatus({ code: SpanStatusCode.ERROR, message: problem.detail ?? problem.title });
      throw problem;
    } finally {
      span.end();
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

function toRpcProblem(error: unknown, pattern: string, timeoutMs: number): Problem {
  if (isProblem(error)) return error;
  const service = pattern.split('.')[1] ?? 'a service';
  if (error instanceof TimeoutError) return problemOf(503, `The ${service} service did not answer within ${timeoutMs} ms.`);
  const message = (error as { message?: string; code?: string })?.message ?? '';
  if (/no responders|Empty response|503|Connection closed|CONNECTION_CLOSED|There is no matching message handler/i.test(message + ((error as { code?: string })?.code ?? ''))) {
    return problemOf(503, `The ${service} service is not available.`);
  }
  return problemOf(500, 'An unexpected error occurred.');
}
