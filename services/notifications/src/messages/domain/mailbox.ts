/**
 * A person's mailbox (消息): what the list, the unread count and read / read-all answer from, so that each of them is
 * one read by `_id` (FerretDB v1 scans the whole collection for any other filter). It keeps the counts and the
 * summaries of the latest MAILBOX_CAP messages, newest first; an older message stays in `notifications` by `_id`,
 * and the ids of older ones still unread are kept so that read-all and the count stay exact. Every change is keyed by
 * the message id, so applying one twice changes nothing. Pure.
 */
export const MAILBOX_CAP = 500;

export interface MailboxEntry {
  _id: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  createdAt: Date;
  readAt: Date | null;
}

export interface Mailbox {
  total: number;
  unread: number;
  /** Newest first: createdAt descending, then id descending (the order the list had). */
  entries: MailboxEntry[];
  /** Unread messages older than the kept entries. */
  olderUnread: string[];
}

export const emptyMailbox = (): Mailbox => ({ total: 0, unread: 0, entries: [], olderUnread: [] });

const newerFirst = (a: MailboxEntry, b: MailboxEntry) => {
  const byTime = new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime();
  if (byTime !== 0) return byTime;
  return a._id < b._id ? 1 : a._id > b._id ? -1 : 0;
};

export function holds(mailbox: Mailbox, id: string): boolean {
  return mailbox.entries.some((e) => e._id === id) || mailbox.olderUnread.includes(id);
}

/** Adds a message; null when it is there already. */
export function addEntry(mailbox: Mailbox, entry: MailboxEntry, cap = MAILBOX_CAP): Mailbox | null {
  if (holds(mailbox, entry._id)) return null;
  const entries = [...mailbox.entries, entry].sort(newerFirst);
  const olderUnread = [...mailbox.olderUnread];
  while (entries.length > cap) {
    const dropped = entries.pop()!;
    if (!dropped.readAt) olderUnread.push(dropped._id);
  }
  return { total: mailbox.total + 1, unread: mailbox.unread + (entry.readAt ? 0 : 1), entries, olderUnread };
}

/** Marks one message read; null when it was read (or is not counted here). */
export function markRead(mailbox: Mailbox, id: string, at: Date): Mailbox | null {
  const index = mailbox.entries.findIndex((e) => e._id === id);
  if (index >= 0) {
    if (mailbox.entries[index].readAt) return null;
    const entries = mailbox.entries.map((e, i) => (i === index ? { ...e, readAt: at } : e));
    return { ...mailbox, entries, unread: Math.max(0, mailbox.unread - 1) };
  }
  if (!mailbox.olderUnread.includes(id)) return null;
  return { ...mailbox, olderUnread: mailbox.olderUnread.filter((x) => x !== id), unread: Math.max(0, mailbox.unread - 1) };
}

/** Marks every message read: the mailbox after, and the ids of the messages that were unread. */
export function markAllRead(mailbox: Mailbox, at: Date): { mailbox: Mailbox; ids: string[] } {
  const ids = [...mailbox.entries.filter((e) => !e.readAt).map((e) => e._id), ...mailbox.olderUnread];
  return { mailbox: { ...mailbox, entries: mailbox.entries.map((e) => (e.readAt ? e : { ...e, readAt: at })), olderUnread: [], unread: 0 }, ids };
}

/** A message's new body (its points filled); null when the entry is not kept or has that body. */
export function setBody(mailbox: Mailbox, id: string, body: string): Mailbox | null {
  const index = mailbox.entries.findIndex((e) => e._id === id);
  if (index < 0 || mailbox.entries[index].body === body) return null;
  return { ...mailbox, entries: mailbox.entries.map((e, i) => (i === index ? { ...e, body } : e)) };
}

/** One page of the list: all messages, or only the unread ones (those kept). `total` counts what the filter names. */
export function page(mailbox: Mailbox, query: { unread?: boolean; limit: number; offset: number }): { items: MailboxEntry[]; total: number } {
  if (query.unread) {
    const unread = mailbox.entries.filter((e) => !e.readAt);
    return { items: unread.slice(query.offset, query.offset + query.limit), total: mailbox.unread };
  }
  return { items: mailbox.entries.slice(query.offset, query.offset + query.limit), total: mailbox.total };
}
