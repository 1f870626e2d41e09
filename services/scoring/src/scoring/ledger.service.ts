import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import type { EventEnvelope, RecordTransitionV1, ScoringStandard, TaskConcludedV1 } from '@cadre/contracts';
import { DocumentLocks, ensureIndexes, isDuplicateKeyError } from '@cadre/platform';
import { CADRE_LEDGERS, LEDGER, SOURCES, type CadreLedgerDocument, type LedgerDocument, type SourceDocument } from './scoring.schema';
import { recordEntries, reversalEntries, taskEntries, type LedgerEntryDraft } from './domain/entries';
import type { CapEntry } from './domain/cap';
import type { BreakdownEntry } from './domain/breakdown';
import { StandardsService } from './standards.service';

/**
 * Turns events into ledger entries. Each source (a record, a task) is kept with the facts its events brought, so
 * a new standard can derive every entry again; each entry's `_id` is its natural identity under a standard
 * version, so an event delivered any number of times writes its entries once.
 */
@Injectable()
export class LedgerService implements OnModuleInit {
  private readonly locks = new DocumentLocks();

  constructor(
    @Inject(LEDGER) private readonly ledger: Model<LedgerDocument>,
    @Inject(SOURCES) private readonly sources: Model<SourceDocument>,
    @Inject(CADRE_LEDGERS) private readonly cadreLedgers: Model<CadreLedgerDocument>,
    @Inject(StandardsService) private readonly standards: StandardsService,
  ) {}

  async onModuleInit() {
    await ensureIndexes([this.ledger, this.sources, this.cadreLedgers]);
  }

  /** `records.record.verified`: the record's entries. Answers the cadres whose score moved. */
  async recordVerified(event: EventEnvelope<RecordTransitionV1>): Promise<string[]> {
    const source = await this.keepSource('record', event.data.recordId, event.data as unknown as Record<string, unknown>);
    return this.write(source);
  }

  /** `records.record.revoked`: the reversal of each of the record's entries (and the entries, if not in yet). */
  async recordRevoked(event: EventEnvelope<RecordTransitionV1>): Promise<string[]> {
    const id = `record:${event.data.recordId}`;
    await this.keepSource('record', event.data.recordId, { ...event.data, status: 'verified' } as unknown as Record<string, unknown>);
    const revoked = { version: event.data.version, occurredAt: event.data.occurredAt, comment: event.data.comment };
    await this.sources.updateOne({ _id: id }, { $set: { revoked } });
    const source = await this.sources.findById(id).lean<SourceDocument>();
    return this.write(source!);
  }

  /** `tasks.task.concluded`: every awarded member's participation, contribution and the lead's bonus. */
  async taskConcluded(event: EventEnvelope<TaskConcludedV1>): Promise<string[]> {
    const source = await this.keepSource('task', event.data.taskId, event.data as unknown as Record<string, unknown>);
    return this.write(source);
  }

  /** Every entry a source yields under a standard (pure: the same source and standard give the same entries). */
  entriesOf(source: SourceDocument, version: number, standard: ScoringStandard): LedgerEntryDraft[] {
    if (source.type === 'task') return taskEntries(standard, version, source.data as unknown as TaskConcludedV1);
    const facts = { ...(source.data as unknown as RecordTransitionV1), status: 'verified' };
    const originals = recordEntries(standard, version, facts);
    if (!source.revoked) return originals;
    return [...originals, ...reversalEntries(originals, source.revoked)];
  }

  /** Writes a source's entries under the active standard (those already there stay as they are). */
  async write(source: SourceDocument, active?: { version: number; standard: ScoringStandard }): Promise<string[]> {
    const { version, standard } = active ?? (await this.standards.active());
    const drafts = this.entriesOf(source, version, standard);
    const now = new Date();
    await this.insertAll(drafts.map((draft) => toDocument(draft, now)));
    return [...new Set(drafts.map((d) => d.cadreId))];
  }

