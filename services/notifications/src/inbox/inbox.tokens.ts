import type { Duration } from './domain/service-levels';

export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');
export const NOTIFICATIONS_LOGGER = Symbol('NOTIFICATIONS_LOGGER');

/** What the inbox reads of the configuration (config.ts): the service levels and the working calendar. */
export interface InboxSettings {
  SLA_RECORD_REVIEW: Duration;
  SLA_RECORD_ASSESS: Duration;
  SLA_SHARE_CONFIRM: Duration;
  SLA_RECORD_FIX: Duration;
  SLA_TEAM_INVITATION: Duration;
  SLA_BID_EVALUATE: Duration;
  SLA_RESULT_REVIEW: Duration;
  SLA_TASK_AWARD: Duration;
  SLA_TASK_CONCLUDE: Duration;
  SLA_APPRAISAL_REVIEW: Duration;
  SLA_APPRAISAL_REVISE: Duration;
  SLA_OBJECTION_HANDLE: Duration;
  SLA_APPEAL_DECIDE: Duration;
  SLA_APPLICATION_RECOMMEND: Duration;
  REMIND_BEFORE: Duration;
  WORK_CALENDAR_HOLIDAYS: Set<string>;
  WORK_CALENDAR_WORKDAYS: Set<string>;
}
