import { Inject, Injectable } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import { beijingDate, type Page, type TaskSummaryView } from '@cadre/contracts';
import { DirectoryReplica } from '@cadre/directory';
import { BATCH_MODEL, TASK_CARD_MODEL, type BatchDocument, type TaskCardDocument } from '../../task.schema';
import { taskSummary } from '../../views';
import { taskCsvNames, tasksCsv } from '../../tasks.csv';
import type { ListTasksCommand } from './command';
import { boardFilter, boardSort } from './filter';

/** The board: tasks' cards by batch, status, domain and keyword, sorted, paged or as CSV; drafts only as `draftsListedFor` allows. */
@Injectable()
export class ListTasksUseCase {
  constructor(
    @Inject(TASK_CARD_MODEL) private readonly cards: Model<TaskCardDocument>,
    @Inject(BATCH_MODEL) private readonly batches: Model<BatchDocument>,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  async execute({ who, query }: ListTasksCommand): Promise<Page<TaskSummaryView> | { csv: string; filename: string }> {
    const filter = boardFilter(who, query);
    if (!filter) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    const sort = boardSort(query.sort);
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
