import { Inject, Injectable } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import { beijingDate, type Page, type TaskSummaryView } from '@cadre/contracts';
import { DirectoryReplica } from '@cadre/directory';
import { BATCH_MODEL, TASK_CARD_MODEL, type BatchDocument, type TaskCardDocument } from '../../task.schema';
import { draftsListedFor } from '../../domain/access';
import { taskSummary } from '../../views';
import { taskCsvNames, tasksCsv } from '../../tasks.csv';
import type { ListTasksCommand } from './command';

/** The board: tasks' cards by batch, status and domain, paged or as CSV; drafts only as `draftsListedFor` allows. */
@Injectable()
export class ListTasksUseCase {
  constructor(
    @Inject(TASK_CARD_MODEL) private readonly cards: Model<TaskCardDocument>,
    @Inject(BATCH_MODEL) private readonly batches: Model<BatchDocument>,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  async execute({ who, query }: ListTasksCommand): Promise<Page<TaskSummaryView> | { csv: string; filename: string }> {
    const filter: Record<string, unknown> = {};
    if (query.batchId) filter.batchId = query.batchId;
    if (query.domain) filter.domain = query.domain;
    const drafts = draftsListedFor(who);
    if (query.status === 'draft' || (!query.status && drafts)) {
      if (!drafts) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
      // `departmentPath: id` matches the paths that hold the department: its subtree.
      if (query.status) {
        filter.status = 'draft';
        filter.departmentPath = drafts.departmentId;
      } else {
        filter.$or = [{ status: mongoose.trusted({ $ne: 'draft' }) }, { departmentPath: drafts.departmentId }];
      }
    } else {
      filter.status = query.status ?? mongoose.trusted({ $ne: 'draft' });
    }
    const sort = { createdAt: 1 as const, _id: 1 as const };
    if (query.format === 'csv') {
      const rows = await this.cards.find(filter).sort(sort).limit(10_000).lean<TaskCardDocument[]>();
      const summaries = rows.map(taskSummary);
      // Names for people (the publishing department, the batch) instead of ids.
      const names = await taskCsvNames(summaries, {
        department: (id) => this.directory.department(id),
        batches: (ids) => this.batches.find({ _id: mongoose.trusted({ $in: ids }) }, { name: 1 }).lean<{ _id: string; name: string }[]>(),
      });
      return { csv: tasksCsv(summaries, names), filename: `tasks-${beijingDate(new Date())}.csv` };
    }
    const [total, rows] = await Promise.all([
      this.cards.countDocuments(filter),
      this.cards.find(filter).sort(sort).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean<TaskCardDocument[]>(),
    ]);
    return { items: rows.map(taskSummary), total, page: query.page, pageSize: query.pageSize };
  }
}
