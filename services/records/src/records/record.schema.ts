import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPath, type OutboxEntry } from '@cadre/messaging';

export interface HistoryEntry {
  action: string;
  from: string | null;
  to: string;
  actorId: string;
  actorName: string;
  at: Date;
  comment: string;
  version: number;
  /** On a reopening by an upheld appeal: the appeal, so a redelivered decision reopens the record only once. */
  appealId?: string;
}

export interface Participant {
  userId: string;
  name: string;
  role: 'lead' | 'member';
  share: number;
  confirmation: 'pending' | 'confirmed' | 'disputed';
  comment: string;
}

export interface RecordDocument {
  _id: string;
  version: number;
  cadreId: string;
  cadreName: string;
  departmentId: string;
  departmentPath: string[];
  itemCode: string;
  firstLevelCode: string;
  taxonomyVersion: number;
  title: string;
  description: string;
  periodStart: string;
  periodEnd: string;
  impactLevel: string;
  confirmedImpactLevel: string | null;
  rating: string | null;
  results: { name: string; value: number; unit: string }[];
  /** Stored files (`fileId`); evidence typed in before files were stored has a `storageKey` instead. */
  evidence: { fileId?: string; name: string; mediaType: string; size: number; sha256: string; storageKey?: string }[];
  evidenceHashes: string[];
  duplicateEvidence: boolean;
  duplicateOf: string[];
  participants: Participant[];
  participantIds: string[];
  status: string;
  history: HistoryEntry[];
  submittedAt: Date | null;
  verifiedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  outbox: OutboxEntry[];
}

/** An array of plain sub-documents stored as given (no casting, no sub-document ids). */
const mixedArray = () => ({ type: [Schema.Types.Mixed], default: () => [] }) as never;

export const RecordSchema = new Schema<RecordDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    cadreId: { type: String, required: true },
    cadreName: { type: String, default: '' },
    departmentId: { type: String, default: '' },
    departmentPath: { type: [String], default: [] },
    itemCode: { type: String, required: true },
    firstLevelCode: { type: String, default: '' },
    taxonomyVersion: { type: Number, default: 1 },
    title: { type: String, required: true },
    description: { type: String, default: '' },
    periodStart: { type: String, default: '' },
    periodEnd: { type: String, default: '' },
    impactLevel: { type: String, default: 'unit' },
    confirmedImpactLevel: { type: String, default: null },
    rating: { type: String, default: null },
    results: mixedArray(),
    evidence: mixedArray(),
    evidenceHashes: { type: [String], default: [] },
    duplicateEvidence: { type: Boolean, default: false },
    duplicateOf: { type: [String], default: [] },
    participants: mixedArray(),
    participantIds: { type: [String], default: [] },
    status: { type: String, required: true },
    history: mixedArray(),
    submittedAt: { type: Date, default: null },
    verifiedAt: { type: Date, default: null },
    ...outboxPath,
  },
  { collection: 'records', timestamps: true, versionKey: false, minimize: false },
);
RecordSchema.index({ cadreId: 1, createdAt: -1 });
RecordSchema.index({ participantIds: 1 });
RecordSchema.index({ departmentPath: 1, status: 1 });
RecordSchema.index({ status: 1, createdAt: -1 });

export const RECORD_MODEL = Symbol('RECORD_MODEL');

export function recordModel(connection: Connection): Model<RecordDocument> {
  return connection.model<RecordDocument>('Record', RecordSchema);
}
