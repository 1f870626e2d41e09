import { Inject, Injectable } from '@nestjs/common';
import { FILE_ID_PATTERN, type ProblemFieldError } from '@cadre/contracts';
import { ProblemException, problems } from '@cadre/platform';
import { FileAttachments, type AttachmentRequest, type FileStore } from '@cadre/files';
import { FILE_STORE } from './file-store.provider';
import { evidenceFileProblem } from './domain/file-access';

/** A record's piece of evidence as stored: the file's facts copied from the bucket (the hash is the server's). */
export interface StoredEvidence {
  fileId: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
}

const fileIdsOf = (entries: unknown): (string | undefined)[] =>
  Array.isArray(entries) ? entries.map((e) => (typeof e === 'object' && e !== null && typeof (e as { fileId?: unknown }).fileId === 'string' ? (e as { fileId: string }).fileId : undefined)) : [];

/**
 * Evidence by `fileId`: checks what a record names (the filer's own pending file of purpose `record`, or one
 * already on this record), copies the file's facts into the record, and marks the files attached or pending again.
 * A file is claimed before the record's write and released if the write fails, so a record never lists a file the
 * cleanup could remove; each file's metadata changes under its lock.
 */
@Injectable()
export class EvidenceFiles {
  private readonly attachments: FileAttachments;

  constructor(@Inject(FILE_STORE) private readonly files: FileStore) {
    this.attachments = new FileAttachments(files);
  }

  /** Runs `work` while no attachment or release of `fileId` runs in this process (the cleanup's removals take it). */
  locked<T>(fileId: string, work: () => Promise<T>): Promise<T> {
    return this.attachments.locked(fileId, work);
  }

  /** The problems of the evidence as sent (only well-formed file ids are looked up; the schema names the rest). */
  async problems(filerId: string, entries: unknown, recordId?: string): Promise<ProblemFieldError[]> {
    const ids = fileIdsOf(entries);
    const errors = await Promise.all(
      ids.map(async (fileId, index): Promise<ProblemFieldError | null> => {
        if (!fileId || !FILE_ID_PATTERN.test(fileId)) return null;
        if (ids.indexOf(fileId) !== index) return { path: `evidence.${index}.fileId`, message: 'is listed twice' };
        const file = await this.files.find(fileId);
        const problem = evidenceFileProblem(file?.metadata ?? null, filerId, recordId);
        return problem ? { path: `evidence.${index}.fileId`, message: problem } : null;
      }),
    );
    return errors.filter((e): e is ProblemFieldError => e !== null);
  }

  /** `parsing` (the schema and data rules' 400, or the input) with the evidence problems joined in one 400. */
  async parsedWith<T>(parsing: Promise<T>, evidenceErrors: ProblemFieldError[]): Promise<T> {
    let input: T;
    try {
      input = await parsing;
    } catch (error) {
      if (error instanceof ProblemException && error.problem.status === 400 && evidenceErrors.length) {
        throw problems.invalid([...(error.problem.errors ?? []), ...evidenceErrors]);
      }
      throw error;
    }
    if (evidenceErrors.length) throw problems.invalid(evidenceErrors);
    return input;
  }

  /** The stored evidence of these files (checked before). */
  async resolve(fileIds: string[]): Promise<StoredEvidence[]> {
    const found = await Promise.all(fileIds.map((id) => this.files.find(id)));
    return found.map((file, index) => {
      if (!file) throw problems.invalid([{ path: `evidence.${index}.fileId`, message: 'is not a file you uploaded' }]);
      return { fileId: file.fileId, name: file.name, mediaType: file.mediaType, size: file.size, sha256: file.sha256 };
    });
  }

  /**
   * Marks the files evidence of `recordId`, checking each again under its lock (a file claimed meanwhile: 400, none
   * kept); answers the files it newly claimed (to release if the record's write fails).
   */
  claim(recordId: string, filerId: string, fileIds: string[]): Promise<string[]> {
    const request: AttachmentRequest = { field: 'evidence', purpose: 'record', uploaderId: filerId, revision: true, attachedElsewhere: 'is already evidence of another record' };
    return this.attachments.claim(request, { kind: 'record', id: recordId }, fileIds);
  }

  /** Files `recordId` no longer lists become pending again (the cleanup removes them after the pending age). */
  release(recordId: string, fileIds: string[]): Promise<void> {
    return this.attachments.release({ kind: 'record', id: recordId }, fileIds);
  }
}
