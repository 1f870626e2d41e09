import type { InboxKind, InboxView, NotificationListView, PeopleView, PersonView } from '@cadre/contracts';
import { api } from './client';

/**
 * The inbox, messages and people of docs/API.md ("Inbox and notifications", `GET /people`). The types are the
 * contracts' (`import type`: nothing of them reaches the bundle); the kinds are listed here again as values, checked
 * against the contract's type, so the console does not bundle the contracts' code.
 */
export const INBOX_KIND_LIST = [
  'record_review',
  'record_assess',
  'share_confirm',
  'record_fix',
  'team_invitation',
  'bid_evaluate',
  'result_review',
  'task_award',
  'task_conclude',
  'appraisal_review',
  'appraisal_revise',
  'objection_handle',
  'appeal_decide',
  'application_recommend',
] as const satisfies readonly InboxKind[];

// Every kind of the contract is listed (a kind added there and not here fails the type check).
type Missing = Exclude<InboxKind, (typeof INBOX_KIND_LIST)[number]>;
const everyKindListed: Missing extends never ? true : false = true;
void everyKindListed;

export type InboxCounts = Record<InboxKind, number>;

export const inboxApi = {
  list: (query: { kind?: InboxKind; limit?: number; offset?: number } = {}) => api.get<InboxView>('/inbox', query),
};

export const notificationsApi = {
  list: (query: { unread?: boolean; limit?: number; offset?: number } = {}) => api.get<NotificationListView>('/notifications', query),
  read: (id: string) => api.post<{ unread: number }>(`/notifications/${encodeURIComponent(id)}/read`),
  readAll: () => api.post<{ unread: number }>('/notifications/read-all'),
};

/** `GET /people?q=`: people found by name or pinyin initials (no username, no contact data). */
export async function searchPeople(q: string, options: { departmentId?: string; limit?: number } = {}): Promise<PersonView[]> {
  const answer = await api.get<PeopleView>('/people', { q: q.trim(), departmentId: options.departmentId, limit: options.limit ?? 20 });
  return answer.items ?? [];
}
