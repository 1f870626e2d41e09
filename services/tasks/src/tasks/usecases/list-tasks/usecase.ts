import { Inject, Injectable } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import type { Page, TaskSummaryView } from '@cadre/contracts';
import { TASK_CARD_MODEL, type TaskCardDocument } from '../../task.schema';
import { draftsListedFor } from '../../domain/access';
import { taskSummary } from '../../views';
import { tasksCsv } from '../../tasks.csv';
import type { ListTasksCommand } from './command';

/** The board: tasks' cards by batch, status and domain, paged or as CSV; drafts only as `draftsListedFor` allows. */
@Injectable()
export class ListTasksUseCase {
  constructor(@Inject(TASK_CARD_MODEL) private readonly cards: Model<TaskCardDocument>) {}

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
      return { csv: tasksCsv(rows.map(taskSummary)), filename: `tasks-${new Date().toISOString().slice(0, 10)}.csv` };
    }
    const [total, rows] = await Promise.all([
      this.cards.countDocuments(filter),
      this.cards.find(filter).sort(sort).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean<TaskCardDocument[]>(),
    ]);
    return { items: rows.map(taskSummary), total, page: query.page, pageSize: query.pageSize };
  }
}
