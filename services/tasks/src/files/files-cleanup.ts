import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { FileAttachments, PendingFilesCleanup, type FileStore } from '@cadre/files';
import { TASK_FILE_STORE } from './task-files';

export const TASK_FILES_CLEANUP_OPTIONS = Symbol('TASK_FILES_CLEANUP_OPTIONS');
export interface TaskFilesCleanupOptions {
  redisUrl: string;
  prefix: string;
  everyMs: number;
  maxAgeMs: number;
  logger: Logger;
}

/** The tasks service's run of the pending-files cleanup (`@cadre/files`), under the attachments' locks. */
@Injectable()
export class TaskFilesCleanup implements OnApplicationBootstrap, OnModuleDestroy {
  readonly cleanup: PendingFilesCleanup;

  constructor(
    @Inject(TASK_FILE_STORE) store: FileStore,
    @Inject(FileAttachments) attachments: FileAttachments,
    @Inject(TASK_FILES_CLEANUP_OPTIONS) options: TaskFilesCleanupOptions,
  ) {
    this.cleanup = new PendingFilesCleanup(store, { ...options, lock: (fileId, work) => attachments.locked(fileId, work) });
  }

  onApplicationBootstrap() {
    return this.cleanup.start();
  }

  onModuleDestroy() {
    return this.cleanup.stop();
  }
}
