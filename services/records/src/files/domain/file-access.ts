import type { Caller, FileAttachment } from '@cadre/contracts';
import { canSee, type RecordAccessFacts } from '../../records/domain/access';

/** What the file rules read of a stored file. */
export interface FileFacts {
  uploaderId: string;
  purpose: string;
  status: 'uploading' | 'pending' | 'attached';
  attachedTo: FileAttachment | null;
}

/** What they read of the record a file is attached to. */
export interface EvidenceHolderFacts extends RecordAccessFacts {
  status: string;
  evidence: { fileId?: string }[];
}

/**
 * Reading a file (download or metadata): a pending file only by its uploader; a record's evidence by whoever may
 * see the record (docs/API.md), while the record still lists it. Everyone else is answered 404, never 403.
 */
export function mayReadFile(caller: Caller, fileId: string, file: FileFacts | null, record: EvidenceHolderFacts | null): boolean {
  if (!file || file.status === 'uploading') return false;
  if (file.status === 'pending') return file.uploaderId === caller.userId;
  if (file.attachedTo?.kind !== 'record' || !record || record.status === 'deleted') return false;
  return record.evidence.some((e) => e.fileId === fileId) && canSee(caller, record);
}

/** A download of attached evidence by someone other than its uploader goes into the access log. */
export function isLoggedAccess(caller: Caller, file: FileFacts, download: boolean): boolean {
  return download && file.status === 'attached' && file.uploaderId !== caller.userId;
}

/**
 * Why a file cannot become evidence of record `recordId` (undefined while the record is being filed) filed by
 * `filerId`, or null when it can. Unknown files and other people's files get the same answer (no existence leaks).
 */
export function evidenceFileProblem(file: FileFacts | null, filerId: string, recordId?: string): string | null {
  if (!file || file.status === 'uploading' || file.uploaderId !== filerId) return 'is not a file you uploaded';
  if (file.purpose !== 'record') return 'was uploaded for another purpose (upload it with purpose=record)';
  if (file.status === 'attached' && !(file.attachedTo?.kind === 'record' && file.attachedTo.id === recordId)) return 'is already evidence of another record';
  return null;
}

/** The access log is for administrators. */
export function mayReadAccessLog(caller: Caller): boolean {
  return caller.roles.includes('admin');
}
