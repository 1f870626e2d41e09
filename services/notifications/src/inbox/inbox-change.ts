import type { InboxItemDoc } from './inbox.schema';

/**
 * What applying one event did to the inbox, handed to the messages (NotificationFanout) after the write:
 * an item opened, changed (its holders, title, due time…), or closed. `item` is the item as written.
 */
export interface InboxChange {
  change: 'opened' | 'updated' | 'closed';
  item: InboxItemDoc;
}

export type { InboxItemDoc };
