import { z } from 'zod';
import { env, loadConfig } from '@cadre/platform';
import { parseDateList, parseDuration, type Duration } from './inbox/domain/service-levels';

/** A service level: `<n>wd` (working days) or `<n>d|h|m|s|ms`; see inbox/domain/service-levels.ts. */
const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx): Duration => {
      try {
        return parseDuration(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });

const dates = () =>
  z
    .string()
    .default('')
    .transform((text, ctx): Set<string> => {
      try {
        return parseDateList(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });

export const config = loadConfig({
  MONGODB_URI: env.mongoUri(),
  MONGODB_DB: env.databaseName('cadre-notifications'),
  NATS_URL: env.natsUrl(),
  REDIS_URL: env.redisUrl(),
  OPS_PORT: env.port(9105),
  LOG_LEVEL: env.logLevel(),
  SLA_RECORD_REVIEW: duration('5wd'),
  SLA_RECORD_ASSESS: duration('10wd'),
  SLA_SHARE_CONFIRM: duration('3wd'),
  SLA_RECORD_FIX: duration('10wd'),
  SLA_TEAM_INVITATION: duration('3wd'),
  /** After the bidding deadline. */
  SLA_BID_EVALUATE: duration('7d'),
  SLA_RESULT_REVIEW: duration('10wd'),
  SLA_TASK_AWARD: duration('5wd'),
  SLA_TASK_CONCLUDE: duration('5wd'),
  /** 待审定: an assessor confirms or returns a submitted grade (as 待审核 of a record). */
  SLA_APPRAISAL_REVIEW: duration('5wd'),
  /** 考核退回: the appraisers revise a returned grade (as 待修改 of a record). */
  SLA_APPRAISAL_REVISE: duration('10wd'),
  /** How long before the due time the holder is reminded (the reminders' own use). */
  REMIND_BEFORE: duration('1wd'),
  WORK_CALENDAR_HOLIDAYS: dates(),
  WORK_CALENDAR_WORKDAYS: dates(),
});

export type NotificationsConfig = typeof config;
