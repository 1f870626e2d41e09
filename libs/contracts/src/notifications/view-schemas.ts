import { z } from 'zod';
import { dateTimeView, intView } from '../view-schema';
import { INBOX_KINDS } from './events';
import { NOTIFICATION_KINDS, type InboxItemView, type InboxView, type NotificationListView, type NotificationView } from './views';

/**
 * The zod schemas of the inbox and notification views (the interfaces in views.ts): the OpenAPI document declares
 * them and tests parse real answers with them. A drift from the interfaces fails type checking below.
 */
export const inboxItemViewSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(INBOX_KINDS),
  kindLabel: z.string(),
  title: z.string(),
  summary: z.string(),
  subject: z.strictObject({ type: z.enum(['record', 'task', 'team', 'appraisal', 'objection', 'appeal', 'application']), id: z.string() }),
  link: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  openedAt: dateTimeView,
  dueAt: dateTimeView,
  overdue: z.boolean(),
  escalated: z.boolean(),
});

const inboxCounts = z.strictObject(Object.fromEntries(INBOX_KINDS.map((kind) => [kind, intView.min(0)])) as Record<(typeof INBOX_KINDS)[number], z.ZodNumber>);

export const inboxViewSchema = z.strictObject({
  total: intView.min(0),
  counts: inboxCounts,
  overdue: intView.min(0),
  items: z.array(inboxItemViewSchema),
  limit: intView.min(1),
  offset: intView.min(0),
});

export const notificationViewSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  link: z.string(),
  createdAt: dateTimeView,
  readAt: dateTimeView.nullable(),
});

export const notificationListViewSchema = z.strictObject({
  unread: intView.min(0),
  total: intView.min(0),
  items: z.array(notificationViewSchema),
  limit: intView.min(1),
  offset: intView.min(0),
});

/** `POST /notifications/:id/read`, `POST /notifications/read-all`: the caller's unread count after the change. */
export const unreadCountViewSchema = z.strictObject({ unread: intView.min(0) });
export type UnreadCountView = z.infer<typeof unreadCountViewSchema>;

/**
 * `POST /inbox/rebuild` (202): the progress of the rebuild it started (or of the one already running, which a second
 * POST answers again instead of starting another); the rebuild goes on in the background.
 */
export const inboxRebuildViewSchema = z.strictObject({
  running: z.boolean(),
  startedAt: dateTimeView.nullable(),
  finishedAt: dateTimeView.nullable(),
  /** Events replayed so far. */
  replayed: intView.min(0),
  error: z.string().nullable(),
});
export type InboxRebuildView = z.infer<typeof inboxRebuildViewSchema>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: [Same<z.infer<typeof inboxItemViewSchema>, InboxItemView>, Same<z.infer<typeof inboxViewSchema>, InboxView>, Same<z.infer<typeof notificationViewSchema>, NotificationView>, Same<z.infer<typeof notificationListViewSchema>, NotificationListView>] = [true, true, true, true];
void checks;
