import './instrument';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError } from 'fastify';
import { Redis } from 'ioredis';
import { PROBLEM_CONTENT_TYPE, NestPinoLogger, Readiness, createLogger, enableProcessMetrics, problemOf, startOpsServer, toProblem } from '@cadre/platform';
import { RpcClient } from '@cadre/messaging';
import { config } from './config';
import { AppModule, addGatewayReadiness } from './app.module';
import { HttpProblemFilter } from './http/problem.filter';
import { REDIS } from './tokens';

const logger = createLogger('gateway', config.LOG_LEVEL);

async function main() {
  enableProcessMetrics('gateway');
  if (config.usingDevJwtSecret) logger.warn('JWT_SECRET is not set: using the built-in development secret (never in production)');
  const adapter = new FastifyAdapter({ bodyLimit: config.BODY_LIMIT_BYTES, trustProxy: true, requestIdHeader: 'x-request-id' });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, logger), adapter, { logger: new NestPinoLogger(logger) });
  app.useGlobalFilters(new HttpProblemFilter(logger));
  const fastify = app.getHttpAdapter().getInstance();
  // Errors Fastify raises before a route runs (body too large, malformed JSON) are problems too.
  fastify.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const problem = status === 500 ? toProblem(error) : toProblem(problemOf(status, error.message));
    if (status === 500) logger.error({ err: error }, 'request failed');
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  });
  addGatewayReadiness(app.get(Readiness), app.get<Redis>(REDIS), app.get(RpcClient));
  await app.listen(config.GATEWAY_PORT, '0.0.0.0');
  const ops = await startOpsServer({ port: config.OPS_PORT, readiness: app.get(Readiness) });
  logger.info({ port: config.GATEWAY_PORT, opsPort: config.OPS_PORT }, 'gateway is up');

  const stop = async (signal: string) => {
    logger.info({ signal }, 'gateway is stopping');
    ops.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  logger.fatal({ err: error }, 'gateway failed to start');
  process.exit(1);
});
