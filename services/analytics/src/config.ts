import { env, loadConfig } from '@cadre/platform';

export const config = loadConfig({
  MONGODB_URI: env.mongoUri(),
  MONGODB_DB: env.databaseName('cadre-analytics'),
  NATS_URL: env.natsUrl(),
  REDIS_URL: env.redisUrl(),
  OPS_PORT: env.port(9104),
  LOG_LEVEL: env.logLevel(),
});
