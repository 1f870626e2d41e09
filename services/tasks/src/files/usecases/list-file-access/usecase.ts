import { Inject, Injectable } from '@nestjs/common';
import type { ExportPage, FileAccessEntryView, Page } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { FileAccessLog } from '@cadre/files';
import { mayReadAccessLog } from '../../domain/file-access';
import type { ListFileAccessCommand } from '@cadre/files';

/** The tasks files' access log (admins): who downloaded which bid, progress or result file, newest first. */
@Injectable()
export class ListTaskFileAccessUseCase {
  constructor(@Inject(FileAccessLog) private readonly log: FileAccessLog) {}

  execute({ caller, query }: ListFileAccessCommand): Promise<Page<FileAccessEntryView> | ExportPage> {
    if (!mayReadAccessLog(caller)) throw problems.forbidden('Only administrators read the file access log.');
    return this.log.list(query);
  }
}
