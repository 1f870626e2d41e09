import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { isExportFormat, type Caller, type ExportPage, type FileAccessEntryView, type FileAccessQuery, type FileAttachment, type Page } from '@cadre/contracts';
import { exportPage, type CsvColumn } from '@cadre/platform';
import type { FileMetadata, StoredFile } from './file-store';

/**
 * One download of a file by someone other than its uploader (`file_access_log`, in the owning service's database):
 * an immutable insert keyed by a fresh id, with the names as they were at the time, so the audit reads without lookups.
 */
export interface FileAccessEntry {
  _id: string;
  at: Date;
  userId: string;
  userName: string;
  fileId: string;
  fileName: string;
  uploaderId: string;
  uploaderName: string;
  attachedTo: FileAttachment;
  title: string;
}

export const FILE_ACCESS_LOG = 'file_access_log';

/** A download of an attached file by anyone but its uploader goes into the access log. */
export function isLoggedDownload(callerId: string, file: Pick<FileMetadata, 'status' | 'uploaderId'>, download: boolean): boolean {
  return download && file.status === 'attached' && file.uploaderId !== callerId;
}

/** The log entry of `caller`'s download of `file`, attached to `attachedTo` (whose title people read). */
export function accessEntryOf(caller: Pick<Caller, 'userId' | 'name'>, file: StoredFile, attachedTo: FileAttachment, title: string): Omit<FileAccessEntry, '_id' | 'at'> {
  const { uploaderId, uploaderName } = file.metadata;
  return { userId: caller.userId, userName: caller.name, fileId: file.fileId, fileName: file.name, uploaderId, uploaderName, attachedTo, title };
}

/** A day's start in Beijing time (UTC+8), as every date the API takes. */
const beijingDayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const DAY_MS = 24 * 60 * 60 * 1000;
const beijingTime = (at: Date) => new Date(at.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 19).replace('T', ' ');

export const FILE_KIND_LABELS: Record<FileAttachment['kind'], string> = { record: '业绩记录', bid: '揭榜方案', progress: '进展报告', result: '成果' };
export const FILE_ACCESS_COLUMNS: CsvColumn<FileAccessEntryView>[] = [
  ['下载时间（北京时间）', (e) => beijingTime(new Date(e.at))],
  ['下载人', (e) => e.userName],
  ['文件', (e) => e.fileName],
  ['上传人', (e) => e.uploaderName],
  ['所属', (e) => FILE_KIND_LABELS[e.attachedTo.kind] ?? e.attachedTo.kind],
  ['标题', (e) => e.title],
];

export function fileAccessEntryView(e: FileAccessEntry): FileAccessEntryView {
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

/** The access log of one owning service's files: written on downloads, read (newest first) by the admins' audit. */
export class FileAccessLog {
  readonly collection: mongo.Collection<FileAccessEntry>;

  constructor(db: mongo.Db) {
    this.collection = db.collection<FileAccessEntry>(FILE_ACCESS_LOG);
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ at: -1 });
    await this.collection.createIndex({ userId: 1, at: -1 });
  }

  async write(entry: Omit<FileAccessEntry, '_id' | 'at'>): Promise<void> {
    await this.collection.insertOne({ _id: randomUUID(), at: new Date(), ...entry });
  }

  /** A page of the log, or all of it (up to 10,000 rows) as one export page; the filter is built from the parsed query only. */
  async list(query: FileAccessQuery): Promise<Page<FileAccessEntryView> | ExportPage> {
    const at: Record<string, Date> = {};
    if (query.from) at.$gte = beijingDayStart(query.from);
    if (query.to) at.$lt = new Date(beijingDayStart(query.to).getTime() + DAY_MS);
    const filter: Record<string, unknown> = {};
    if (query.from || query.to) filter.at = at;
    if (query.userId) filter.userId = query.userId;
    if (isExportFormat(query.format)) {
      const rows = await this.collection.find(filter).sort({ at: -1 }).limit(10_000).toArray();
      return exportPage(FILE_ACCESS_COLUMNS, rows.map(fileAccessEntryView), `file-access-${new Date().toISOString().slice(0, 10)}.csv`);
    }
    const [rows, total] = await Promise.all([
      this.collection
        .find(filter)
        .sort({ at: -1 })
        .skip((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .toArray(),
      this.collection.countDocuments(filter),
    ]);
    return { items: rows.map(fileAccessEntryView), total, page: query.page, pageSize: query.pageSize };
  }
}
