import './instrument';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { NestPinoLogger, ProblemException, Readiness, createLogger, enableProcessMetrics, startOpsServer } from '@cadre/platform';
import { RpcClient } from '@cadre/messaging';
import { config, trustProxySetting } from './config';
import { AppModule, addGatewayReadiness } from './app.module';
import { HttpProblemFilter } from './http/problem.filter';
import { edgeServerOptions, hardenEdge, rateLimiterOf } from './http/edge';
import { limitInflight } from './http/admission';
import { acceptStreamTokens } from './notifications/stream-path';
import { acceptEmptyJsonBodies } from './http/json-body';
import { acceptMultipartUploads } from './files/multipart';
import { setUpOpenApi } from './http/openapi';
import { makePostsIdempotent } from './http/idempotent-posts';
import { IdempotencyStore } from './http/idempotency-store';
import { logRequests } from './http/request-log';
import { serveWebApp } from './http/web-app';
import { BootstrapDirectory } from './directory/usecases/bootstrap-directory/usecase';
import { REDIS } from './tokens';

const logger = createLogger('gateway', config.LOG_LEVEL);

async function main() {
  enableProcessMetrics('gateway');
  if (config.usingDevJwtSecret) logger.warn('JWT_SECRET is not set: using the built-in development secret (never in production)');
  const adapter = new FastifyAdapter({ trustProxy: trustProxySetting(config.TRUST_PROXY), ...edgeServerOptions(config) });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, logger), adapter, { logger: new NestPinoLogger(logger) });
  app.useGlobalFilters(new HttpProblemFilter(logger));
  acceptEmptyJsonBodies(app, config.BODY_LIMIT_BYTES);
  await acceptMultipartUploads(app, config.FILES_MAX_BYTES);
  acceptStreamTokens(app.getHttpAdapter().getInstance());
  limitInflight(app.getHttpAdapter().getInstance(), config.GATEWAY_MAX_INFLIGHT);
  logRequests(app.getHttpAdapter().getInstance(), logger);
  await hardenEdge(app.getHttpAdapter().getInstance(), config, rateLimiterOf(app.get<Redis>(REDIS), config));
  makePostsIdempotent(app.getHttpAdapter().getInstance(), idempotencyStoreOf(app.get<Redis>(REDIS)), {
    keyPrefix: config.REDIS_KEY_PREFIX,
    excludedRoutes: ['/api/v1/auth/login'],
    logger,
  });
  setUpOpenApi(app);
  const webRoot = config.WEB_ROOT === 'none' ? undefined : config.WEB_ROOT;
  const servesWeb = webRoot ? serveWebApp(app.getHttpAdapter().getInstance(), webRoot) : false;
  addGatewayReadiness(app.get(Readiness), app.get<Redis>(REDIS), app.get(RpcClient));
  await app.init();

  const admin = await app
    .get(BootstrapDirectory)
    .execute({
      rootDepartment: { code: config.ROOT_DEPARTMENT_CODE, name: config.ROOT_DEPARTMENT_NAME },
      adminPassword: config.ADMIN_PASSWORD,
      isDevelopmentPassword: config.usingDevAdminPassword,
    })
    .catch((error: unknown) => {
      if (!(error instanceof ProblemException)) throw error;
      const reasons = (error.problem.errors ?? []).map((e) => `  ADMIN_PASSWORD: ${e.message}`).join('\n');
      process.stderr.write(`Configuration error, the service cannot start:\n${reasons || `  ${error.message}`}\n`);
      process.exit(78);
    });
  if (admin === 'created') {
    logger.warn(config.usingDevAdminPassword ? 'created the user "admin" with the development password "admin-dev-password" (set ADMIN_PASSWORD)' : 'created the user "admin" from ADMIN_PASSWORD');
  }

  await app.listen(config.GATEWAY_PORT, '0.0.0.0');
  const ops = await startOpsServer({ port: config.OPS_PORT, readiness: app.get(Readiness) });
  logger.info({ port: config.GATEWAY_PORT, opsPort: config.OPS_PORT, webConsole: servesWeb ? webRoot : null }, 'gateway is up');

  const stop = async (signal: string) => {
    logger.info({ signal }, 'gateway is stopping');
    ops.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/** Answers kept for IDEMPOTENCY_TTL; a running request holds its key by renewing a 30 s lease (freed 30 s after a crash). */
function idempotencyStoreOf(redis: Redis): IdempotencyStore {
  const ttlMs = config.IDEMPOTENCY_TTL.unit === 'ms' ? config.IDEMPOTENCY_TTL.ms : 86_400_000;
  return new IdempotencyStore(redis, { ttlMs, leaseMs: 30_000 });
}

main().catch((error) => {
  logger.fatal({ err: error }, 'gateway failed to start');
  process.exit(1);
});
