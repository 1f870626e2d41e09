import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import {
  INBOX_KINDS,
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

/** The last version of each record, task and team the inbox has applied (`<type>:<id>`): an event at or below it is skipped whole. */
export const INBOX_SOURCES = 'inbox_sources';

export interface InboxPage {
  items: InboxItemDoc[];
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

  /** Every item (open or closed) of one record, task or team. */
  itemsOf(subjectId: string): Promise<InboxItemDoc[]> {
    return this.model.find({ subjectId }).lean<InboxItemDoc[]>();
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
    return result.written.length ? result.after : null;
  }

  /** One caller's open items (oldest due first), their count per kind and how many are past due. */
  async page(audience: string[], userId: string, query: { kind?: InboxKind; limit: number; offset: number }, now: Date): Promise<InboxPage> {
    // Operators built here from the caller (never from the request), marked trusted for the global sanitizeFilter.
    const filter: Record<string, unknown> = {
      audience: mongoose.trusted({ $in: audience }),
      open: true,
      excludeUserIds: mongoose.trusted({ $ne: userId }),
    };
    const listFilter = query.kind ? { ...filter, kind: query.kind } : filter;
    const [items, grouped, overdue] = await Promise.all([
      this.model
        .find(listFilter as never)
        .sort({ dueAt: 1, _id: 1 })
        .skip(query.offset)
        .limit(query.limit)
        .lean<InboxItemDoc[]>(),
      this.model.aggregate<{ _id: InboxKind; n: number }>([
        { $match: { audience: { $in: audience }, open: true, excludeUserIds: { $ne: userId } } },
        { $group: { _id: '$kind', n: { $sum: 1 } } },
      ]),
      this.model.countDocuments({ ...listFilter, dueAt: mongoose.trusted({ $lt: now }) } as never),
    ]);
    const counts = Object.fromEntries(INBOX_KINDS.map((kind) => [kind, 0])) as Record<InboxKind, number>;
    for (const row of grouped) if (row._id in counts) counts[row._id] = row.n;
    const total = query.kind ? counts[query.kind] : Object.values(counts).reduce((sum, n) => sum + n, 0);
    return { items, total, counts, overdue };
  }

  /** Drops every item and source version (the rebuild); answers the service-level history of each item, to carry over. */
  async dropAll(): Promise<Map<string, CarriedOver>> {
    const carried = new Map<string, CarriedOver>();
    const cursor = this.model.find({}, { _id: 1, version: 1, overdue: 1, overdueAt: 1, escalated: 1, escalatedTo: 1, remindedAt: 1 }).lean<CarriedOver[]>().cursor();
    for await (const row of cursor) carried.set(row._id, row);
    await this.model.deleteMany({});
    await this.sources.deleteMany({});
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
    }
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
