import type { Provider } from '@nestjs/common';
import { PendingFilesCleanup, type FileStore, type PendingFilesCleanupOptions } from '@cadre/files';
import { FILE_STORE } from './file-store.provider';
import { EvidenceFiles } from './evidence-files';

export const FILES_CLEANUP_OPTIONS = Symbol('FILES_CLEANUP_OPTIONS');
export type FilesCleanupOptions = Omit<PendingFilesCleanupOptions, 'lock'>;

/** The pending-files cleanup (`@cadre/files`), started and stopped with the service, its removals under the evidence files' locks. */
export const filesCleanupProvider: Provider = {
  provide: PendingFilesCleanup,
  inject: [FILE_STORE, EvidenceFiles, FILES_CLEANUP_OPTIONS],
  useFactory: (store: FileStore, evidence: EvidenceFiles, options: FilesCleanupOptions) =>
    new PendingFilesCleanup(store, { ...options, lock: (fileId, work) => evidence.locked(fileId, work) }),
};
