import type { Caller, LiveInboxChange, NotificationView } from '@cadre/contracts';

/**
 * Who a live message is for, and how it is written on the wire (Server-Sent Events). Pure: the stream hub
 * (LiveStreams) applies it to every open stream.
 */

/**
 * Whether a change of inboxes concerns the caller: they are named, or they hold one of the roles and their own
 * department lies on the item's department path (the item's department or one above it; null: city-wide).
 */
export function inboxChangeConcerns(change: LiveInboxChange, caller: Pick<Caller, 'userId' | 'roles' | 'departmentId'>): boolean {
  if (change.userIds.includes(caller.userId)) return true;
  return change.roles.some((audience) => caller.roles.includes(audience.role) && (audience.departmentPath === null || audience.departmentPath.includes(caller.departmentId)));
}

/** A `live.inbox` payload as published, or null when it is not one (a message is never trusted blindly). */
export function parseInboxChange(payload: unknown): LiveInboxChange | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { userIds, roles } = payload as Partial<LiveInboxChange>;
  const ids = Array.isArray(userIds) ? userIds.filter((id): id is string => typeof id === 'string') : [];
  const audiences = Array.isArray(roles)
    ? roles.filter(
        (r): r is LiveInboxChange['roles'][number] =>
          typeof r === 'object' &&
          r !== null &&
          (r.role === 'reviewer' || r.role === 'assessor' || r.role === 'publisher' || r.role === 'appraiser') &&
          (r.departmentPath === null || (Array.isArray(r.departmentPath) && r.departmentPath.every((id) => typeof id === 'string'))),
      )
    : [];
  if (!Array.isArray(userIds) && !Array.isArray(roles)) return null;
  return { userIds: ids, roles: audiences };
}

/** A `live.notification.<userId>` payload as published (a NotificationView), or null. */
export function parseNotification(payload: unknown): NotificationView | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const view = payload as Partial<NotificationView>;
  return typeof view.id === 'string' && typeof view.kind === 'string' && typeof view.title === 'string' ? (view as NotificationView) : null;
}

/** The user a `live.notification.<userId>` subject is for, or null. */
export function recipientOf(subject: string): string | null {
  const prefix = 'live.notification.';
  if (!subject.startsWith(prefix)) return null;
  const userId = subject.slice(prefix.length);
  return userId && !userId.includes('.') ? userId : null;
}

/** One event on the wire: `event: <name>` and the data as one line of JSON (JSON.stringify never writes a raw newline). */
export function sseEvent(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: ignored by clients, keeps proxies and the connection from timing out. */
export const SSE_KEEPALIVE = ': keepalive\n\n';
