import { INBOX_KIND_LABELS, ROLE_LABELS, labelOf, type InboxKind } from '@cadre/contracts';
import { beijingTime } from '../../messages/domain/format';
import type { MessageDraft } from '../../messages/domain/messages';
import { shift, type Duration, type WorkCalendar } from '../../inbox/domain/service-levels';

/** People named either by id, or by a role: city-wide (`departmentIds` null) or whose own department is one of these. */
export type Audience = { type: 'users'; userIds: string[] } | { type: 'role'; role: 'reviewer' | 'assessor' | 'publisher' | 'appraiser' | 'admin'; departmentIds: string[] | null };

/** What the reminders need of an inbox item (inbox/inbox.schema.ts). */
export interface ItemFacts {
  _id: string;
  kind: InboxKind;
  title: string;
  summary: string;
  link: string;
  departmentPath: string[];
  userIds: string[];
  role: 'reviewer' | 'assessor' | 'publisher' | 'appraiser' | null;
  excludeUserIds: string[];
  dueAt: Date;
}

/** Who holds an item now: its people, or its role on the department path (assessors city-wide). */
export function holdersOf(item: Pick<ItemFacts, 'userIds' | 'role' | 'departmentPath'>): Audience {
  if (!item.role) return { type: 'users', userIds: item.userIds };
  return { type: 'role', role: item.role, departmentIds: item.role === 'assessor' ? null : item.departmentPath };
}

/**
 * The next level when an item is overdue (催办升级), in order of preference: the first that names anyone is told.
 * `ownerId`: the record's filer, the team's lead, the task's publisher (whoever answers for the object).
 */
export function escalationTargets(kind: InboxKind, departmentPath: string[], ownerId: string | null): Audience[] {
  const owner: Audience[] = ownerId ? [{ type: 'users', userIds: [ownerId] }] : [];
  const assessors: Audience = { type: 'role', role: 'assessor', departmentIds: null };
  switch (kind) {
    case 'record_review': {
      // The reviewers of the parent of the record's department; at the top (or none there): the assessors.
      const parent = departmentPath.at(-2);
      return parent ? [{ type: 'role', role: 'reviewer', departmentIds: [parent] }, assessors] : [assessors];
    }
    case 'record_assess':
      return [{ type: 'role', role: 'admin', departmentIds: null }];
    case 'share_confirm': // the record's filer
    case 'team_invitation': // the team's lead
    case 'bid_evaluate': // the task's publisher
    case 'result_review':
      return owner;
    case 'record_fix':
      return []; // the cadre's own: marked overdue only
    case 'task_award':
    case 'task_conclude':
      return [assessors];
    case 'appraisal_review': // 待审定 overdue: the admins (who run the cycles)
      return [{ type: 'role', role: 'admin', departmentIds: null }];
    case 'appraisal_revise': // 考核退回 overdue: the assessors who returned it
      return [assessors];
    case 'objection_handle': // 待核查异议 overdue (the notice may end with it unanswered): the admins
    case 'appeal_decide': // 待处理申诉 overdue: the admins
      return [{ type: 'role', role: 'admin', departmentIds: null }];
    case 'application_recommend': // 待推荐 overdue: the assessors (the organisation department)
      return [assessors];
    default:
      return [];
  }
}

/** When to remind: `remindBefore` ahead of the due time; null when that is before the item opened (the level is shorter). */
export function remindAt(openedAt: Date, dueAt: Date, remindBefore: Duration, calendar: WorkCalendar): Date | null {
  const at = shift(dueAt, remindBefore, calendar, -1);
  return at.getTime() < openedAt.getTime() ? null : at;
}

const itemName = (item: Pick<ItemFacts, 'kind' | 'title'>) => `${labelOf(INBOX_KIND_LABELS, item.kind)}「${item.title}」`;

/** The 催办 reminder to one holder, keyed by the item and its due time (a second job or a rebuild sends nothing new). */
export function reminderDraft(item: ItemFacts, recipientId: string, now: Date): MessageDraft {
  const due = beijingTime(item.dueAt.toISOString());
  return {
    sourceKey: `reminder:${item._id}:${item.dueAt.getTime()}`,
    recipientId,
    kind: 'reminder',
    title: `催办：${itemName(item)}将于${due}到期`,
    baseBody: `${item.summary ? `${item.summary}。` : ''}请在${due}（北京时间）前办理。`,
    link: item.link,
    pointsSource: null,
    createdAt: now.toISOString(),
  };
}

/** The escalation to one person of the next level. `holders`: who holds it, in words (names or the role). */
export function escalationDraft(item: ItemFacts, recipientId: string, holders: string, now: Date): MessageDraft {
  const due = beijingTime(item.dueAt.toISOString());
  return {
    sourceKey: `escalation:${item._id}:${item.dueAt.getTime()}`,
    recipientId,
    kind: 'escalation',
    title: `督办：${itemName(item)}已逾期`,
    baseBody: `该事项应于${due}（北京时间）前办理，至今未办结${holders ? `（办理人：${holders}）` : ''}。请督促办理。`,
    link: item.link,
    pointsSource: null,
    createdAt: now.toISOString(),
  };
}

/** The holders in words: names of the people, or the role (审核人…). */
export function holdersText(audience: Audience, names: (id: string) => string): string {
  if (audience.type === 'users') return audience.userIds.map(names).join('、');
  return labelOf(ROLE_LABELS, audience.role);
}

/** The delayed jobs of an item at one due time (BullMQ allows no single `:` in a custom id: `|` separates). */
export const reminderJobIds = (itemId: string, dueAt: Date) => ({
  remind: `remind|${itemId.replaceAll(':', '|')}|${dueAt.getTime()}`,
  escalate: `escalate|${itemId.replaceAll(':', '|')}|${dueAt.getTime()}`,
});
