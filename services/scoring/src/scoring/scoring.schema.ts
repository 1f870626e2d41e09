import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPath, type OutboxEntry } from '@cadre/messaging';
import type { PeriodTotals } from './domain/totals';
import type { EntryFacts } from './domain/explanation';

/**
 * The ledger is the truth: every point is an entry whose `_id` is its natural identity (standard version, source,
 * cadre, part), so a redelivered event writes nothing twice. Totals and rankings are derived and can always be
 * recomputed from it.
 */
export interface LedgerDocument {
  _id: string;
  cadreId: string;
  hundredths: number;
  part: 'participation' | 'contribution' | 'bonus' | 'reversal' | 'appraisal';
  sourceType: 'record' | 'task' | 'appraisal';
  sourceId: string;
  sourceVersion: number;
  itemCode: string | null;
  firstLevelCode: string | null;
  standardVersion: number;
  period: string;
  /** When the source earned the points (verification, conclusion, revocation), ISO: orders the yearly cap. */
  occurredAt: string;
  /** The entry's natural key within its standard version (`_id` is `v<version>|<key>`). */
  key: string;
  /** The sentence as written (entries written before `facts` existed keep their older, partly English, wording). */
  explanation: string;
  /**
   * What the explanation is made of (title, item, impact level, rating or verdict, multipliers, share): the answer
   * renders the sentence from these on every read. Absent on entries written before they were kept; those are
   * explained from their source's facts (`score_sources`), which give the same entries.
   */
  facts?: EntryFacts | null;
  /** For a reversal: the entry it reverses. */
  reverses: string | null;
  createdAt: Date;
}

/**
 * The facts a source brought (its event's data), kept so that a new standard can recompute every entry: a record
 * (`record:<id>`), a task (`task:<id>`), an appraisal whose grade was confirmed (`appraisal:<cycleId>:<cadreId>`).
 */
export interface SourceDocument {
  _id: string;
  type: 'record' | 'task' | 'appraisal';
  sourceId: string;
  data: Record<string, unknown>;
  /** The reversal of the current verification: a revocation, or a reopening by a share disputed after it (a grade: its return). */
  revoked: { version: number; occurredAt: string; comment?: string; kind?: 'revoked' | 'reopened' | 'returned' } | null;
  /**
   * A record's earlier verifications, each reversed (reopened) before the current one (`data`): a standard derives
   * the entries of every round. Absent on sources written before records could be reopened.
   */
  earlier?: { data: Record<string, unknown>; revoked: { version: number; occurredAt: string; comment?: string; kind?: 'revoked' | 'reopened' | 'returned' } }[];
  cadreIds: string[];
  receivedAt: Date;
}

/**
 * A cadre's entries under one standard version, in one document (`_id` `v<version>|<cadreId>`): a score is one
 * read by `_id`, which every MongoDB-wire store answers from its primary key. The ledger stays the truth; this is
 * kept in step with it idempotently (entries merged by key).
 */
export interface CadreLedgerDocument {
  _id: string;
  cadreId: string;
  standardVersion: number;
  entries: LedgerDocument[];
  updatedAt: Date;
}

export interface StandardDocument {
  _id: string;
  version: number;
  status: 'draft' | 'active' | 'retired';
  body: Record<string, unknown>;
  createdBy: string;
  createdAt: Date;
  activatedAt: Date | null;
}

/** A cadre's totals of one period as stored (`PeriodTotals` with what the store and older documents add). */
export interface TotalDocument extends Omit<PeriodTotals, 'revision'> {
  _id: string;
  /** Grows with every write (`AggregateStore`); absent on documents written before it existed. */
  version: number;
  /**
   * The cadre's recomputation that wrote this (milliseconds since the epoch, strictly growing per cadre): the
   * `revision` of the `scoring.score.updated` it announced. Absent on documents written before it existed.
   */
  revision?: number;
  /** `scoring.score.updated` (year periods only), written with the totals and removed by the relay once published. */
  outbox: OutboxEntry[];
}

export interface RankingRowDocument {
  _id: string;
  period: string;
  scope: string;
  cadreId: string;
  name: string;
  departmentId: string;
  departmentPath: string[];
  rankLevel: string;
  points: number;
  rank: number;
  percentile: number;
  change: number | null;
  calculatedAt: Date;
}

export interface RankingRunDocument {
  _id: string;
  period: string;
  scope: string;
  calculatedAt: Date;
  standardVersion: number;
  cadres: number;
}

