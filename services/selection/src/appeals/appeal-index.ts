import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { DocumentLocks } from '@cadre/platform';
import { APPEAL_INDEX_MODEL, type AppealIndexDocument } from './appeal.schema';
import { monthBucket } from './domain/keys';

const MONTHS = 'months';
const bucketId = (month: string) => `month:${month}`;

/**
 * Every appeal's id, bucketed by the month it was filed (Beijing), for the organisation department's list. An id is
 * added before its appeal is written (a failed filing leaves an id that reads as nothing, never a missing appeal).
 */
@Injectable()
export class AppealIndex {
  private readonly locks = new DocumentLocks();

  constructor(@Inject(APPEAL_INDEX_MODEL) private readonly index: Model<AppealIndexDocument>) {}

  async add(appealId: string, filedAt: Date): Promise<void> {
    const month = monthBucket(filedAt);
    // Under each document's lock: FerretDB does not isolate concurrent updates of one document.
    await this.locks.run('appeal_index', MONTHS, () => this.index.updateOne({ _id: MONTHS }, { $addToSet: { months: month } }, { upsert: true }));
    await this.locks.run('appeal_index', bucketId(month), () => this.index.updateOne({ _id: bucketId(month) }, { $addToSet: { ids: appealId } }, { upsert: true }));
  }

  /** Every appeal id listed, newest month first. */
  async all(): Promise<string[]> {
    const months = ((await this.index.findById(MONTHS).lean<AppealIndexDocument>())?.months ?? []).slice().sort().reverse();
    const buckets = await Promise.all(months.map((m) => this.index.findById(bucketId(m)).lean<AppealIndexDocument>()));
    return buckets.flatMap((b) => b?.ids ?? []);
  }
}
