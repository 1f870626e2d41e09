import type { InboxItemDoc } from './inbox.schema';

/**
 * What applying one event did to the inbox, handed to the messages (NotificationFanout) after the write:
 * an item opened, changed (its holders, title, due time…), or closed. `item` is the item as written.
 *
 * A rebuild (`rpc.notifications.inbox.rebuild`) replays the streams through the inbox only and never calls the
 * fanout: what was sent (messages, reminders scheduled by item id) was sent when the events first happened.
 */
export interface InboxChange {
  change: 'opened' | 'updated' | 'closed';
  item: InboxItemDoc;
}

export type { InboxItemDoc };