  /** Stores entries, skipping those already there, and merges them into each cadre's document. */
  async insertAll(docs: LedgerDocument[]): Promise<void> {
    for (const doc of docs) {
      try {
        await this.ledger.create(doc);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    const byCadre = new Map<string, LedgerDocument[]>();
    for (const doc of docs) {
      const id = `v${doc.standardVersion}|${doc.cadreId}`;
      byCadre.set(id, [...(byCadre.get(id) ?? []), doc]);
    }
    for (const [id, entries] of byCadre) await this.merge(id, entries);
  }

  /** Adds the entries a cadre's document lacks (by key): a redelivery or a crash in between leaves it complete. */
  private merge(id: string, entries: LedgerDocument[]): Promise<void> {
    return this.locks.run('cadre_ledgers', id, async () => {
      const current = await this.cadreLedgers.findById(id).lean<CadreLedgerDocument>();
      const known = new Set((current?.entries ?? []).map((e) => e._id));
      const missing = entries.filter((e) => !known.has(e._id));
      if (current && missing.length === 0) return;
      const next: CadreLedgerDocument = { _id: id, cadreId: entries[0].cadreId, standardVersion: entries[0].standardVersion, entries: [...(current?.entries ?? []), ...missing], updatedAt: new Date() };
      await this.cadreLedgers.replaceOne({ _id: id }, next, { upsert: true });
    });
  }

  /** Every source, in batches (activation and dry runs walk them all). */
  async *allSources(batch = 500): AsyncGenerator<SourceDocument[]> {
    let after = '';
    for (;;) {
      const rows = await this.sources.find(after ? { _id: mongoose.trusted({ $gt: after }) } : {}).sort({ _id: 1 }).limit(batch).lean<SourceDocument[]>();
      if (!rows.length) return;
      yield rows;
      after = rows[rows.length - 1]._id;
    }
  }

  /**
   * Σ hundredths per cadre, first-level item, year and source type under a standard version: one streamed pass
   * over the ledger, summed here. (FerretDB v1 groups by comparing each document's key with every group so far,
   * which is quadratic in the number of groups; a MongoDB `$group` would do the same work server-side.)
   */
  async sumsByCadreItemYear(version: number): Promise<{ cadreId: string; firstLevelCode: string | null; period: string; sourceType: string; sum: number }[]> {
    const sums = new Map<string, Map<string, number>>();
    const cursor = this.ledger.collection.find({}, { projection: { _id: 0, cadreId: 1, firstLevelCode: 1, period: 1, sourceType: 1, hundredths: 1, standardVersion: 1 }, batchSize: 10_000 });
    for await (const entry of cursor) {
      if (entry.standardVersion !== version) continue;
      let groups = sums.get(entry.cadreId);
      if (!groups) sums.set(entry.cadreId, (groups = new Map()));
      const key = `${entry.firstLevelCode ?? ''}|${entry.period}|${entry.sourceType}`;
      groups.set(key, (groups.get(key) ?? 0) + entry.hundredths);
    }
    const rows: { cadreId: string; firstLevelCode: string | null; period: string; sourceType: string; sum: number }[] = [];
    for (const [cadreId, groups] of sums) {
      for (const [key, sum] of groups) {
        const [firstLevelCode, period, sourceType] = key.split('|');
        rows.push({ cadreId, firstLevelCode: firstLevelCode || null, period, sourceType, sum });
      }
    }
    return rows;
  }

  /** A cadre's entries under a standard version, as the cap and totals read them. */
  async entriesOfCadre(cadreId: string, version: number): Promise<LedgerDocument[]> {
    const doc = await this.cadreLedgers.findById(`v${version}|${cadreId}`).lean<CadreLedgerDocument>();
    return doc?.entries ?? [];
  }

  private async keepSource(type: 'record' | 'task', sourceId: string, data: Record<string, unknown>): Promise<SourceDocument> {
    const id = `${type}:${sourceId}`;
    const existing = await this.sources.findById(id).lean<SourceDocument>();
    if (existing) return existing;
    const doc: SourceDocument = { _id: id, type, sourceId, data, revoked: null, cadreIds: [], receivedAt: new Date() };
    try {
      await this.sources.create(doc);
      return doc;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.sources.findById(id).lean<SourceDocument>())!;
    }
  }
}

export function toDocument(draft: LedgerEntryDraft, createdAt: Date): LedgerDocument {
  return {
    _id: `v${draft.standardVersion}|${draft.key}`,
    key: draft.key,
    cadreId: draft.cadreId,
    hundredths: draft.hundredths,
    part: draft.part,
    sourceType: draft.source.type,
    sourceId: draft.source.id,
    sourceVersion: draft.source.version,
    itemCode: draft.itemCode ?? null,
    firstLevelCode: draft.firstLevelCode ?? null,
    standardVersion: draft.standardVersion,
    period: draft.period,
    occurredAt: draft.occurredAt,
    explanation: draft.explanation,
    reverses: draft.reverses ?? null,
    createdAt,
  };
}

/** A stored entry as the cap and the totals read it. */
export function capEntry(entry: LedgerDocument | LedgerEntryDraft): CapEntry {
  if ('sourceType' in entry) {
    return {
      key: entry.key,
      cadreId: entry.cadreId,
      part: entry.part,
      hundredths: entry.hundredths,
      source: { type: entry.sourceType },
      ...(entry.firstLevelCode ? { firstLevelCode: entry.firstLevelCode } : {}),
      period: entry.period,
      occurredAt: entry.occurredAt,
      ...(entry.reverses ? { reverses: entry.reverses } : {}),
    };
  }
  return entry;
}

/** A stored entry as the breakdown of `scoring.score.updated` reads it: as the cap does, with its source's id. */
export function breakdownEntry(entry: LedgerDocument): BreakdownEntry {
  return { ...capEntry(entry), source: { type: entry.sourceType, id: entry.sourceId } };
}
