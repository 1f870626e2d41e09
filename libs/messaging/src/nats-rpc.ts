import { NatsContext, ServerNats } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ErrorCode, JSONCodec, connect, type MsgHdrs, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { Caller, Problem, RpcRequest } from '@cadre/contracts';
import { isProblem, outcomeLabel, problemOf, rpcAdmissionConfig, withRequestOutcome, type RequestOutcome } from '@cadre/platform';
import { AdmissionQueue, DEADLINE_HEADER, Shed, deadlineOf, type AdmissionLimits, type ShedReason } from './admission';
import { extractTraceContext, injectTraceHeaders } from './trace-context';
import { messagingMetrics } from './metrics';
import { natsOptions } from './nats-options';

const tracer = trace.getTracer('@cadre/messaging');
const codec = JSONCodec();

/**
 * What a request-reply subject does, as its span is named: `rpc.records.record.review` → `records.review`,
 * `rpc.tasks.bid.create` → `tasks.bid.create` (the service's own entity is implied by the service).
 */
export function operationName(channel: string): string {
  const parts = channel.replace(/^rpc\./, '').split('.');
  if (parts.length > 2 && `${parts[1]}s` === parts[0]) parts.splice(1, 1);
  return parts.join('.');
}

/**
 * NestJS's NATS server with the caller's trace continued: each request runs inside a SERVER span that is a
 * child of the `traceparent` the request carries, and is timed by outcome (the problem filter notes the status).
 * The span lasts until the reply is sent: Nest's `handleMessage` returns once the handler's answer is subscribed to,
 * before an asynchronous handler has finished.
 */
export class TracingNatsServer extends ServerNats {
  private readonly replied = new WeakMap<object, () => void>();
  private readonly answering = new WeakSet<object>();
  private readonly admission: AdmissionQueue;

  /**
   * `admission`: the limits on requests in progress and waiting (default: RPC_MAX_CONCURRENCY, RPC_MAX_QUEUE, RPC_MAX_QUEUE_WAIT_MS).
   * `requestLog`: where the one `rpc` line per request goes (health checks at debug level).
   */
  constructor(
    options: ConstructorParameters<typeof ServerNats>[0],
    admission: AdmissionLimits = rpcAdmissionConfig(),
    private readonly requestLog?: Logger,
  ) {
    super(options);
    this.admission = new AdmissionQueue(admission);
  }

  /**
   * Admission control first: a request whose caller's deadline has passed, or that finds no slot and no room to
   * wait (or waits too long), is answered 503 with `retryAfter` at once and never run. Health checks always run.
   */
  override async handleMessage(channel: string, natsMsg: { headers?: MsgHdrs; subject: string; reply?: string; data: Uint8Array }): Promise<any> {
    if (HEALTH.test(channel)) return this.handleAdmitted(channel, natsMsg);
    let release: () => void;
    try {
      release = await this.admission.enter(deadlineOf(natsMsg.headers));
    } catch (error) {
      if (!(error instanceof Shed)) throw error;
      return this.shed(channel, natsMsg, error.reason);
    }
    try {
      return await this.handleAdmitted(channel, natsMsg);
    } finally {
      release();
    }
  }

  private shed(channel: string, natsMsg: { headers?: MsgHdrs; subject: string; reply?: string; data: Uint8Array }, reason: ShedReason): void {
    messagingMetrics.rpcShed.inc({ pattern: channel, reason });
    this.requestLog?.info({ subject: channel, status: 503, outcome: 'shed', reason, durationMs: 0, traceId: trace.getSpanContext(extractTraceContext(natsMsg.headers))?.traceId }, 'rpc');
    if (!natsMsg.reply) return;
    const id = messageIdOf(natsMsg.data);
    if (id === undefined) return;
    const publish = super.getPublisher(natsMsg as never, id, new NatsContext([natsMsg.subject, natsMsg.headers as never]));
    publish({ err: overloadProblem(channel, reason), status: 'error', isDisposed: true });
  }

