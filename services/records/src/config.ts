import { env, loadConfig } from '@cadre/platform';

export const config = loadConfig({
  MONGODB_URI: env.mongoUri(),
  MONGODB_DB: env.databaseName('cadre-records'),
  NATS_URL: env.natsUrl(),
  OPS_PORT: env.port(9101),
  LOG_LEVEL: env.logLevel(),
  /** Days after verification within which a participant may still dispute their share (reopening the record). */
  RECORD_DISPUTE_WINDOW_DAYS: env.positiveInt(30),
});
