import { env, loadConfig } from '@cadre/platform';

export const config = loadConfig({
  MONGODB_URI: env.mongoUri(),
  MONGODB_DB: env.databaseName('cadre-tasks'),
  NATS_URL: env.natsUrl(),
  REDIS_URL: env.redisUrl(),
  /** How often open tasks past their bidding deadline are looked for: a safety net under each task's delayed job. */
  DEADLINE_SWEEP_MS: env.positiveInt(300_000),
  /** Bid, progress and result files nobody attached are removed after this long (24 h). */
  FILES_PENDING_MAX_AGE_MS: env.positiveInt(24 * 60 * 60 * 1000),
  /** How often the removal of such files runs. */
  FILES_CLEANUP_EVERY_MS: env.positiveInt(60 * 60 * 1000),
  OPS_PORT: env.port(9102),
  LOG_LEVEL: env.logLevel(),
});
