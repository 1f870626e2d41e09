import type { Provider } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@cadre/messaging';
import { FileAccessLog, FileAttachments, FileStore, PendingFilesCleanup, type PendingFilesCleanupOptions } from '@cadre/files';

/**
 * The tasks service's files (bid attachments, progress attachments, result deliverables): the GridFS bucket
 * `files` in its own database (the gateway writes uploads there too), their attachment, and their access log.
 */
export const TASK_FILE_STORE = Symbol('TASK_FILE_STORE');
export const TASK_FILES_CLEANUP_OPTIONS = Symbol('TASK_FILES_CLEANUP_OPTIONS');
export type TaskFilesCleanupOptions = Omit<PendingFilesCleanupOptions, 'lock'>;

const dbOf = (connection: Connection) => {
  if (!connection.db) throw new Error('the MongoDB connection has no database');
  return connection.db;
};

export const taskFileProviders: Provider[] = [
  { provide: TASK_FILE_STORE, inject: [MONGO], useFactory: (connection: Connection) => new FileStore(dbOf(connection), 'tasks') },
  { provide: FileAttachments, inject: [TASK_FILE_STORE], useFactory: (store: FileStore) => new FileAttachments(store) },
  { provide: FileAccessLog, inject: [MONGO], useFactory: (connection: Connection) => new FileAccessLog(dbOf(connection)) },
  // The pending-files cleanup, started and stopped with the service, its removals under the attachments' locks.
  {
    provide: PendingFilesCleanup,
    inject: [TASK_FILE_STORE, FileAttachments, TASK_FILES_CLEANUP_OPTIONS],
    useFactory: (store: FileStore, attachments: FileAttachments, options: TaskFilesCleanupOptions) =>
      new PendingFilesCleanup(store, { ...options, lock: (fileId, work) => attachments.locked(fileId, work) }),
  },
];
