import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPath, type OutboxEntry } from '@cadre/messaging';

export interface RecordDocument {
  _id: string;
  version: number;
  cadreId: string;
  departmentPath: string[];
  itemCode: string;
  title: string;
  description: string;
  status: string;
  createdAt: Date;
  updatedAt: Date;
  outbox: OutboxEntry[];
}

export const RecordSchema = new Schema<RecordDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    cadreId: { type: String, required: true },
    departmentPath: { type: [String], default: [] },
    itemCode: { type: String, required: true },
    title: { type: String, required: true },
    description: { type: String, default: '' },
    status: { type: String, required: true },
    ...outboxPath,
  },
  { collection: 'records', timestamps: true, versionKey: false, minimize: false },
);
RecordSchema.index({ cadreId: 1, createdAt: -1 });
RecordSchema.index({ status: 1 });

export const RECORD_MODEL = Symbol('RECORD_MODEL');

export function recordModel(connection: Connection): Model<RecordDocument> {
  return connection.model<RecordDocument>('Record', RecordSchema);
}
