import type { RankLevel } from '../caller';
import type { InboxKind } from './events';

/** What waits for the caller (docs/API.md "Inbox"). */
export interface InboxItemView {
  id: string;
  kind: InboxKind;
  /** 待审核, 待研判… */
  kindLabel: string;
  /** The record's or task's title (Chinese, as filed). */
  title: string;
  /** One line for people: who filed it, which team, how many bids wait (Chinese). */
  summary: string;
  /**
   * What the item is about and where the console opens it (`appraisal`: id `<cycleId>:<cadreId>`; `objection`:
   * `<roundId>:<objectionId>`; `application`: `<roundId>:<applicationId>`; `appeal`: the appeal's id).
   */
  subject: { type: 'record' | 'task' | 'team' | 'appraisal' | 'objection' | 'appeal' | 'application'; id: string };
  link: string;
  departmentId: string;
  departmentName: string;
  openedAt: string;
  dueAt: string;
  overdue: boolean;
  /** Whether it was escalated to the next level (催办升级). */
  escalated: boolean;
}

export interface InboxView {
  total: number;
  counts: Record<InboxKind, number>;
  /** Of those, past their due time. */
  overdue: number;
  items: InboxItemView[];
  limit: number;
  offset: number;
}

export const NOTIFICATION_KINDS = [
  'record_returned',
  'record_rejected',
  'record_verified',
  'record_revoked',
  'record_reopened',
  'share_disputed',
  'team_invited',
  'team_formed',
  'task_awarded',
  'task_not_awarded',
  'task_concluded',
  /** A grade of a cadre of the appraiser's department was returned by the assessor (with the reason). */
  'appraisal_returned',
  /** The cadre's own grade was confirmed. */
  'appraisal_confirmed',
  /** 选人用人 (issue #22): the candidate is in a published 任前公示 (您已列入《…》任前公示，拟任 …). */
  'notice_published',
  /** The objector's objection was answered (属实 / 不属实, with the answer). */
  'objection_answered',
  /** The appellant's appeal was decided (申诉成立 / 驳回, with the answer). */
  'appeal_decided',
  /** The applicant's award application was recommended or not by the department. */
  'application_recommended',
  'reminder',
  'escalation',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A message to one person (docs/API.md "Notifications"). */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  /** Chinese, one line: 纪实《…》被退回. */
  title: string;
  /** Chinese: the comment, the verdict, the points (积分 +12.50) once scoring has counted them. */
  body: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationListView {
  unread: number;
  total: number;
  items: NotificationView[];
  limit: number;
  offset: number;
}

/** `GET /people`: only what identifies a person at work; never a username or contact data. */
export interface PersonView {
  userId: string;
  name: string;
  departmentId: string;
  departmentName: string;
  title: string;
  rankLevel: RankLevel;
  rankLabel: string;
}

export interface PeopleView {
  items: PersonView[];
}

/**
 * Live messages on core NATS (at most once; the lists are the truth and the console refetches on reconnect):
 * `live.notification.<userId>` carries a NotificationView; `live.inbox` says whose inbox changed.
 */
export const LIVE_SUBJECTS = {
  notification: (userId: string) => `live.notification.${userId}`,
  notificationAll: 'live.notification.*',
  inbox: 'live.inbox',
} as const;

/** Whose inbox changed: listed users, and/or everyone holding `role` whose department lies on `departmentPath` (null: city-wide). */
export interface LiveInboxChange {
  userIds: string[];
  roles: { role: 'reviewer' | 'assessor' | 'publisher' | 'appraiser'; departmentPath: string[] | null }[];
}
