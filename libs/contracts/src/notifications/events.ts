/**
 * Events of the notifications service (stream NOTIFICATIONS): the service-level facts of the work inbox, so that
 * analytics can count overdue work per department. Each carries the item's whole current state and a version
 * that grows with every change of the item (consumers keep the highest).
 */
export const NOTIFICATION_EVENTS = {
  /** An inbox item passed its due time while still open (催办 escalated). */
  itemOverdue: 'notifications.item.overdue',
  /** An inbox item was done (by anyone entitled) or became moot (the record was withdrawn, the task withdrawn…). */
  itemClosed: 'notifications.item.closed',
} as const;

export const INBOX_KINDS = [
  /** 待审核：a submitted record waits for a reviewer of its department subtree. */
  'record_review',
  /** 待研判：a reviewed (or reopened) record waits for an assessor. */
  'record_assess',
  /** 待确认分工：a co-participant has not confirmed their share yet. */
  'share_confirm',
  /** 待修改：the filer's record was returned. */
  'record_fix',
  /** 团队邀请：an invitation to join a team waits for an answer. */
  'team_invitation',
  /** 待评标：an evaluator has bids of a task in 评标 still to score. */
  'bid_evaluate',
  /** 待评审：an evaluator has awarded teams' results still to review. */
  'result_review',
  /** 待定标：评标 is complete; the publisher's department awards the task. */
  'task_award',
  /** 待结项：every review is in; the publisher's department concludes the task. */
  'task_conclude',
  /** 待审定：an appraiser submitted a cadre's grade; an assessor confirms or returns it (issue #21). */
  'appraisal_review',
  /** 考核退回：the assessor returned a grade; the appraisers of the cadre's department subtree revise it. */
  'appraisal_revise',
  /** 待核查异议：an objection to a candidate in a 任前公示, open or under investigation; assessors answer it (issue #22). */
  'objection_handle',
  /** 待处理申诉：a cadre's appeal (申诉) of a record, verdict or points entry; an assessor, not the appellant, decides. */
  'appeal_decide',
  /** 待推荐：an application for an award (评先评优); reviewers of the applicant's department subtree recommend or not. */
  'application_recommend',
] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

export interface InboxItemFactV1 {
  /** `<kind>:<object id>` or `<kind>:<object id>:<user id>` for a per-person item. */
  itemId: string;
  kind: InboxKind;
  /** The department the item's object belongs to (the record's, the publishing department's). */
  departmentId: string;
  departmentPath: string[];
  openedAt: string;
  dueAt: string;
  /** Grows with every change of the item. */
  version: number;
  occurredAt: string;
}

export interface InboxItemOverdueV1 extends InboxItemFactV1 {
  overdueAt: string;
}

export interface InboxItemClosedV1 extends InboxItemFactV1 {
  closedAt: string;
  /** Whether it was overdue when it closed. */
  wasOverdue: boolean;
}
