import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import type { ServiceName } from '@cadre/contracts';
import { NestPinoLogger, Readiness, RpcProblemFilter, enableProcessMetrics, startOpsServer } from '@cadre/platform';
import { TracingNatsServer } from './nats-rpc';
import { natsOptions } from './nats-options';
import { JetStreamServer, type JetStreamServerOptions } from './jetstream.server';

export interface RunServiceOptions {
  service: ServiceName;
  module: Parameters<typeof NestFactory.create>[0];
  logger: Logger;
  natsUrl: string;
  opsPort: number;
  /** Durable JetStream consumption for the module's `@EventPattern` handlers. */
  consumer?: Omit<JetStreamServerOptions, 'servers' | 'logger' | 'durable'> & { durable?: string };
}

/**
 * Runs a NATS microservice: request-reply handlers (`@MessagePattern`, queue group = the service name),
 * durable event handlers (`@EventPattern`, JetStream), and the operations port (/healthz, /readyz, /metrics).
 * SIGTERM/SIGINT drain both transports, then exit.
 */
export async function runService(options: RunServiceOptions): Promise<void> {
  const { logger } = options;
  enableProcessMetrics(options.service);
  const app = await NestFactory.create(options.module, new FastifyAdapter(), { logger: new NestPinoLogger(logger) });
  app.useGlobalFilters(new RpcProblemFilter(logger));
  app.connectMicroservice(
    { strategy: new TracingNatsServer({ ...natsOptions(options.natsUrl), queue: options.service, name: `${options.service}-rpc`, maxReconnectAttempts: -1 } as never, undefined, logger) },
    { inheritAppConfig: true },
  );
  if (options.consumer) {
    app.connectMicroservice(
      { strategy: new JetStreamServer({ ...options.consumer, durable: options.consumer.durable ?? options.service, servers: options.natsUrl, logger }) },
      { inheritAppConfig: true },
    );
  }
  await app.init();
  await app.startAllMicroservices();
  const ops = await startOpsServer({ port: options.opsPort, readiness: app.get(Readiness) });
  logger.info({ opsPort: options.opsPort }, `${options.service} is up`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${options.service} is stopping`);
    ops.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
