import { env, loadConfig } from '@cadre/platform';

export const config = loadConfig({
  MONGODB_URI: env.mongoUri(),
  MONGODB_DB: env.databaseName('cadre-notifications'),
  NATS_URL: env.natsUrl(),
  REDIS_URL: env.redisUrl(),
  OPS_PORT: env.port(9105),
  LOG_LEVEL: env.logLevel(),
  SLA_RECORD_REVIEW: env.duration('5wd'),
  SLA_RECORD_ASSESS: env.duration('10wd'),
  SLA_SHARE_CONFIRM: env.duration('3wd'),
  SLA_RECORD_FIX: env.duration('10wd'),
  SLA_TEAM_INVITATION: env.duration('3wd'),
  /** After the bidding deadline. */
  SLA_BID_EVALUATE: env.duration('7d'),
  SLA_RESULT_REVIEW: env.duration('10wd'),
  SLA_TASK_AWARD: env.duration('5wd'),
  SLA_TASK_CONCLUDE: env.duration('5wd'),
  /** 待审定: an assessor confirms or returns a submitted grade (as 待审核 of a record). */
  SLA_APPRAISAL_REVIEW: env.duration('5wd'),
  /** 考核退回: the appraisers revise a returned grade (as 待修改 of a record). */
  SLA_APPRAISAL_REVISE: env.duration('10wd'),
  /** 待核查异议: an objection to a candidate in a 任前公示 is answered (before the notice ends, as a rule). */
  SLA_OBJECTION_HANDLE: env.duration('3wd'),
  /** 待处理申诉: an assessor decides an appeal. */
  SLA_APPEAL_DECIDE: env.duration('10wd'),
  /** 待推荐: the department recommends an award application or not. */
  SLA_APPLICATION_RECOMMEND: env.duration('5wd'),
  /** How long before the due time the holder is reminded (the reminders' own use). */
  REMIND_BEFORE: env.duration('1wd'),
  WORK_CALENDAR_HOLIDAYS: env.dateList(),
  WORK_CALENDAR_WORKDAYS: env.dateList(),
});

export type NotificationsConfig = typeof config;
