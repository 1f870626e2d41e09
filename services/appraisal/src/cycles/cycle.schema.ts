import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPath, type OutboxEntry } from '@cadre/messaging';
import type { CycleKind, CycleStatus, SurveySettings } from '@cadre/contracts';
import type { SheetEntry } from './domain/sheet';

/** One department of a cycle's roster: its sheet is `<cycleId>:<departmentId>`. */
export interface CycleDepartment {
  departmentId: string;
  departmentName: string;
  departmentPath: string[];
  cadreIds: string[];
}

/** `cycles` (`_id` the cycle id): small, listed whole. */
export interface CycleDocument {
  _id: string;
  version: number;
  kind: CycleKind;
  name: string;
  period: string;
  year: string;
  status: CycleStatus;
  topGradeQuota: number;
  dueDate: string | null;
  /** The departments the admin listed (each with its subtree). */
  departmentIds: string[];
  /** Every department with cadres in the cycle (the roster, taken at the opening). */
  departments: CycleDepartment[];
  survey: SurveySettings | null;
  /** When the survey closed (by itself or with the cycle); null while open or without a survey. */
  surveyClosedAt: Date | null;
  createdBy: { id: string; name: string };
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  outbox: OutboxEntry[];
}

/** `sheets` (`_id` `<cycleId>:<departmentId>`): one department's appraisals, one aggregate (quota and write under one lock). */
export interface SheetDocument {
  _id: string;
  version: number;
  cycleId: string;
  departmentId: string;
  departmentName: string;
  departmentPath: string[];
  /** Keyed by cadre id. */
  entries: Record<string, SheetEntry>;
  updatedAt: Date;
  outbox: OutboxEntry[];
}

/** `cadre_appraisals` (`_id` the cadre id): the cycles a cadre is in, for the combined view. */
export interface CadreAppraisalsDocument {
  _id: string;
  cycles: { cycleId: string; departmentId: string; year: string }[];
}

const mixed = (fallback: () => unknown) => ({ type: Schema.Types.Mixed, default: fallback }) as never;

const CycleSchema = new Schema<CycleDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    kind: { type: String, required: true },
    name: { type: String, required: true },
    period: { type: String, required: true },
    year: { type: String, required: true },
    status: { type: String, required: true },
    topGradeQuota: { type: Number, required: true },
    dueDate: { type: String, default: null },
    departmentIds: { type: [String], default: [] },
    departments: { type: [Schema.Types.Mixed], default: () => [] } as never,
    survey: mixed(() => null),
    surveyClosedAt: { type: Date, default: null },
    createdBy: mixed(() => ({})),
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    closedAt: { type: Date, default: null },
    ...outboxPath,
  },
  { collection: 'cycles', versionKey: false, minimize: false },
);

const SheetSchema = new Schema<SheetDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    cycleId: { type: String, required: true },
    departmentId: { type: String, required: true },
    departmentName: { type: String, default: '' },
    departmentPath: { type: [String], default: [] },
    entries: mixed(() => ({})),
    updatedAt: { type: Date, required: true },
    ...outboxPath,
  },
  { collection: 'sheets', versionKey: false, minimize: false },
);

const CadreAppraisalsSchema = new Schema<CadreAppraisalsDocument>(
  {
    _id: { type: String, required: true },
    cycles: { type: [Schema.Types.Mixed], default: () => [] } as never,
  },
  { collection: 'cadre_appraisals', versionKey: false },
);

export const CYCLE_MODEL = Symbol('CYCLE_MODEL');
export const SHEET_MODEL = Symbol('SHEET_MODEL');
export const CADRE_APPRAISALS_MODEL = Symbol('CADRE_APPRAISALS_MODEL');

export const cycleModel = (c: Connection): Model<CycleDocument> => c.model<CycleDocument>('Cycle', CycleSchema);
export const sheetModel = (c: Connection): Model<SheetDocument> => c.model<SheetDocument>('Sheet', SheetSchema);
export const cadreAppraisalsModel = (c: Connection): Model<CadreAppraisalsDocument> => c.model<CadreAppraisalsDocument>('CadreAppraisals', CadreAppraisalsSchema);

export const sheetId = (cycleId: string, departmentId: string) => `${cycleId}:${departmentId}`;

/** A department's progress as its sheet stood at `sheetVersion` (counts only). */
export interface DepartmentProgress {
  sheetVersion: number;
  cadres: number;
  byStatus: { pending: number; submitted: number; returned: number; confirmed: number };
  topUsed: number;
}

/**
 * `cycle_progress` (`_id` the cycle id): each department's counts, so a page of cycles is one read per cycle rather
 * than one per department. Written after each sheet change (only to a newer sheet version); a summary left behind by
 * a crash is repaired when the cycle is read alone (which reads the sheets themselves).
 */
export interface CycleProgressDocument {
  _id: string;
  departments: Record<string, DepartmentProgress>;
}

const CycleProgressSchema = new Schema<CycleProgressDocument>(
  {
    _id: { type: String, required: true },
    departments: mixed(() => ({})),
  },
  { collection: 'cycle_progress', versionKey: false, minimize: false },
);

export const CYCLE_PROGRESS_MODEL = Symbol('CYCLE_PROGRESS_MODEL');
export const cycleProgressModel = (c: Connection): Model<CycleProgressDocument> => c.model<CycleProgressDocument>('CycleProgress', CycleProgressSchema);
