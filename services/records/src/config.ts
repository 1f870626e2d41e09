import { env, loadConfig } from '@cadre/platform';

export const config = loadConfig({
  MONGODB_URI: env.mongoUri(),
  MONGODB_DB: env.databaseName('cadre-records'),
  NATS_URL: env.natsUrl(),
  OPS_PORT: env.port(9101),
  LOG_LEVEL: env.logLevel(),
  /** Days after verification within which a participant may still dispute their share (reopening the record). */
  RECORD_DISPUTE_WINDOW_DAYS: env.positiveInt(30),
  REDIS_URL: env.redisUrl(),
  /** An uploaded evidence file nobody attached (or an edit dropped) for this long is removed. */
  FILES_PENDING_MAX_AGE_MS: env.positiveInt(24 * 60 * 60 * 1000),
  /** How often the removal of such files runs. */
  FILES_CLEANUP_EVERY_MS: env.positiveInt(60 * 60 * 1000),
});
