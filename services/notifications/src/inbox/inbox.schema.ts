import { Schema, type Connection, type Model } from 'mongoose';
import type { ItemContent } from './domain/reconcile';
import { outboxPath, type OutboxEntry } from '@cadre/messaging';

export type { InboxRole } from './domain/items';

export const INBOX_ITEMS = Symbol('INBOX_ITEMS');
export const INBOX_ITEMS_COLLECTION = 'inbox_items';

/**
 * One work item (待办), open or closed: `_id` is `<kind>:<object id>` (a role item, or one whose holder is fixed by
 * the object) or `<kind>:<object id>:<user id>` (one per person). Closed items are kept: their `sourceVersion`
 * keeps a late or redelivered event from opening them again, and a rebuild drops them all.
 */
export interface InboxItemDoc extends ItemContent {
  _id: string;
  open: boolean;
  openedAt: Date;
  dueAt: Date;
  closedAt: Date | null;
  overdue: boolean;
  overdueAt: Date | null;
  escalated: boolean;
  escalatedTo: string[];
  remindedAt: Date | null;
  /** The aggregate's own version: grows with every change of the item (the facts' `version`). */
  version: number;
  updatedAt: Date;
  outbox?: OutboxEntry[];
}

export const inboxItemSchema = new Schema<InboxItemDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    subjectType: { type: String, required: true },
    subjectId: { type: String, required: true },
    title: { type: String, default: '' },
    summary: { type: String, default: '' },
    link: { type: String, default: '' },
    departmentId: { type: String, default: '' },
    departmentPath: { type: [String], default: [] },
    userIds: { type: [String], default: [] },
    role: { type: String, default: null },
    excludeUserIds: { type: [String], default: [] },
    audience: { type: [String], default: [] },
    open: { type: Boolean, required: true },
    sourceVersion: { type: Number, required: true },
    openedAt: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    closedAt: { type: Date, default: null },
    overdue: { type: Boolean, default: false },
    overdueAt: { type: Date, default: null },
    escalated: { type: Boolean, default: false },
    escalatedTo: { type: [String], default: [] },
    remindedAt: { type: Date, default: null },
    version: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxPath,
  },
  { collection: INBOX_ITEMS_COLLECTION, versionKey: false, autoIndex: false, strictQuery: true },
);
// No secondary index: every read of an item is by `_id`. The caller's inbox is read from the audience documents
// (`inbox_audiences`) and a subject's items from its subject document (`inbox_subjects`), both by `_id`
// (InboxStore); FerretDB v1 would scan the whole collection for any other filter, with or without an index.

export function inboxItemModel(connection: Connection): Model<InboxItemDoc> {
  return connection.model<InboxItemDoc>('InboxItem', inboxItemSchema);
}
