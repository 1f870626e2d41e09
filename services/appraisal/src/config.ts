import { env, loadConfig } from '@cadre/platform';

export const config = loadConfig({
  MONGODB_URI: env.mongoUri(),
  MONGODB_DB: env.databaseName('cadre-appraisal'),
  NATS_URL: env.natsUrl(),
  OPS_PORT: env.port(9106),
  LOG_LEVEL: env.logLevel(),
});

export type AppraisalConfig = typeof config;
