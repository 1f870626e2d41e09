import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Model } from 'mongoose';
import { ownerOfFileId, type FileAuthorizeReply } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { FileAccessLog, accessEntryOf, fileView, isLoggedDownload, type FileStore } from '@cadre/files';
import { TASK_MODEL, type TaskDocument } from '../../../tasks/task.schema';
import { TASK_FILE_STORE } from '../../task-files';
import { mayReadTaskFile, taskIdOfHolder } from '../../domain/file-access';
import type { AuthorizeFileCommand } from '@cadre/files';

const KIND_TITLE = { bid: '揭榜方案', progress: '进展报告', result: '成果', record: '' } as const;

/**
 * Whether the caller may read a tasks file (the gateway asks before it streams any byte, and for `/meta`): the
 * file's metadata when they may, 404 otherwise. A download by someone other than its uploader is logged here.
 */
@Injectable()
export class AuthorizeTaskFileUseCase implements OnModuleInit {
  constructor(
    @Inject(TASK_FILE_STORE) private readonly files: FileStore,
    @Inject(TASK_MODEL) private readonly tasks: Model<TaskDocument>,
    @Inject(FileAccessLog) private readonly log: FileAccessLog,
  ) {}

  onModuleInit() {
    return this.log.ensureIndexes();
  }

  async execute({ caller, fileId, download }: AuthorizeFileCommand): Promise<FileAuthorizeReply> {
    if (ownerOfFileId(fileId) !== 'tasks') throw problems.notFound('No such file.');
    const file = await this.files.find(fileId);
    const holder = file?.metadata.attachedTo;
    const task = holder ? await this.tasks.findById(taskIdOfHolder(holder)).lean<TaskDocument>() : null;
    if (!file || !mayReadTaskFile(caller, fileId, file.metadata, task)) throw problems.notFound('No such file.');
    if (holder && task && isLoggedDownload(caller.userId, file.metadata, download)) {
      const team = task.bids.find((b) => b.id === holder.id)?.teamName;
      await this.log.write(accessEntryOf(caller, file, holder, `${task.title}（${team ? `${team}·` : ''}${KIND_TITLE[holder.kind]}）`));
    }
    return fileView(file);
  }
}
