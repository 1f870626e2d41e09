import { env, loadConfig } from '@cadre/platform';

export const config = loadConfig({
  MONGODB_URI: env.mongoUri(),
  MONGODB_DB: env.databaseName('cadre-selection'),
  NATS_URL: env.natsUrl(),
  OPS_PORT: env.port(9107),
  LOG_LEVEL: env.logLevel(),
});

export type SelectionConfig = typeof config;
