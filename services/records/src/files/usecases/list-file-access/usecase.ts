import { Inject, Injectable } from '@nestjs/common';
import type { ExportPage, FileAccessEntryView, Page } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { FileAccessLog } from '@cadre/files';
import { RECORD_STORE, type RecordStore } from '../../../records/record-store';
import { mayReadAccessLog } from '../../domain/file-access';
import type { ListFileAccessCommand } from './command';

/** The evidence access log (admins): who downloaded which file of whose record, newest first; `format=csv` for a spreadsheet. */
@Injectable()
export class ListFileAccessUseCase {
  constructor(@Inject(RECORD_STORE) private readonly records: RecordStore) {}

  async execute({ caller, query }: ListFileAccessCommand): Promise<Page<FileAccessEntryView> | ExportPage> {
    if (!mayReadAccessLog(caller)) throw problems.forbidden('Only administrators read the file access log.');
    if (!this.records.model.db.db) throw new Error('the MongoDB connection has no database');
    return new FileAccessLog(this.records.model.db.db).list(query);
  }
}
