import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ownerOfFileId, type FileAuthorizeReply } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { accessEntryOf, fileView, type FileStore } from '@cadre/files';
import { RECORD_STORE, type RecordStore } from '../../../records/record-store';
import type { RecordDocument } from '../../../records/record.schema';
import { FILE_STORE } from '../../file-store.provider';
import { FILE_ACCESS_LOG, type FileAccessEntry } from '../../file-access-log';
import { isLoggedAccess, mayReadFile } from '../../domain/file-access';
import type { AuthorizeFileCommand } from './command';

/**
 * Whether the caller may read a file (the gateway asks before it streams any byte, and for `/meta`): the file's
 * metadata when they may, 404 otherwise. A download of evidence by someone other than its uploader is logged here.
 */
@Injectable()
export class AuthorizeFileUseCase implements OnModuleInit {
  constructor(
    @Inject(FILE_STORE) private readonly files: FileStore,
    @Inject(RECORD_STORE) private readonly records: RecordStore,
  ) {}

  async onModuleInit() {
    const log = this.records.model.db.collection<FileAccessEntry>(FILE_ACCESS_LOG);
    await log.createIndex({ at: -1 });
    await log.createIndex({ userId: 1, at: -1 });
  }

  async execute({ caller, fileId, download }: AuthorizeFileCommand): Promise<FileAuthorizeReply> {
    if (ownerOfFileId(fileId) !== 'records') throw problems.notFound('No such file.');
    const file = await this.files.find(fileId);
    const attachedTo = file?.metadata.attachedTo;
    const record = attachedTo?.kind === 'record' ? await this.records.model.findById(attachedTo.id).lean<RecordDocument>() : null;
    if (!file || !mayReadFile(caller, fileId, file.metadata, record)) throw problems.notFound('No such file.');
    if (attachedTo && record && isLoggedAccess(caller, file.metadata, download)) {
      await this.records.model.db.collection<FileAccessEntry>(FILE_ACCESS_LOG).insertOne({ _id: randomUUID(), at: new Date(), ...accessEntryOf(caller, file, attachedTo, record.title) });
    }
    return fileView(file);
  }
}
