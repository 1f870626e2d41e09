import { Schema, type Connection, type Model } from 'mongoose';

/** One row per record, as the events describe it; the figures are `$group`s over these rows. */
export interface RecordFact {
  _id: string;
  version: number;
  cadreId: string;
  departmentPath: string[];
  itemCode: string;
  status: string;
  lastEventId: string;
}

export const RecordFactSchema = new Schema<RecordFact>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    cadreId: { type: String, required: true },
    departmentPath: { type: [String], default: [] },
    itemCode: { type: String, required: true },
    status: { type: String, required: true },
    lastEventId: { type: String, required: true },
  },
  { collection: 'record_facts', versionKey: false },
);
RecordFactSchema.index({ itemCode: 1 });

export const RECORD_FACTS = Symbol('RECORD_FACTS');

export function recordFactModel(connection: Connection): Model<RecordFact> {
  return connection.model<RecordFact>('RecordFact', RecordFactSchema);
}