const LedgerSchema = new Schema<LedgerDocument>(
  {
    _id: { type: String, required: true },
    cadreId: { type: String, required: true },
    hundredths: { type: Number, required: true },
    part: { type: String, required: true },
    sourceType: { type: String, required: true },
    sourceId: { type: String, required: true },
    sourceVersion: { type: Number, required: true },
    itemCode: { type: String, default: null },
    firstLevelCode: { type: String, default: null },
    standardVersion: { type: Number, required: true },
    period: { type: String, required: true },
    occurredAt: { type: String, required: true },
    key: { type: String, required: true },
    explanation: { type: String, default: '' },
    facts: { type: Schema.Types.Mixed, default: null },
    reverses: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'ledger', versionKey: false, minimize: false },
);
LedgerSchema.index({ cadreId: 1, standardVersion: 1 });
LedgerSchema.index({ standardVersion: 1, period: 1 });

const CadreLedgerSchema = new Schema<CadreLedgerDocument>(
  {
    _id: { type: String, required: true },
    cadreId: { type: String, required: true },
    standardVersion: { type: Number, required: true },
    entries: { type: [Schema.Types.Mixed], default: () => [] } as never,
    updatedAt: { type: Date, required: true },
  },
  { collection: 'cadre_ledgers', versionKey: false, minimize: false },
);

const SourceSchema = new Schema<SourceDocument>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    sourceId: { type: String, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    revoked: { type: Schema.Types.Mixed, default: null },
    earlier: { type: [Schema.Types.Mixed], default: undefined },
    cadreIds: { type: [String], default: [] },
    receivedAt: { type: Date, required: true },
  },
  { collection: 'score_sources', versionKey: false, minimize: false },
);

const StandardSchema = new Schema<StandardDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    status: { type: String, required: true },
    body: { type: Schema.Types.Mixed, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    activatedAt: { type: Date, default: null },
  },
  { collection: 'scoring_standards', versionKey: false, minimize: false },
);

const TotalSchema = new Schema<TotalDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number },
    cadreId: { type: String, required: true },
    period: { type: String, required: true },
    standardVersion: { type: Number, required: true },
    total: { type: Number, required: true },
    participation: { type: Number, default: 0 },
    contribution: { type: Number, default: 0 },
    bonus: { type: Number, default: 0 },
    reversal: { type: Number, default: 0 },
    appraisal: { type: Number, default: 0 },
    byItem: { type: Schema.Types.Mixed, default: () => ({}) },
    capped: { type: [String], default: [] },
    entryCount: { type: Number, default: 0 },
    revision: { type: Number },
    updatedAt: { type: Date, required: true },
    ...outboxPath,
  },
  { collection: 'score_totals', versionKey: false, minimize: false },
);
TotalSchema.index({ period: 1, total: -1 });

const RankingRowSchema = new Schema<RankingRowDocument>(
  {
    _id: { type: String, required: true },
    period: { type: String, required: true },
    scope: { type: String, required: true },
    cadreId: { type: String, required: true },
    name: { type: String, default: '' },
    departmentId: { type: String, default: '' },
    departmentPath: { type: [String], default: [] },
    rankLevel: { type: String, default: '' },
    points: { type: Number, required: true },
    rank: { type: Number, required: true },
    percentile: { type: Number, required: true },
    change: { type: Number, default: null },
    calculatedAt: { type: Date, required: true },
  },
  { collection: 'ranking_rows', versionKey: false, minimize: false },
);
RankingRowSchema.index({ period: 1, scope: 1, rank: 1 });

const RankingRunSchema = new Schema<RankingRunDocument>(
  {
    _id: { type: String, required: true },
    period: { type: String, required: true },
    scope: { type: String, required: true },
    calculatedAt: { type: Date, required: true },
    standardVersion: { type: Number, required: true },
    cadres: { type: Number, required: true },
  },
  { collection: 'ranking_runs', versionKey: false, minimize: false },
);

export const LEDGER = Symbol('LEDGER');
export const SOURCES = Symbol('SOURCES');
export const CADRE_LEDGERS = Symbol('CADRE_LEDGERS');
export const STANDARDS = Symbol('STANDARDS');
export const TOTALS = Symbol('TOTALS');
export const RANKING_ROWS = Symbol('RANKING_ROWS');
export const RANKING_RUNS = Symbol('RANKING_RUNS');

export const models = {
  ledger: (c: Connection): Model<LedgerDocument> => c.model<LedgerDocument>('LedgerEntry', LedgerSchema),
  cadreLedgers: (c: Connection): Model<CadreLedgerDocument> => c.model<CadreLedgerDocument>('CadreLedger', CadreLedgerSchema),
  sources: (c: Connection): Model<SourceDocument> => c.model<SourceDocument>('ScoreSource', SourceSchema),
  standards: (c: Connection): Model<StandardDocument> => c.model<StandardDocument>('ScoringStandard', StandardSchema),
  totals: (c: Connection): Model<TotalDocument> => c.model<TotalDocument>('ScoreTotal', TotalSchema),
  rankingRows: (c: Connection): Model<RankingRowDocument> => c.model<RankingRowDocument>('RankingRow', RankingRowSchema),
  rankingRuns: (c: Connection): Model<RankingRunDocument> => c.model<RankingRunDocument>('RankingRun', RankingRunSchema),
};
