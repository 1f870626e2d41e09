import { FILE_ID_PATTERN, type FileAttachment, type FilePurpose, type ProblemFieldError } from '@cadre/contracts';
import { DocumentLocks, ProblemException, problems } from '@cadre/platform';
import type { FileMetadata, FileStore } from './file-store';

/** A file as a record, bid, progress report or result keeps it: its facts copied from the bucket (the hash is the server's). */
export interface AttachedFile {
  fileId: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
}

/** What `attachmentProblem` reads of a stored file. */
export type AttachmentFacts = Pick<FileMetadata, 'uploaderId' | 'purpose' | 'status' | 'attachedTo'>;

const sameHolder = (a: FileAttachment | null | undefined, b: FileAttachment | undefined) => !!a && !!b && a.kind === b.kind && a.id === b.id;

/**
 * Why a file cannot be attached to `holder` (undefined while the holder is being created) by `uploaderId` for
 * `purpose`, or null when it can: the uploader's own pending file of that purpose, or one already on this holder.
 * Unknown files and other people's files get the same answer (no existence leaks).
 */
export function attachmentProblem(file: AttachmentFacts | null, purpose: FilePurpose, uploaderId: string, holder?: FileAttachment): string | null {
  if (!file || file.status === 'uploading' || file.uploaderId !== uploaderId) return 'is not a file you uploaded';
  if (file.purpose !== purpose) return `was uploaded for another purpose (upload it with purpose=${purpose})`;
  if (file.status === 'attached' && !sameHolder(file.attachedTo, holder)) return 'is attached elsewhere already';
  return null;
}

/** The `fileId` of each entry as sent (undefined where there is none). */
export function fileIdsOf(entries: unknown): (string | undefined)[] {
  if (!Array.isArray(entries)) return [];
  return entries.map((entry) => {
    const fileId = typeof entry === 'object' && entry !== null ? (entry as { fileId?: unknown }).fileId : undefined;
    return typeof fileId === 'string' ? fileId : undefined;
  });
}

/** What one attachment of files is: the field that lists them (`attachments`, `deliverables`), their purpose, the uploader. */
export interface AttachmentRequest {
  field: string;
  purpose: FilePurpose;
  uploaderId: string;
  /** A revision of the holder: files already attached to it stay (otherwise only pending files are taken). */
  revision?: boolean;
  /** What a file attached to something else is called (default: `is attached elsewhere already`). */
  attachedElsewhere?: string;
}

const problemFor = (request: AttachmentRequest, file: AttachmentFacts | null, holder: FileAttachment) => {
  const problem = attachmentProblem(file, request.purpose, request.uploaderId, request.revision ? holder : undefined);
  return problem === 'is attached elsewhere already' && request.attachedElsewhere ? request.attachedElsewhere : problem;
};

/**
 * Files attached by `fileId` in an owning service: checks what a request names, copies the files' facts, and marks
 * them attached (claim, before the holder's write; released again if that write fails) or pending again (release,
 * for files a revision dropped). Each file's metadata changes under its lock, which the cleanup takes too.
 */
export class FileAttachments {
  private readonly locks = new DocumentLocks();

  constructor(private readonly store: FileStore) {}

  locked<T>(fileId: string, work: () => Promise<T>): Promise<T> {
    return this.locks.run('files', fileId, work);
  }

  /** The problems of the files as sent (only well-formed ids are looked up; the schema names the rest). */
  async problems(request: AttachmentRequest, entries: unknown, holder?: FileAttachment): Promise<ProblemFieldError[]> {
    const ids = fileIdsOf(entries);
    const found = await Promise.all(
      ids.map(async (fileId, index): Promise<ProblemFieldError | null> => {
        if (!fileId || !FILE_ID_PATTERN.test(fileId)) return null;
        const path = `${request.field}.${index}.fileId`;
        if (ids.indexOf(fileId) !== index) return { path, message: 'is listed twice' };
        const problem = attachmentProblem((await this.store.find(fileId))?.metadata ?? null, request.purpose, request.uploaderId, request.revision ? holder : undefined);
        return problem ? { path, message: problem } : null;
      }),
    );
    return found.filter((e): e is ProblemFieldError => e !== null);
  }

  /** Joins `found` file problems into the 400 `parsing` throws (one 400 naming every field), or throws them alone. */
  async withProblems<T>(parsing: () => T | Promise<T>, found: ProblemFieldError[]): Promise<T> {
    let parsed: T;
    try {
      parsed = await parsing();
    } catch (error) {
      if (error instanceof ProblemException && error.problem.status === 400 && found.length) throw problems.invalid([...(error.problem.errors ?? []), ...found]);
      throw error;
    }
    if (found.length) throw problems.invalid(found);
    return parsed;
  }

  /** The stored facts of these files (checked before). */
  async facts(request: AttachmentRequest, fileIds: string[]): Promise<AttachedFile[]> {
    const files = await Promise.all(fileIds.map((fileId) => this.store.find(fileId)));
    return files.map((file, index) => {
      if (!file) throw problems.invalid([{ path: `${request.field}.${index}.fileId`, message: 'is not a file you uploaded' }]);
      return { fileId: file.fileId, name: file.name, mediaType: file.mediaType, size: file.size, sha256: file.sha256 };
    });
  }

  /**
   * Marks the files attached to `holder`, checking each again under its lock (one claimed meanwhile: 400, none
   * kept); answers the files it newly claimed, to release if the holder's write fails.
   */
  async claim(request: AttachmentRequest, holder: FileAttachment, fileIds: string[]): Promise<string[]> {
    const claimed: string[] = [];
    const errors: ProblemFieldError[] = [];
    for (const [index, fileId] of fileIds.entries()) {
      await this.locked(fileId, async () => {
        const file = await this.store.find(fileId);
        const problem = problemFor(request, file?.metadata ?? null, holder);
        if (!file || problem) return void errors.push({ path: `${request.field}.${index}.fileId`, message: problem ?? 'is not a file you uploaded' });
        if (file.metadata.status === 'attached') return;
        await this.store.setMetadata(fileId, { ...file.metadata, status: 'attached', attachedTo: holder });
        claimed.push(fileId);
      });
    }
    if (errors.length) {
      await this.release(holder, claimed);
      throw problems.invalid(errors);
    }
    return claimed;
  }

  /** Files `holder` no longer lists become pending again (the cleanup removes them after the pending age). */
  async release(holder: FileAttachment, fileIds: string[]): Promise<void> {
    for (const fileId of fileIds) {
      await this.locked(fileId, async () => {
        const file = await this.store.find(fileId);
        if (!file || file.metadata.status !== 'attached' || !sameHolder(file.metadata.attachedTo, holder)) return;
        await this.store.setMetadata(fileId, { ...file.metadata, status: 'pending', attachedTo: null, pendingSince: new Date() });
      });
    }
  }

  /**
   * Claims `fileIds` for `holder`, runs `write`, then releases `dropped`; a failed write releases what it claimed.
   */
  async attachAround<T>(request: AttachmentRequest, holder: FileAttachment, fileIds: string[], dropped: () => string[], write: () => Promise<T>): Promise<T> {
    const claimed = await this.claim(request, holder, fileIds);
    let written: T;
    try {
      written = await write();
    } catch (error) {
      await this.release(holder, claimed);
      throw error;
    }
    await this.release(holder, dropped());
    return written;
  }
}
