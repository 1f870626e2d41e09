import type { FileAttachment } from '@cadre/contracts';

/**
 * One download of evidence by someone other than its uploader (`file_access_log`, in the records database): an
 * immutable insert keyed by a fresh id, with the names as they were at the time, so the audit reads without lookups.
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
