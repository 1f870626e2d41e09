/**
 * How scoring applies events, and why doing it twice changes nothing. Delivery is at least once (a redelivery,
 * a producer re-emitting under a new eventId, a crash between two writes), so every write an event causes is
 * keyed by the natural identity of what it writes, and two idioms cover them:
 *
 * 1. Keyed upserts, for what is a fact rather than an aggregate (no version, no event of its own). They must stay
 *    idempotent by key, not guarded by a version, because a second delivery must succeed and change nothing:
 *    - a source (`score_sources`, `_id` `<type>:<id>`) is inserted once with the facts its first event brought;
 *      a revocation sets `revoked` on it, which a repeat sets to the same value; so does a reopening (a share disputed
 *      after verification), and a later verification moves that round to `earlier` (`startRound`), which a repeat
 *      of the same version does not move again;
 *    - a ledger entry (`ledger`, `_id` `v<standard version>|<natural key>`) is inserted, and a duplicate key means
 *      it is there already (entries are append-only: never updated);
 *    - a cadre's entries under a standard (`cadre_ledgers`, `_id` `v<version>|<cadreId>`) get the entries they lack,
 *      merged by key under the document's lock and guarded by the `updatedAt` read (a late write of a killed replica
 *      replaces nothing), so a crash between the ledger and this document is completed by the next delivery.
 * 2. The aggregate write (`AggregateStore`, libs/messaging), for a document that announces its changes: a cadre's
 *    totals of a period (`score_totals`, totals/score-totals.ts) carry `scoring.score.updated` in their outbox and a
 *    version. They are derived from the ledger by the "recompute cadre" job, never from an event directly, so a
 *    repeated job writes the same totals with a new revision (consumers keep the highest); a concurrent writer
 *    makes the job recompute again.
 *
 * Standards are not written by events: a draft's `_id` is its version number (a unique key, retried on a collision)
 * and activation is an admin's job (standards/standards.ts).
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import { DocumentLocks, ensureIndexes, isDuplicateKeyError } from '@cadre/platform';
import { CADRE_LEDGERS, LEDGER, SOURCES, type CadreLedgerDocument, type LedgerDocument, type SourceDocument } from '../scoring.schema';
import type { LedgerEntryDraft, RevocationFact } from '../domain/entries';
import type { RecordRounds, SourceType } from '../domain/sources';
import { toDocument } from './ledger-entries';

/** The ledger (the truth of every point), the sources it derives from, and each cadre's entries in one document. */
@Injectable()
export class Ledger implements OnModuleInit {
  private readonly locks = new DocumentLocks();

  constructor(
    @Inject(LEDGER) private readonly ledger: Model<LedgerDocument>,
    @Inject(SOURCES) private readonly sources: Model<SourceDocument>,
    @Inject(CADRE_LEDGERS) private readonly cadreLedgers: Model<CadreLedgerDocument>,
  ) {}

  async onModuleInit() {
    await ensureIndexes([this.ledger, this.sources, this.cadreLedgers]);
  }

  /** The source as first received (a later event of the same source keeps the facts already kept). */
  async keepSource(type: SourceType, sourceId: string, data: Record<string, unknown>): Promise<SourceDocument> {
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

  /** Records a source's revocation; answers the source as it now stands. */
  async markRevoked(source: SourceDocument, revoked: RevocationFact): Promise<SourceDocument> {
    await this.sources.updateOne({ _id: source._id }, { $set: { revoked } });
    return (await this.sources.findById(source._id).lean<SourceDocument>())!;
  }

  /**
   * A record verified again after a reopening (a grade confirmed again after its return): its rounds as
   * `verifiedAgain` (`confirmedAgain`) decided them, written only if the current verification is still the one read
   * (a source's events are handled in order, so this only guards).
   */
  async startRound(source: SourceDocument, rounds: RecordRounds): Promise<SourceDocument> {
    await this.sources.updateOne({ _id: source._id, 'data.version': source.data.version }, { $set: rounds });
    return (await this.sources.findById(source._id).lean<SourceDocument>())!;
  }

  /** The source kept for a record, task or appraisal, if any. */
  async findSource(type: SourceType, sourceId: string): Promise<SourceDocument | null> {
    return this.sources.findById(`${type}:${sourceId}`).lean<SourceDocument>();
  }

  /** Writes entries (those already there stay as they are); answers the cadres they belong to. */
  async write(drafts: readonly LedgerEntryDraft[], now = new Date()): Promise<string[]> {
    await this.insertAll(drafts.map((draft) => toDocument(draft, now)));
    return [...new Set(drafts.map((d) => d.cadreId))];
  }

  /** Stores entries, skipping those already there, and merges them into each cadre's document. */
  private async insertAll(docs: LedgerDocument[]): Promise<void> {
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

  /**
   * Adds the entries a cadre's document lacks (by key): a redelivery or a crash in between leaves it complete. The
   * write is guarded by the `updatedAt` read: a replace that a killed replica left queued in the database lands
   * after newer merges (issue #17's fault test lost entries so) and must match nothing; its event, never
   * acknowledged, is delivered again.
   */
  private merge(id: string, entries: LedgerDocument[]): Promise<void> {
    return this.locks.run('cadre_ledgers', id, async () => {
      for (;;) {
        const current = await this.cadreLedgers.findById(id).lean<CadreLedgerDocument>();
        const known = new Set((current?.entries ?? []).map((e) => e._id));
        const missing = entries.filter((e) => !known.has(e._id));
        if (current && missing.length === 0) return;
        const updatedAt = new Date(Math.max(Date.now(), (current?.updatedAt.getTime() ?? 0) + 1));
        const next: CadreLedgerDocument = { _id: id, cadreId: entries[0].cadreId, standardVersion: entries[0].standardVersion, entries: [...(current?.entries ?? []), ...missing], updatedAt };
        if (!current) {
          const created = await this.cadreLedgers.create(next).then(
            () => true,
            (error: unknown) => (isDuplicateKeyError(error) ? false : Promise.reject(error)),
          );
          if (created) return;
          continue;
        }
        if ((await this.cadreLedgers.replaceOne({ _id: id, updatedAt: current.updatedAt }, next)).matchedCount === 1) return;
      }
    });
  }

  /** The sources of these ids (`<type>:<id>`), those kept. */
  async sourcesByIds(ids: readonly string[]): Promise<SourceDocument[]> {
    if (ids.length === 0) return [];
    return this.sources.find({ _id: mongoose.trusted({ $in: [...ids] }) }).lean<SourceDocument[]>();
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
}
