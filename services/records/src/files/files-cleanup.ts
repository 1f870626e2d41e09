import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { PendingFilesCleanup, type FileStore } from '@cadre/files';
import { FILE_STORE } from './file-store.provider';
import { EvidenceFiles } from './evidence-files';

export const FILES_CLEANUP_OPTIONS = Symbol('FILES_CLEANUP_OPTIONS');
export interface FilesCleanupOptions {
  redisUrl: string;
  prefix: string;
  everyMs: number;
  maxAgeMs: number;
  logger: Logger;
}

/** The records service's run of the pending-files cleanup (`@cadre/files`), under the evidence files' locks. */
@Injectable()
export class FilesCleanup implements OnApplicationBootstrap, OnModuleDestroy {
  readonly cleanup: PendingFilesCleanup;

  constructor(
    @Inject(FILE_STORE) store: FileStore,
    @Inject(EvidenceFiles) evidence: EvidenceFiles,
    @Inject(FILES_CLEANUP_OPTIONS) options: FilesCleanupOptions,
  ) {
    this.cleanup = new PendingFilesCleanup(store, { ...options, lock: (fileId, work) => evidence.locked(fileId, work) });
  }

  onApplicationBootstrap() {
    return this.cleanup.start();
  }

  onModuleDestroy() {
    return this.cleanup.stop();
  }
}
