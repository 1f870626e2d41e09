import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Model } from 'mongoose';
import {
  NOTIFICATION_EVENTS,
  type InboxItemClosedV1,
  type InboxItemFactV1,
  type InboxItemOverdueV1,
  type InboxKind,
} from '@cadre/contracts';
import { ensureIndexes, isDuplicateKeyError } from '@cadre/platform';
import { AggregateStore, OutboxRelay, type PendingEvent } from '@cadre/messaging';
import { INBOX_ITEMS, type InboxItemDoc } from './inbox.schema';
import type { InboxChange } from './inbox-change';
import type { ItemOperation } from './domain/reconcile';
import { bucketOf, bucketsOf, entryKey, entryOf, readInbox, type AudienceEntry } from './domain/audiences';

/** The last version of each record, task and team the inbox has applied (`<type>:<id>`): an event at or below it is skipped whole. */
export const INBOX_SOURCES = 'inbox_sources';
/** In `inbox_sources`: the audience and subject documents have been built for this database (InboxStore.repair). */
const READ_MODEL_MARKER = 'read-model';
const READ_MODEL_VERSION = 1;
/** Per audience key (`user:<id>`, `reviewer:<department>`, `assessor`, `publisher:<department>`, `appraiser:<department>`) and bucket (`#0`…`#15`): its open items' entries. */
export const INBOX_AUDIENCES = 'inbox_audiences';
/** Per record, task or team id: its items (open or closed) and every audience key each may have been placed in. */
export const INBOX_SUBJECTS = 'inbox_subjects';

interface AudienceDoc {
  _id: string;
  items: Record<string, AudienceEntry>;
}

interface SubjectDoc {
  _id: string;
  items: Record<string, { id: string; audience: string[] }>;
}

export interface InboxPage {
  items: AudienceEntry[];
  total: number;
  counts: Record<InboxKind, number>;
  overdue: number;
}

export interface ApplyOptions {
  /** Announce closures (notifications.item.closed); off while rebuilding (they were announced when they happened). */
  announce: boolean;
  /** When the changes happen (the event's time). */
  at: Date;
}

/**
 * The inbox items (aggregates with an outbox, see AggregateStore): opened and updated without events, closed and
 * marked overdue with the facts analytics counts (InboxItemClosedV1, InboxItemOverdueV1).
 */
@Injectable()
export class InboxStore implements OnModuleInit {
  readonly store: AggregateStore<InboxItemDoc>;

  constructor(
    @Inject(INBOX_ITEMS) readonly model: Model<InboxItemDoc>,
    @Inject(OutboxRelay) relay: OutboxRelay,
  ) {
    this.store = new AggregateStore(model, relay, { producer: 'notifications', noun: 'inbox item', notFound: 'No such inbox item.', touch: () => ({ updatedAt: new Date() }) });
  }

  async onModuleInit() {
    await ensureIndexes([this.model]);
    await this.repair();
  }

  private get sources() {
    return this.model.db.collection<{ _id: string; version: number }>(INBOX_SOURCES);
  }

  /** The version of a record, task or team last applied (0 for none). */
  async sourceVersion(key: string): Promise<number> {
    return (await this.sources.findOne({ _id: key }))?.version ?? 0;
  }

