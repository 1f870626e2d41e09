import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPath, type OutboxEntry } from '@cadre/messaging';
import type { ApplicationEntry } from './domain/application';

/**
 * `applications` (`_id` `<roundId>:<departmentId>`): one round's applications of one applicant department, keyed by
 * application id. One aggregate per department, so a deadline-day crowd contends per department, not on the round.
 */
export interface ApplicationSheetDocument {
  _id: string;
  version: number;
  roundId: string;
  departmentId: string;
  entries: Record<string, ApplicationEntry>;
  updatedAt: Date;
  outbox: OutboxEntry[];
}

/**
 * `application_index` (`_id` the round id): the departments with a sheet in the round, and each application's
 * department, so a round's applications are listed, and one application found, by `_id` reads only.
 */
export interface ApplicationIndexDocument {
  _id: string;
  departments: string[];
  /** Application id → its department (the sheet `<roundId>:<departmentId>`). */
  applications: Record<string, string>;
}

const SheetSchema = new Schema<ApplicationSheetDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    roundId: { type: String, required: true },
    departmentId: { type: String, required: true },
    entries: { type: Schema.Types.Mixed, default: () => ({}) } as never,
    updatedAt: { type: Date, required: true },
    ...outboxPath,
  },
  { collection: 'applications', versionKey: false, minimize: false, autoIndex: false },
);

const IndexSchema = new Schema<ApplicationIndexDocument>(
  {
    _id: { type: String, required: true },
    departments: { type: [String], default: [] },
    applications: { type: Schema.Types.Mixed, default: () => ({}) } as never,
  },
  { collection: 'application_index', versionKey: false, minimize: false, autoIndex: false },
);

export const APPLICATION_SHEET_MODEL = Symbol('APPLICATION_SHEET_MODEL');
export const APPLICATION_INDEX_MODEL = Symbol('APPLICATION_INDEX_MODEL');

export const applicationSheetModel = (c: Connection): Model<ApplicationSheetDocument> => c.model<ApplicationSheetDocument>('ApplicationSheet', SheetSchema);
export const applicationIndexModel = (c: Connection): Model<ApplicationIndexDocument> => c.model<ApplicationIndexDocument>('ApplicationIndex', IndexSchema);

export const applicationSheetId = (roundId: string, departmentId: string) => `${roundId}:${departmentId}`;
