import { z } from 'zod';
import { env, loadConfig } from '@cadre/platform';

export const config = loadConfig({
  MONGODB_URI: env.mongoUri(),
  MONGODB_DB: env.databaseName('cadre-selection'),
  NATS_URL: env.natsUrl(),
  OPS_PORT: env.port(9107),
  LOG_LEVEL: env.logLevel(),
  /** Replaces a notice's `noticeDays` working days by a plain duration (tests: `3s`); unset in production. */
  SELECTION_NOTICE_WINDOW: env.optionalDuration(),
  /** Days after a decision within which it may be appealed. */
  APPEAL_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(15),
  /** The working calendar of the notice window (the same variables as the notifications service's). */
  WORK_CALENDAR_HOLIDAYS: env.dateList(),
  WORK_CALENDAR_WORKDAYS: env.dateList(),
});

export type SelectionConfig = typeof config;
