import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import type { EventEnvelope, RecordCreatedV1, RecordCountsReply } from '@cadre/contracts';
import { ensureIndexes, isDuplicateKeyError } from '@cadre/platform';
import { RECORD_FACTS, type RecordFact } from './record-fact.schema';

@Injectable()
export class RecordsReadModel implements OnModuleInit {
  constructor(@Inject(RECORD_FACTS) private readonly facts: Model<RecordFact>) {}

  async onModuleInit() {
    await ensureIndexes([this.facts]);
  }

  /**
   * Applies a record event at most once: the row moves only to a newer record version, so a redelivered or
   * re-published event (or an older one arriving late) changes nothing.
   */
  async apply(event: EventEnvelope<RecordCreatedV1>): Promise<'applied' | 'ignored'> {
    const { data } = event;
    try {
      const result = await this.facts.updateOne(
        { _id: data.recordId, version: mongoose.trusted({ $lt: data.version }) },
        {
          $set: {
            version: data.version,
            cadreId: data.cadreId,
            departmentPath: data.departmentPath,
            itemCode: data.itemCode,
            status: data.status,
            lastEventId: event.eventId,
          },
        },
        { upsert: true },
      );
      return result.modifiedCount + result.upsertedCount > 0 ? 'applied' : 'ignored';
    } catch (error) {
      // The upsert met an existing row at the same or a newer version: already applied.
      if (isDuplicateKeyError(error)) return 'ignored';
      throw error;
    }
  }

  async counts(): Promise<RecordCountsReply> {
    // One accumulator per $group: FerretDB v1 computes only the first of several.
    const rows = await this.facts.aggregate<{ _id: string; count: number }>([{ $group: { _id: '$itemCode', count: { $sum: 1 } } }]);
    const byItem = Object.fromEntries(rows.map((row) => [row._id, row.count]));
    return { total: rows.reduce((sum, row) => sum + row.count, 0), byItem };
  }
}
