import { Inject, Injectable } from '@nestjs/common';
import mongoose from 'mongoose';
import { RECORD_STORE, type RecordStore } from './record-store';
import type { DuplicateFlags } from './domain/record-changes';

/**
 * The same evidence (by SHA-256) on records of different filers flags both to the reviewer: the record being
 * written gets the others' ids (in its own change), and each other record gets this one's.
 *
 * The other records are flagged under their own locks by a plain `$set` of the two flag fields: no version bump
 * (a filer editing that record with the version they read must not get a 409 for it) and no event (the flags are
 * not a fact any consumer keeps).
 */
@Injectable()
export class DuplicateEvidence {
  /** Per record: the flagging of other records that share its evidence, under way. */
  private readonly flagging = new Map<string, Promise<unknown>>();

  constructor(@Inject(RECORD_STORE) private readonly store: RecordStore) {}

  /** The flags of record `selfId` filed by `filerId` with these evidence hashes; starts flagging the others. */
  async flags(filerId: string, hashes: string[], selfId: string): Promise<DuplicateFlags> {
    if (hashes.length === 0) return { duplicateEvidence: false, duplicateOf: [] };
    const records = this.store.model;
    const others = await records
      .find({ evidenceHashes: mongoose.trusted({ $in: hashes }), cadreId: mongoose.trusted({ $ne: filerId }), _id: mongoose.trusted({ $ne: selfId }) }, { _id: 1 })
      .limit(20)
      .lean<{ _id: string }[]>();
    // The other records are flagged under their own locks, which the caller awaits (`settled`) only once it has
    // released this record's: two records flagging each other at once never wait on each other.
    const work = Promise.all(
      others.map(({ _id }) =>
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
    return { duplicateEvidence: others.length > 0, duplicateOf: others.map((o) => o._id) };
  }

  /**
   * Waits until the records `id` found sharing its evidence carry the flag too, so an answer about `id` implies
   * it. Call it only after releasing `id`'s lock.
   */
  async settled(id: string): Promise<void> {
    // A failed flag must not fail the request whose write has happened; the next submission flags again.
    await this.flagging.get(id)?.catch(() => undefined);
  }
}
