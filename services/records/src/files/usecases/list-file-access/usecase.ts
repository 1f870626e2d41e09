import { Inject, Injectable } from '@nestjs/common';
import type { FileAccessEntryView, Page } from '@cadre/contracts';
import { problems, toCsv, type CsvColumn } from '@cadre/platform';
import { RECORD_STORE, type RecordStore } from '../../../records/record-store';
import { FILE_ACCESS_LOG, type FileAccessEntry } from '../../file-access-log';
import { mayReadAccessLog } from '../../domain/file-access';
import type { ListFileAccessCommand } from './command';

/** A day's start in Beijing time (UTC+8), as every date the API takes. */
const beijingDayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const DAY_MS = 24 * 60 * 60 * 1000;
const beijingTime = (at: Date) => new Date(at.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 19).replace('T', ' ');

const KIND = { record: '业绩记录', bid: '揭榜方案', progress: '进展报告', result: '成果' } as Record<string, string>;
const COLUMNS: CsvColumn<FileAccessEntry>[] = [
  ['下载时间（北京时间）', (e) => beijingTime(new Date(e.at))],
  ['下载人', (e) => e.userName],
  ['文件', (e) => e.fileName],
  ['上传人', (e) => e.uploaderName],
  ['所属', (e) => KIND[e.attachedTo.kind] ?? e.attachedTo.kind],
  ['标题', (e) => e.title],
];

export function entryView(e: FileAccessEntry): FileAccessEntryView {
  return {
    id: e._id,
    at: new Date(e.at).toISOString(),
    userId: e.userId,
    userName: e.userName,
    fileId: e.fileId,
    fileName: e.fileName,
    uploaderId: e.uploaderId,
    uploaderName: e.uploaderName,
    attachedTo: e.attachedTo,
    title: e.title,
  };
}

/** The evidence access log (admins): who downloaded which file of whose record, newest first; `format=csv` for a spreadsheet. */
@Injectable()
export class ListFileAccessUseCase {
  constructor(@Inject(RECORD_STORE) private readonly records: RecordStore) {}

  async execute({ caller, query }: ListFileAccessCommand): Promise<Page<FileAccessEntryView> | { csv: string; filename: string }> {
    if (!mayReadAccessLog(caller)) throw problems.forbidden('Only administrators read the file access log.');
    // Built from the parsed query only (dates and an id checked by the schema), never from the request as is.
    const at: Record<string, Date> = {};
    if (query.from) at.$gte = beijingDayStart(query.from);
    if (query.to) at.$lt = new Date(beijingDayStart(query.to).getTime() + DAY_MS);
    const filter: Record<string, unknown> = {};
    if (query.from || query.to) filter.at = at;
    if (query.userId) filter.userId = query.userId;
    const log = this.records.model.db.collection<FileAccessEntry>(FILE_ACCESS_LOG);
    if (query.format === 'csv') {
      const rows = await log.find(filter).sort({ at: -1 }).limit(10_000).toArray();
      return { csv: toCsv(COLUMNS, rows), filename: `file-access-${new Date().toISOString().slice(0, 10)}.csv` };
    }
    const [rows, total] = await Promise.all([
      log
        .find(filter)
        .sort({ at: -1 })
        .skip((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .toArray(),
      log.countDocuments(filter),
    ]);
    return { items: rows.map(entryView), total, page: query.page, pageSize: query.pageSize };
  }
}