  private async handleAdmitted(channel: string, natsMsg: { headers?: MsgHdrs; subject: string }): Promise<any> {
    const parent = extractTraceContext(natsMsg.headers);
    const span = tracer.startSpan(operationName(channel), { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'nats', 'rpc.method': channel } }, parent);
    const outcome: RequestOutcome = { status: 200 };
    const sent = new Promise<void>((resolve) => this.replied.set(natsMsg, resolve));
    const started = process.hrtime.bigint();
    try {
      await context.with(withRequestOutcome(trace.setSpan(parent, span), outcome), () => super.handleMessage(channel, natsMsg as never));
      if (this.answering.has(natsMsg)) await sent;
    } catch (error) {
      outcome.status = 500;
      throw error;
    } finally {
      this.replied.delete(natsMsg);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      messagingMetrics.rpcDuration.observe({ pattern: channel, outcome: outcomeLabel(outcome.status) }, seconds);
      span.end();
      this.logRequest(channel, outcome.status, seconds, span.spanContext().traceId);
    }
  }

  private logRequest(channel: string, status: number, seconds: number, traceId: string): void {
    if (!this.requestLog) return;
    const fields = { subject: channel, status, outcome: outcomeLabel(status), durationMs: Math.round(seconds * 10_000) / 10, traceId };
    if (HEALTH.test(channel)) this.requestLog.debug(fields, 'rpc');
    else this.requestLog.info(fields, 'rpc');
  }

  /** Nest's reply function, telling `handleMessage` when the last packet of the answer has gone out. */
  override getPublisher(natsMsg: Parameters<ServerNats['getPublisher']>[0], id: string, ctx: Parameters<ServerNats['getPublisher']>[2]): (response: any) => any {
    const publish = super.getPublisher(natsMsg, id, ctx);
    const done = this.replied.get(natsMsg);
    if (!done || !natsMsg.reply) return publish;
    this.answering.add(natsMsg);
    return (response: { isDisposed?: boolean; status?: string }) => {
      const result = publish(response);
      if (response.isDisposed || response.status === 'error') done();
      return result;
    };
  }
}

const HEALTH = /^rpc\.[^.]+\.health$/;

/** Seconds an overloaded service asks callers to wait before trying again. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 1;

/** A 503 problem with the seconds to wait before retrying (the gateway turns it into `Retry-After`). */
export type OverloadProblem = Problem & { retryAfter: number };

function overloadProblem(channel: string, reason: ShedReason): OverloadProblem {
  const service = channel.split('.')[1] ?? 'the';
  const detail = reason === 'expired' ? `The caller's deadline passed before the ${service} service could start the request.` : `The ${service} service is overloaded; try again shortly.`;
  return { ...problemOf(503, detail), retryAfter: OVERLOAD_RETRY_AFTER_SECONDS };
}

function messageIdOf(data: Uint8Array): string | undefined {
  try {
    const id = (codec.decode(data) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

export interface RpcClientOptions {
  servers: string;
  name: string;
  timeoutMs: number;
}

/**
 * Request-reply to the services in NestJS's NATS wire format (`{ pattern, data, id }` → `{ id, response | err }`),
 * over nats.js's shared reply inbox: no subscription per call, unlike NestJS's ClientNats. A timeout on every call
 * (503 when nobody answers), problems from the service passed through as they are, a CLIENT span around the call
 * and its context in the request's headers, and the call's deadline (`x-deadline`, epoch ms) so the service can
 * drop the request once nobody waits for it.
 */
export class RpcClient {
  private nc?: NatsConnection;

  constructor(private readonly options: RpcClientOptions) {}

  async connect(): Promise<void> {
    this.nc = await connect({ ...natsOptions(this.options.servers), name: this.options.name, maxReconnectAttempts: -1 });
  }

  async request<TReply, TPayload = unknown>(pattern: string, payload: TPayload, caller?: Caller, timeoutMs = this.options.timeoutMs): Promise<TReply> {
    if (!this.nc) throw new Error('RpcClient.connect() was not called');
    const span = tracer.startSpan(`${operationName(pattern)} request`, { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'nats', 'rpc.method': pattern } });
    const body: RpcRequest<TPayload> = { caller, payload };
    try {
      const headers = injectTraceHeaders(undefined, trace.setSpan(context.active(), span));
      headers.set(DEADLINE_HEADER, String(Date.now() + timeoutMs));
      const message = await this.nc.request(pattern, codec.encode({ pattern, data: body, id: randomUUID() }), { timeout: timeoutMs, headers });
      const reply = codec.decode(message.data) as { response?: TReply; err?: unknown };
      if (reply.err !== undefined && reply.err !== null) throw reply.err;
      return reply.response as TReply;
    } catch (error) {
      const problem = toRpcProblem(error, pattern, timeoutMs);
      span.setStatus({ code: SpanStatusCode.ERROR, message: problem.detail ?? problem.title });
      throw problem;
    } finally {
      span.end();
    }
  }

  async close(): Promise<void> {
    if (this.nc && !this.nc.isClosed()) await this.nc.drain();
  }
}

function toRpcProblem(error: unknown, pattern: string, timeoutMs: number): Problem {
  if (isProblem(error)) return error;
  const service = pattern.split('.')[1] ?? 'a service';
  const code = (error as { code?: string })?.code;
  if (code === ErrorCode.Timeout) return problemOf(503, `The ${service} service did not answer within ${timeoutMs} ms.`);
  if (code === ErrorCode.NoResponders || code === ErrorCode.ConnectionClosed || code === ErrorCode.Disconnect) {
    return problemOf(503, `The ${service} service is not available.`);
  }
  if (typeof error === 'string' && /no matching message handler/i.test(error)) return problemOf(503, `The ${service} service does not answer ${pattern}.`);
  return problemOf(500, 'An unexpected error occurred.');
}