  /** Moves a source's applied version forward (never back). */
  async advanceSource(key: string, version: number): Promise<void> {
    try {
      await this.sources.updateOne({ _id: key, version: { $lt: version } }, { $set: { version } }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error; // at the same or a newer version already
    }
  }

  private get roundApplicationDocs() {
    return this.model.db.collection<{ _id: string; subjects?: string[]; closed?: boolean }>(INBOX_SOURCES);
  }

  /**
   * In `inbox_sources`, `round-applications:<roundId>`: the application subjects of a round the inbox has seen, and
   * whether the round has left `applying` (its 待推荐 can no longer be done). Dropped and refilled with the rest by a rebuild.
   */
  async noteRoundApplication(roundId: string, subjectId: string): Promise<{ closed: boolean }> {
    await this.upsertRoundApplications(roundId, { $addToSet: { subjects: subjectId } });
    return { closed: (await this.roundApplicationDocs.findOne({ _id: `round-applications:${roundId}` }))?.closed === true };
  }

  /** Marks a round past applying (first), then answers its application subjects seen so far. */
  async closeRoundApplications(roundId: string): Promise<string[]> {
    await this.upsertRoundApplications(roundId, { $set: { closed: true } });
    return (await this.roundApplicationDocs.findOne({ _id: `round-applications:${roundId}` }))?.subjects ?? [];
  }

  private async upsertRoundApplications(roundId: string, update: Record<string, unknown>): Promise<void> {
    const upsert = () => this.roundApplicationDocs.updateOne({ _id: `round-applications:${roundId}` }, update, { upsert: true });
    try {
      await upsert();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await upsert(); // two first writes raced: the document exists now
    }
  }

  private get audiences() {
    return this.model.db.collection<AudienceDoc>(INBOX_AUDIENCES);
  }

  private get subjects() {
    return this.model.db.collection<SubjectDoc>(INBOX_SUBJECTS);
  }

  /** Every item (open or closed) of one record, task or team: its subject document, then each item by `_id`. */
  async itemsOf(subjectId: string): Promise<InboxItemDoc[]> {
    const subject = await this.subjects.findOne({ _id: subjectId });
    const ids = Object.values(subject?.items ?? {}).map((entry) => entry.id);
    const items = await Promise.all(ids.map((id) => this.find(id)));
    return items.filter((item): item is InboxItemDoc => item !== null);
  }

  /**
   * Notes an item in its subject's document, with the audience keys it is about to be placed in, BEFORE the item is
   * written: the subject document may name an item that is not there yet (skipped), never miss one that is.
   */
  private async note(subjectId: string, itemId: string, audience: readonly string[]): Promise<void> {
    await this.store.exclusive(`${INBOX_SUBJECTS}:${subjectId}`, async () => {
      const key = entryKey(itemId);
      const known = (await this.subjects.findOne({ _id: subjectId }))?.items?.[key];
      const keys = [...new Set([...(known?.audience ?? []), ...audience])];
      if (known && keys.length === known.audience.length) return;
      await this.subjects.updateOne({ _id: subjectId }, { $set: { [`items.${key}`]: { id: itemId, audience: keys } } }, { upsert: true });
    });
  }

  /**
   * Brings the audience documents in line with one item as stored now (read by `_id` under the item's lock, so a
   * later state is never overwritten by an earlier one): its entry set in each of its audiences while it is open,
   * removed from every audience it was ever placed in otherwise. Idempotent.
   */
  async place(itemId: string, placedIn: readonly string[] = []): Promise<void> {
    await this.store.exclusive(itemId, async () => {
      const item = await this.find(itemId);
      if (!item) return;
      const entry = item.open ? entryOf(item) : null;
      const keys = new Set([...placedIn, ...item.audience]);
      const field = `items.${entryKey(itemId)}`;
      for (const key of keys) {
        const bucket = bucketOf(key, itemId);
        // FerretDB v1 does not isolate updates of one document: one write at a time per audience document.
        await this.store.exclusive(`${INBOX_AUDIENCES}:${bucket}`, async () => {
          if (entry && item.audience.includes(key)) await this.audiences.updateOne({ _id: bucket }, { $set: { [field]: entry } }, { upsert: true });
          else await this.audiences.updateOne({ _id: bucket }, { $unset: { [field]: '' } });
        });
      }
    });
  }

  /**
   * Places every item of a subject again (the projector calls it on every event of the subject, also one its version
   * guard skips): a delivery that wrote an item and died before placing it is completed by the redelivery.
   */
  async placeSubject(subjectId: string, skip: ReadonlySet<string> = new Set()): Promise<void> {
    const subject = await this.subjects.findOne({ _id: subjectId });
    for (const entry of Object.values(subject?.items ?? {})) {
      if (!skip.has(entry.id)) await this.place(entry.id, entry.audience);
    }
  }

  find(id: string): Promise<InboxItemDoc | null> {
    return this.model.findById(id).lean<InboxItemDoc>();
  }

  /** Writes the operations, one item at a time (each its own single-document write); answers what changed. */
  async apply(ops: ItemOperation[], options: ApplyOptions): Promise<InboxChange[]> {
    const changes: InboxChange[] = [];
    for (const op of ops) {
      const change = await this.applyOne(op, options);
      if (change) changes.push(change);
    }
    return changes;
  }

  private async applyOne(op: ItemOperation, options: ApplyOptions): Promise<InboxChange | null> {
    const subjectId = op.op === 'close' ? (await this.find(op.id))?.subjectId : op.content.subjectId;
    if (op.op !== 'close' && subjectId) await this.note(subjectId, op.id, op.content.audience);
    const change = await this.writeOne(op, options);
    const placed = subjectId ? (await this.subjects.findOne({ _id: subjectId }))?.items?.[entryKey(op.id)]?.audience : undefined;
    await this.place(op.id, placed ?? []);
    return change;
  }

  private async writeOne(op: ItemOperation, options: ApplyOptions): Promise<InboxChange | null> {
    const now = new Date();
    if (op.op === 'create') {
      const doc: InboxItemDoc = {
        _id: op.id,
        ...op.content,
        open: true,
        openedAt: op.openedAt,
        dueAt: op.dueAt,
        closedAt: null,
        overdue: false,
        overdueAt: null,
        escalated: false,
        escalatedTo: [],
        remindedAt: null,
        version: 1,
        updatedAt: now,
      };
      try {
        await this.store.create(doc);
      } catch (error) {
        if (isDuplicateKeyError(error)) return null; // created meanwhile by the same event's other delivery
        throw error;
      }
      return { change: 'opened', item: doc };
    }
    const result = await this.store.change(op.id, (current) => {
      // Checked again under the item's lock: another delivery may have moved it on meanwhile.
      const sourceVersion = op.op === 'close' ? op.sourceVersion : op.content.sourceVersion;
      if (current.sourceVersion >= sourceVersion) return null;
      if (op.op === 'close') {
        if (!current.open) return { set: { sourceVersion } };
        const version = current.version + 1;
        const events: PendingEvent[] = options.announce
          ? [{ subject: NOTIFICATION_EVENTS.itemClosed, data: { ...fact(current, version, options.at), closedAt: options.at.toISOString(), wasOverdue: current.overdue || current.dueAt.getTime() < options.at.getTime() } satisfies InboxItemClosedV1 }]
          : [];
        return { set: { open: false, closedAt: options.at, sourceVersion }, events };
      }
      if (op.op === 'reopen') {
        return {
          set: { ...op.content, open: true, openedAt: op.openedAt, dueAt: op.dueAt, closedAt: null, overdue: false, overdueAt: null, escalated: false, escalatedTo: [], remindedAt: null },
        };
      }
      return { set: { ...op.content } };
    });
    if (!result.written.length && result.after === result.before) return null;
    const item = result.after;
    const kind: InboxChange['change'] | null =
      op.op === 'close' ? (result.before.open ? 'closed' : null) : op.op === 'reopen' ? 'opened' : op.changed ? 'updated' : null;
    return kind ? { change: kind, item } : null;
  }

  /** The reminder was sent (H4's reminder worker): no event. Answers the item as written, or null when it is closed. */
  async markReminded(itemId: string): Promise<InboxItemDoc | null> {
    const result = await this.store.change(itemId, (current) => (current.open ? { set: { remindedAt: new Date() } } : null));
    return result.after.open ? result.after : null;
  }

  /**
   * The item passed its due time while open: overdue, escalated to `escalatedTo` (whom the reminder worker told),
   * announced as `notifications.item.overdue`. Once only; null when the item is closed or already overdue.
   */
  async markOverdue(itemId: string, escalatedTo: string[]): Promise<InboxItemDoc | null> {
    const at = new Date();
    const result = await this.store.change(itemId, (current) => {
      if (!current.open || current.overdue) return null;
      const version = current.version + 1;
      return {
        set: { overdue: true, overdueAt: at, escalated: escalatedTo.length > 0, escalatedTo },
        events: [{ subject: NOTIFICATION_EVENTS.itemOverdue, data: { ...fact(current, version, at), overdueAt: at.toISOString() } satisfies InboxItemOverdueV1 }],
      };
    });
    if (!result.written.length) return null;
    await this.place(itemId);
    return result.after;
  }

  /**
   * One caller's open items (oldest due first), their count per kind and how many are past due: one `_id` read per
   * bucket of each audience key of the caller (FerretDB v1 answers any other filter, `$in` on `_id` included, by scanning the whole
   * collection), merged in memory (domain/audiences.ts). The items collection is not read.
   */
  async page(audience: string[], userId: string, query: { kind?: InboxKind; limit: number; offset: number }, now: Date): Promise<InboxPage> {
    const docs = await Promise.all(audience.flatMap(bucketsOf).map((bucket) => this.audiences.findOne({ _id: bucket })));
    return readInbox(docs.map((doc) => doc?.items), userId, query, now);
  }

  /** Drops every item and source version (the rebuild); answers the service-level history of each item, to carry over. */
  async dropAll(): Promise<Map<string, CarriedOver>> {
    const carried = new Map<string, CarriedOver>();
    const cursor = this.model.find({}, { _id: 1, version: 1, overdue: 1, overdueAt: 1, escalated: 1, escalatedTo: 1, remindedAt: 1 }).lean<CarriedOver[]>().cursor();
    for await (const row of cursor) carried.set(row._id, row);
    await this.model.deleteMany({});
    await this.sources.deleteMany({});
    await this.audiences.deleteMany({});
    await this.subjects.deleteMany({});
    await this.sources.updateOne({ _id: READ_MODEL_MARKER }, { $set: { version: READ_MODEL_VERSION } }, { upsert: true });
    return carried;
  }

  /**
   * After a rebuild: each item that existed before keeps counting its version on from where it was (the facts'
   * consumers keep the highest) and, while it is the same open period, its reminder and escalation marks.
   */
  async carryOver(carried: Map<string, CarriedOver>): Promise<void> {
    for (const [id, before] of carried) {
      await this.store.exclusive(id, async () => {
        const now = await this.model.findById(id, { version: 1, open: 1 }).lean<{ version: number; open: boolean }>();
        if (!now) return;
        const set: Record<string, unknown> = { version: before.version + now.version };
        if (now.open) Object.assign(set, { overdue: before.overdue ?? false, overdueAt: before.overdueAt ?? null, escalated: before.escalated ?? false, escalatedTo: before.escalatedTo ?? [], remindedAt: before.remindedAt ?? null });
        await this.model.updateOne({ _id: id }, { $set: set });
      });
      await this.place(id);
    }
  }

  /**
   * Builds the subject and audience documents from the items themselves, once per database (a marker in
   * `inbox_sources` remembers it): for a database whose items were written before these documents existed. The one
   * full read of the items; afterwards everything is found by `_id`. A rebuild (POST /inbox/rebuild) also refills them.
   */
  async repair(): Promise<number> {
    if (await this.sources.findOne({ _id: READ_MODEL_MARKER })) return 0;
    let placed = 0;
    const cursor = this.model.find({}, { _id: 1, subjectId: 1, audience: 1 }).lean<Pick<InboxItemDoc, '_id' | 'subjectId' | 'audience'>[]>().cursor();
    for await (const row of cursor) {
      await this.note(row.subjectId, row._id, row.audience ?? []);
      await this.place(row._id, row.audience ?? []);
      placed += 1;
    }
    await this.sources.updateOne({ _id: READ_MODEL_MARKER }, { $set: { version: READ_MODEL_VERSION } }, { upsert: true });
    return placed;
  }
}

export interface CarriedOver {
  _id: string;
  version: number;
  overdue?: boolean;
  overdueAt?: Date | null;
  escalated?: boolean;
  escalatedTo?: string[];
  remindedAt?: Date | null;
}

function fact(item: InboxItemDoc, version: number, at: Date): InboxItemFactV1 {
  return {
    itemId: item._id,
    kind: item.kind,
    departmentId: item.departmentId,
    departmentPath: item.departmentPath,
    openedAt: new Date(item.openedAt).toISOString(),
    dueAt: new Date(item.dueAt).toISOString(),
    version,
    occurredAt: at.toISOString(),
  };
}
