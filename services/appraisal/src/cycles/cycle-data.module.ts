import { Inject, Injectable, Module } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { isId } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { AggregateStore, MONGO, OutboxRelay } from '@cadre/messaging';
import { CycleProgress } from './progress';
import {
  CADRE_APPRAISALS_MODEL,
  CYCLE_PROGRESS_MODEL,
  cycleProgressModel,
  CYCLE_MODEL,
  SHEET_MODEL,
  cadreAppraisalsModel,
  cycleModel,
  sheetModel,
  type CycleDocument,
  type SheetDocument,
} from './cycle.schema';

export type CycleStore = AggregateStore<CycleDocument>;
export type SheetStore = AggregateStore<SheetDocument>;
export const CYCLE_STORE = Symbol('CYCLE_STORE');
export const SHEET_STORE = Symbol('SHEET_STORE');

/**
 * Read access to the cycles for the other modules of the service (the survey reads a cycle's kind, name, period,
 * settings and status through it, and records its own closing here so the cycle view shows it).
 */
@Injectable()
export class Cycles {
  constructor(@Inject(CYCLE_STORE) private readonly store: CycleStore) {}

  /** The cycle, or null (also for a malformed id). */
  async find(cycleId: string): Promise<CycleDocument | null> {
    if (!isId(cycleId)) return null;
    return this.store.model.findById(cycleId).lean<CycleDocument>();
  }

  /** The cycle, or 404. */
  async get(cycleId: string): Promise<CycleDocument> {
    const cycle = await this.find(cycleId);
    if (!cycle) throw problems.notFound('No such appraisal cycle.');
    return cycle;
  }

  /** Every cycle (a small collection, read whole), newest first. */
  async all(): Promise<CycleDocument[]> {
    const rows = await this.store.model.find({}).lean<CycleDocument[]>();
    return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : -1));
  }

  /** Records that the cycle's survey closed (idempotent: the first time is kept). No event: the survey publishes its results. */
  async markSurveyClosed(cycleId: string, at: Date = new Date()): Promise<void> {
    await this.store.change(cycleId, (cycle) => (cycle.survey && !cycle.surveyClosedAt ? { set: { surveyClosedAt: at } } : null));
  }
}

/** The cycles' data: `cycles`, `sheets`, `cadre_appraisals`, `cycle_progress` and their stores. Import it to read cycles (`Cycles`). */
@Module({
  providers: [
    { provide: CYCLE_MODEL, inject: [MONGO], useFactory: (c: Connection) => cycleModel(c) },
    { provide: SHEET_MODEL, inject: [MONGO], useFactory: (c: Connection) => sheetModel(c) },
    { provide: CADRE_APPRAISALS_MODEL, inject: [MONGO], useFactory: (c: Connection) => cadreAppraisalsModel(c) },
    {
      provide: CYCLE_STORE,
      inject: [CYCLE_MODEL, OutboxRelay],
      useFactory: (model: Model<CycleDocument>, relay: OutboxRelay): CycleStore =>
        new AggregateStore(model, relay, { producer: 'appraisal', noun: 'cycle', touch: () => ({ updatedAt: new Date() }), notFound: 'No such appraisal cycle.' }),
    },
    {
      provide: SHEET_STORE,
      inject: [SHEET_MODEL, OutboxRelay],
      useFactory: (model: Model<SheetDocument>, relay: OutboxRelay): SheetStore =>
        new AggregateStore(model, relay, { producer: 'appraisal', noun: 'sheet', touch: () => ({ updatedAt: new Date() }), notFound: 'No such appraisal sheet.' }),
    },
    { provide: CYCLE_PROGRESS_MODEL, inject: [MONGO], useFactory: (c: Connection) => cycleProgressModel(c) },
    CycleProgress,
    Cycles,
  ],
  exports: [CYCLE_STORE, SHEET_STORE, CADRE_APPRAISALS_MODEL, CycleProgress, Cycles],
})
export class CycleDataModule {}
