import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPath, type OutboxEntry } from '@cadre/messaging';
import type { AppealState } from './domain/appeal';

/** `appeals` (`_id` the appeal id): the aggregate, with its history and outbox. */
export interface AppealDocument extends AppealState {
  updatedAt: Date;
  outbox: OutboxEntry[];
}

/** `appeal_keys` (`_id` `<appellantId>:<type>:<subjectId>`): held while the appeal is pending (claimed by a unique insert). */
export interface AppealKeyDocument {
  _id: string;
  appealId: string;
  claimedAt: Date;
  claimedBy: string;
}

/**
 * `appeal_index`: `months` (`{_id: 'months', months}`: every month with appeals) and one bucket per month of filing
 * in Beijing (`{_id: 'month:YYYY-MM', ids}`), so every appeal is listed by `_id` reads (no scan of `appeals`).
 */
export interface AppealIndexDocument {
  _id: string;
  months?: string[];
  ids?: string[];
}

const mixed = (fallback: () => unknown) => ({ type: Schema.Types.Mixed, default: fallback }) as never;

const AppealSchema = new Schema<AppealDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    subject: mixed(() => ({})),
    appellant: mixed(() => ({})),
    reason: { type: String, required: true },
    status: { type: String, required: true },
    filedAt: { type: String, required: true },
    deadline: { type: String, required: true },
    answer: { type: String, default: null },
    decidedBy: mixed(() => null),
    decidedAt: { type: String, default: null },
    history: { type: [Schema.Types.Mixed], default: () => [] } as never,
    updatedAt: { type: Date, required: true },
    ...outboxPath,
  },
  { collection: 'appeals', versionKey: false, minimize: false, autoIndex: false },
);

const AppealKeySchema = new Schema<AppealKeyDocument>(
  {
    _id: { type: String, required: true },
    appealId: { type: String, required: true },
    claimedAt: { type: Date, required: true },
    claimedBy: { type: String, required: true },
  },
  { collection: 'appeal_keys', versionKey: false, autoIndex: false },
);

const AppealIndexSchema = new Schema<AppealIndexDocument>(
  {
    _id: { type: String, required: true },
    months: { type: [String], default: undefined },
    ids: { type: [String], default: undefined },
  },
  { collection: 'appeal_index', versionKey: false, autoIndex: false },
);

export const APPEAL_MODEL = Symbol('APPEAL_MODEL');
export const APPEAL_KEY_MODEL = Symbol('APPEAL_KEY_MODEL');
export const APPEAL_INDEX_MODEL = Symbol('APPEAL_INDEX_MODEL');

export const appealModel = (c: Connection): Model<AppealDocument> => c.model<AppealDocument>('Appeal', AppealSchema);
export const appealKeyModel = (c: Connection): Model<AppealKeyDocument> => c.model<AppealKeyDocument>('AppealKey', AppealKeySchema);
export const appealIndexModel = (c: Connection): Model<AppealIndexDocument> => c.model<AppealIndexDocument>('AppealIndex', AppealIndexSchema);
