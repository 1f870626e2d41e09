import { Inject, Injectable } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import { beijingDate, isExportFormat, type ExportPage, type Page, type TaskSummaryView } from '@cadre/contracts';
import { keysetPage } from '@cadre/platform';
import { DirectoryReplica } from '@cadre/directory';
import { BATCH_MODEL, TASK_CARD_MODEL, type BatchDocument, type TaskCardDocument } from '../../task.schema';
import { taskSummary } from '../../views';
import { taskCsvNames, tasksExportPage } from '../../tasks.csv';
import type { ListTasksCommand } from './command';
import { boardFilter, boardSort } from './filter';

/** The board: tasks' cards by batch, status, domain and keyword, sorted, paged or as an export (CSV/XLSX) one page of rows at a time; drafts only as `draftsListedFor` allows. */
@Injectable()
export class ListTasksUseCase {
  constructor(
    @Inject(TASK_CARD_MODEL) private readonly cards: Model<TaskCardDocument>,
    @Inject(BATCH_MODEL) private readonly batches: Model<BatchDocument>,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  async execute({ who, query }: ListTasksCommand): Promise<Page<TaskSummaryView> | ExportPage> {
    const filter = boardFilter(who, query);
    const filename = `tasks-${beijingDate(new Date())}.csv`;
    if (!filter) return isExportFormat(query.format) ? tasksExportPage([], undefined, filename, null) : { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    const sort = boardSort(query.sort);
    if (isExportFormat(query.format)) {
      const page = await keysetPage<TaskCardDocument & Record<string, unknown>>({
        model: this.cards as unknown as Model<never>,
        filter,
        sort: { field: query.sort.replace(/^-/, ''), direction: query.sort.startsWith('-') ? -1 : 1 },
        cursor: query.cursor,
      });
      const summaries = page.rows.map(taskSummary);
      // Names for people (the publishing department, the batch) instead of ids.
      const names = await taskCsvNames(summaries, {
        department: (id) => this.directory.department(id),
        batches: (ids) => this.batches.find({ _id: mongoose.trusted({ $in: ids }) }, { name: 1 }).lean<{ _id: string; name: string }[]>(),
      });
      return tasksExportPage(summaries, names, filename, page.next);
    }
    const [total, rows] = await Promise.all([
      this.cards.countDocuments(filter),
      this.cards.find(filter).sort(sort).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean<TaskCardDocument[]>(),
    ]);
    return { items: rows.map(taskSummary), total, page: query.page, pageSize: query.pageSize };
  }
}
