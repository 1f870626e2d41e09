import { Inject, Injectable } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import { beijingDate, isExportFormat, type ExportPage, type Page, type RecordDetailView, type RecordListQuery } from '@cadre/contracts';
import { keysetPage } from '@cadre/platform';
import { DirectoryReplica } from '@cadre/directory';
import { RECORD_MODEL, type RecordDocument } from '../../record.schema';
import { detailView } from '../../record-view';
import { recordCsvNames, recordsExportPage } from '../../records.csv';
import { TaxonomyCatalog } from '../../taxonomy-catalog';
import { listScope, scopeFilter } from '../../domain/access';
import type { ListRecordsCommand } from './command';
import { keywordFilter } from './keyword';

/** The records the caller may see, filtered, sorted and paged, or as an export (CSV/XLSX), one page of rows at a time. */
@Injectable()
export class ListRecordsUseCase {
  constructor(
    @Inject(RECORD_MODEL) private readonly records: Model<RecordDocument>,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
    @Inject(TaxonomyCatalog) private readonly taxonomy: TaxonomyCatalog,
  ) {}

  async execute({ caller, query }: ListRecordsCommand): Promise<Page<RecordDetailView> | ExportPage> {
    const filter = { ...scopeFilter(listScope(caller)), ...queryFilter(query) };
    const sortField = query.sort.replace(/^-/, '');
    const sort: Record<string, 1 | -1> = { [sortField]: query.sort.startsWith('-') ? -1 : 1, _id: 1 };
    const projection = { outbox: 0 };
    if (isExportFormat(query.format)) {
      const page = await keysetPage<RecordDocument & Record<string, unknown>>({
        model: this.records as unknown as Model<never>,
        filter,
        sort: { field: sortField, direction: query.sort.startsWith('-') ? -1 : 1 },
        cursor: query.cursor,
        projection,
      });
      // Names for people (departments, participants, items) instead of ids and codes.
      const names = await recordCsvNames(page.rows, { department: (id) => this.directory.department(id), user: (id) => this.directory.user(id), taxonomy: () => this.taxonomy.current() });
      return recordsExportPage(page.rows, names, `records-${beijingDate(new Date())}.csv`, page.next);
    }
    const [total, rows] = await Promise.all([
      this.records.countDocuments(filter),
      this.records.find(filter, projection).sort(sort).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean<RecordDocument[]>(),
    ]);
    return { items: rows.map(detailView), total, page: query.page, pageSize: query.pageSize };
  }
}

/** The caller's own filters (within their scope). */
function queryFilter(query: RecordListQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  // A deleted draft (stored as `deleted`, not a status of the API) is in no list.
  filter.status = query.status ?? mongoose.trusted({ $ne: 'deleted' });
  if (query.itemCode) filter[query.itemCode.includes('-') ? 'itemCode' : 'firstLevelCode'] = query.itemCode;
  if (query.cadreId) filter.cadreId = query.cadreId;
  if (query.departmentId) filter.departmentPath = query.departmentId;
  if (query.from) filter.periodEnd = mongoose.trusted({ $gte: query.from });
  if (query.to) filter.periodStart = mongoose.trusted({ $lte: query.to });
  if (query.duplicateEvidence) filter.duplicateEvidence = query.duplicateEvidence === 'true';
  // Under $and: the caller's scope is an $or of its own, which a second top-level $or would replace.
  if (query.q) filter.$and = [keywordFilter(query.q)];
  return filter;
}
