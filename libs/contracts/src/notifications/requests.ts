import { z } from 'zod';
import { INBOX_KINDS } from './events';

/** `GET /inbox?kind=&limit=&offset=`. */
export const inboxQuery = z.strictObject({
  kind: z.enum(INBOX_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type InboxQuery = z.infer<typeof inboxQuery>;

/** `GET /notifications?unread=&limit=&offset=`. */
export const notificationListQuery = z.strictObject({
  unread: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type NotificationListQuery = z.infer<typeof notificationListQuery>;

/** `GET /people?q=&departmentId=&limit=`: q matches a name's characters or its pinyin initials (`whj` for 王海军). */
export const peopleQuery = z.strictObject({
  q: z.string().trim().max(40).default(''),
  departmentId: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type PeopleQuery = z.infer<typeof peopleQuery>;
