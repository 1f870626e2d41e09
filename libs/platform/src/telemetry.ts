/**
 * OpenTelemetry bootstrap. Import this module (through a service's `instrument.ts`) before anything else,
 * so the instrumentations patch http, mongoose and ioredis as they load. The Fastify and NestJS instrumentations
 * are left out: they add several spans to every request (one per hook, guard and handler) and together cost the
 * gateway over a third of its throughput; the gateway names its http span after the route instead, and the
 * services' request and event spans are made by libs/messaging.
 * Spans are exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise they are created
 * (so logs and problem responses carry trace ids) but not exported. OTEL_TRACES_SAMPLER* choose the sampler
 * (default: parent-based, always on). Spans carry service.name, service.version (SERVICE_VERSION) and
 * service.instance.id; OTEL_RESOURCE_ATTRIBUTES adds to them.
 */
import { hostname } from 'node:os';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { MongooseInstrumentation } from '@opentelemetry/instrumentation-mongoose';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { serviceVersion } from './service-info';

interface TelemetryOptions {
  serviceName: string;
  serviceVersion?: string;
  spanProcessors?: SpanProcessor[];
}

let sdk: NodeSDK | undefined;

export function startTelemetry(options: TelemetryOptions): NodeSDK {
  if (sdk) return sdk;
  const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const spanProcessors = options.spanProcessors ?? [
    endpoint ? new BatchSpanProcessor({ exporter: new OTLPTraceExporter(), ...batchOptionsFromEnv() }) : new NoopSpanProcessor(),
  ];
  sdk = new NodeSDK({
    serviceName: options.serviceName,
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      [ATTR_SERVICE_VERSION]: options.serviceVersion ?? serviceVersion(),
      'service.namespace': 'cadre',
      'service.instance.id': `${hostname()}-${process.pid}`,
    }),
    spanProcessors,
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => isProbe(req.url) }),
      new MongooseInstrumentation(),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return sdk;
}

/** The standard OTEL_BSP_* settings (the SDK's BatchSpanProcessor no longer reads them itself). */
function batchOptionsFromEnv() {
  const read = (name: string) => {
    const value = Number(process.env[name]);
    return process.env[name] && Number.isFinite(value) && value >= 0 ? value : undefined;
  };
  const options = {
    scheduledDelayMillis: read('OTEL_BSP_SCHEDULE_DELAY'),
    exportTimeoutMillis: read('OTEL_BSP_EXPORT_TIMEOUT'),
    maxQueueSize: read('OTEL_BSP_MAX_QUEUE_SIZE'),
    maxExportBatchSize: read('OTEL_BSP_MAX_EXPORT_BATCH_SIZE'),
  };
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function isProbe(url: string | undefined): boolean {
  return url === '/healthz' || url === '/readyz' || url === '/metrics';
}
