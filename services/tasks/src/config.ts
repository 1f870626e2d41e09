import { env, loadConfig } from '@cadre/platform';

export const config = loadConfig({
  MONGODB_URI: env.mongoUri(),
  MONGODB_DB: env.databaseName('cadre-tasks'),
  NATS_URL: env.natsUrl(),
  OPS_PORT: env.port(9102),
  LOG_LEVEL: env.logLevel(),
});
