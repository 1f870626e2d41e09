import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { mongo } from 'mongoose';
import { DocumentLocks } from '@cadre/platform';
import { RECORD_STORE, type RecordStore } from './record-store';
import type { DuplicateFlags } from './domain/record-changes';
import { sharesEvidence } from './domain/duplicates';

/** Records found sharing a record's evidence, at most (as the reviewer's list of them). */
const MAX_OTHERS = 20;
/** Marks that every record filed before the index existed has been entered in it (an id no SHA-256 can take). */
const BACKFILLED = 'backfilled:v1';

interface EvidenceEntry {
  /** The evidence's SHA-256 (hex), or BACKFILLED. */
  _id: string;
  /** Records that carried this evidence when they were written (some may have dropped it since). */
  records: string[];
}

/**
 * The same evidence (by SHA-256) on two records flags both to the reviewer, whether two filers used it or one filer
 * used it twice: the record being written gets the others' ids (in its own change), and each other record gets this one's.
 *
 * The others are found through `evidence_index` (one document per hash, `_id` = the hash, listing the records
 * that carried it): a lookup by `_id`, where a query on `records.evidenceHashes` scans the whole collection on
 * FerretDB. An entry may be stale (evidence edited away, a create that failed after its lookup), so each
 * candidate is checked against the record itself: the answer is what the records hold now, as before.
 *
 * The other records are flagged under their own locks by a plain `$set` of the two flag fields: no version bump
 * (a filer editing that record with the version they read must not get a 409 for it) and no event (the flags are
 * not a fact any consumer keeps).
 */
@Injectable()
export class DuplicateEvidence implements OnModuleInit {
  /** Per record: the flagging of other records that share its evidence, under way. */
  private readonly flagging = new Map<string, Promise<unknown>>();
  private readonly locks = new DocumentLocks();
  private readonly index: mongo.Collection<EvidenceEntry>;

  constructor(@Inject(RECORD_STORE) private readonly store: RecordStore) {
    this.index = store.model.db.collection<EvidenceEntry>('evidence_index');
  }

  /** Records filed before the index existed are entered once (one scan, at the first start that finds no mark). */
  async onModuleInit(): Promise<void> {
    if (await this.index.findOne({ _id: BACKFILLED })) return;
    const cursor = this.store.model.find({}, { evidenceHashes: 1 }).lean<{ _id: string; evidenceHashes?: string[] }[]>().cursor();
    for await (const record of cursor) {
      await Promise.all((record.evidenceHashes ?? []).map((hash) => this.enter(hash, record._id)));
    }
    await this.index.updateOne({ _id: BACKFILLED }, { $set: { records: [] } }, { upsert: true });
  }

  /** The flags of record `selfId` with these evidence hashes; starts flagging the others. */
  async flags(hashes: string[], selfId: string): Promise<DuplicateFlags> {
    if (hashes.length === 0) return { duplicateEvidence: false, duplicateOf: [] };
    const candidates = new Set((await Promise.all([...new Set(hashes)].map((hash) => this.enter(hash, selfId)))).flat());
    candidates.delete(selfId);
    const others = await this.sharing([...candidates], selfId, hashes);
    const records = this.store.model;
    // The other records are flagged under their own locks, which the caller awaits (`settled`) only once it has
    // released this record's: two records flagging each other at once never wait on each other.
    const work = Promise.all(
      others.map((_id) =>
        this.store.exclusive(_id, async () => {
          const other = await records.findById(_id, { duplicateOf: 1 }).lean<{ duplicateOf: string[] }>();
          if (other && !other.duplicateOf.includes(selfId)) {
            await records.updateOne({ _id }, { $set: { duplicateEvidence: true, duplicateOf: [...other.duplicateOf, selfId] } });
          }
        }),
      ),
    );
    const all = Promise.all([this.flagging.get(selfId), work]).finally(() => {
      if (this.flagging.get(selfId) === all) this.flagging.delete(selfId);
    });
    this.flagging.set(selfId, all);
    return { duplicateEvidence: others.length > 0, duplicateOf: others };
  }

  /**
   * Waits until the records `id` found sharing its evidence carry the flag too, so an answer about `id` implies
   * it. Call it only after releasing `id`'s lock.
   */
  async settled(id: string): Promise<void> {
    // A failed flag must not fail the request whose write has happened; the next submission flags again.
    await this.flagging.get(id)?.catch(() => undefined);
  }

  /** Enters `recordId` under `hash` and answers every record listed there. */
  private enter(hash: string, recordId: string): Promise<string[]> {
    // `$addToSet` is atomic on MongoDB; FerretDB v1 reads, changes and writes back, so one process serialises it.
    return this.locks.run('evidence_index', hash, async () => {
      const found = await this.index.findOne({ _id: hash });
      if (found?.records.includes(recordId)) return found.records;
      await this.index.updateOne({ _id: hash }, { $addToSet: { records: recordId } }, { upsert: true });
      return [...(found?.records ?? []), recordId];
    });
  }

  /** Of these candidates, the other records that carry one of the hashes now (read by `_id`, newest first). */
  private async sharing(candidates: string[], selfId: string, hashes: string[]): Promise<string[]> {
    const found: string[] = [];
    const newestFirst = [...candidates].reverse();
    for (let i = 0; i < newestFirst.length && found.length < MAX_OTHERS; i += MAX_OTHERS) {
      const records = await Promise.all(
        newestFirst
          .slice(i, i + MAX_OTHERS)
          .map((id) => this.store.model.findById(id, { evidenceHashes: 1, status: 1 }).lean<{ _id: string; evidenceHashes: string[]; status: string }>()),
      );
      for (const record of records) {
        if (record && sharesEvidence(record, selfId, hashes)) found.push(record._id);
      }
    }
    return found.slice(0, MAX_OTHERS);
  }
}
