import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { DocumentLocks } from '@cadre/platform';
import { CYCLE_PROGRESS_MODEL, type CycleDocument, type CycleProgressDocument, type DepartmentProgress, type SheetDocument } from './cycle.schema';
import { countByStatus, topGradeOf, topGradeUsed } from './domain/sheet';

export function progressOf(cycle: Pick<CycleDocument, 'kind'>, sheet: Pick<SheetDocument, 'entries' | 'version'>): DepartmentProgress {
  const entries = Object.values(sheet.entries ?? {});
  return { sheetVersion: sheet.version, cadres: entries.length, byStatus: countByStatus(entries), topUsed: topGradeUsed(entries, topGradeOf(cycle.kind)) };
}

/** Each cycle's per-department counts (`cycle_progress`), for the list of cycles. */
@Injectable()
export class CycleProgress {
  private readonly locks = new DocumentLocks();

  constructor(@Inject(CYCLE_PROGRESS_MODEL) private readonly model: Model<CycleProgressDocument>) {}

  /** The summaries kept for a cycle (empty when none). */
  async of(cycleId: string): Promise<Record<string, DepartmentProgress>> {
    return (await this.model.findById(cycleId).lean<CycleProgressDocument>())?.departments ?? {};
  }

  /** Keeps the summaries of these sheets, each only over an older one. */
  record(cycle: Pick<CycleDocument, '_id' | 'kind'>, sheets: Pick<SheetDocument, 'departmentId' | 'entries' | 'version'>[]): Promise<void> {
    return this.locks.run('cycle_progress', cycle._id, async () => {
      const kept = await this.of(cycle._id);
      const set: Record<string, DepartmentProgress> = {};
      for (const sheet of sheets) {
        const before = kept[sheet.departmentId];
        const now = progressOf(cycle, sheet);
        if (before && before.sheetVersion > now.sheetVersion) continue;
        if (before && JSON.stringify(before) === JSON.stringify(now)) continue;
        set[`departments.${sheet.departmentId}`] = now;
      }
      if (Object.keys(set).length) await this.model.collection.updateOne({ _id: cycle._id as never }, { $set: set }, { upsert: true });
    });
  }
}
