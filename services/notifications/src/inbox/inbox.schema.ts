import { Schema, type Connection, type Model } from 'mongoose';
import type { InboxKind } from '@cadre/contracts';
import { outboxPath, type OutboxEntry } from '@cadre/messaging';

export const INBOX_ITEMS = Symbol('INBOX_ITEMS');
export const INBOX_ITEMS_COLLECTION = 'inbox_items';

export type InboxRole = 'reviewer' | 'assessor' | 'publisher';

/**
 * One work item (待办), open or closed: `_id` is `<kind>:<object id>` (a role item, or one whose holder is fixed by
 * the object) or `<kind>:<object id>:<user id>` (one per person). Closed items are kept: their `sourceVersion`
 * keeps a late or redelivered event from opening them again, and a rebuild drops them all.
 */
export interface InboxItemDoc {
  _id: string;
  kind: InboxKind;
  subjectType: 'record' | 'task' | 'team';
  subjectId: string;
  /** The record's or task's title, the team's name. */
  title: string;
  /** One Chinese line: 王海军 报送《…》, 3 份标书待评. */
  summary: string;
  /** Console path. */
  link: string;
  departmentId: string;
  departmentPath: string[];
  /** Per-person items: who holds it. Role items: empty. */
  userIds: string[];
  /** Role items: who holds it (reviewers and publishers whose department lies on departmentPath; assessors city-wide). */
  role: InboxRole | null;
  /** Never shown to these (a record's participants do not review or assess it). */
  excludeUserIds: string[];
  /**
   * The audience keys it is placed under while open (`user:<id>`, `reviewer:<dept id>` for each department on the
   * path, `assessor`, `publisher:<dept id>`…): the `_id`s of the audience documents holding its entry (InboxStore).
   */
  audience: string[];
  open: boolean;
  /** The version of the source object (record, task, team) last applied: an event at or below it changes nothing. */
  sourceVersion: number;
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
