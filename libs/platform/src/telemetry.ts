/**
 * OpenTelemetry bootstrap. Import this module (through a service's `instrument.ts`) before anything else,
 * so the instrumentations patch http, mongoose and ioredis as they load. The Fastify and NestJS instrumentations
 * are left out: they add several spans to every request (one per hook, guard and handler) and together cost the
 * gateway over a third of its throughput; the gateway names its http span after the route instead, and the
 * services' request and event spans are made by libs/messaging.
 * Spans are exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise they are created
 * (so logs and problem responses carry trace ids) but not exported. OTEL_TRACES_SAMPLER* choose the sampler.
 */
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { MongooseInstrumentation } from '@opentelemetry/instrumentation-mongoose';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';

export interface TelemetryOptions {
  serviceName: string;
  serviceVersion?: string;
  spanProcessors?: SpanProcessor[];
}

let sdk: NodeSDK | undefined;

export function startTelemetry(options: TelemetryOptions): NodeSDK {
  if (sdk) return sdk;
  const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const spanProcessors = options.spanProcessors ?? [
    endpoint ? new BatchSpanProcessor({ exporter: new OTLPTraceExporter() }) : new NoopSpanProcessor(),
  ];
  sdk = new NodeSDK({
    serviceName: options.serviceName,
    spanProcessors,
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => isProbe(req.url) }),
      new MongooseInstrumentation(),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  process.env.OTEL_SERVICE_VERSION ??= options.serviceVersion ?? '0.1.0';
  sdk.start();
  return sdk;
}

export async function stopTelemetry(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
}

function isProbe(url: string | undefined): boolean {
  return url === '/healthz' || url === '/readyz' || url === '/metrics';
}
