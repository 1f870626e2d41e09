import { env, loadConfig } from '@cadre/platform';

export const config = loadConfig({
  MONGODB_URI: env.mongoUri(),
  MONGODB_DB: env.databaseName('cadre-tasks'),
  NATS_URL: env.natsUrl(),
  REDIS_URL: env.redisUrl(),
  /** How often open tasks past their bidding deadline are looked for: a safety net under each task's delayed job. */
  DEADLINE_SWEEP_MS: env.positiveInt(300_000),
  OPS_PORT: env.port(9102),
  LOG_LEVEL: env.logLevel(),
});
