import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mongo } from 'mongoose';
import { FILE_ID_PREFIX, type FileAttachment, type FileMetaView, type FileOwner, type FilePurpose, type UploadedFileView } from '@cadre/contracts';
import { SNIFF_BYTES, sniffMediaType } from './sniff';
import type { ByteRange } from './range';
import { FileTooLargeError, HashingCounter, UnsupportedMediaTypeError } from './limits';

/** The bucket of every owning service, in that service's own database (`files.files`, `files.chunks`). */
export const FILES_BUCKET = 'files';

/** Metadata of a stored file, on its GridFS files document. */
export interface FileMetadata {
  purpose: FilePurpose;
  uploaderId: string;
  uploaderName: string;
  /** Sniffed from the bytes. */
  mediaType: string;
  /** Set once every byte is written; null while uploading. */
  sha256: string | null;
  /** `uploading` until the last byte (never readable), then `pending` until something references it. */
  status: 'uploading' | 'pending' | 'attached';
  attachedTo: FileAttachment | null;
  /** Since when nothing references it (its upload, or its release by an edit): the cleanup's clock. */
  pendingSince: Date;
}

/** A GridFS files document as the driver writes it, with our metadata. */
export interface StoredFileDocument {
  _id: string;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
  metadata: FileMetadata;
}

export interface StoredFile {
  fileId: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedAt: Date;
  metadata: FileMetadata;
}

export interface UploadInput {
  name: string;
  purpose: FilePurpose;
  uploader: { userId: string; name: string };
  maxBytes: number;
}

export function newFileId(owner: FileOwner): string {
  return `${FILE_ID_PREFIX[owner]}_${randomUUID()}`;
}

/** The file as the API shows it. */
export function fileView(file: StoredFile): FileMetaView {
  return {
    fileId: file.fileId,
    name: file.name,
    type: file.mediaType,
    size: file.size,
    sha256: file.sha256,
    purpose: file.metadata.purpose,
    status: file.metadata.status === 'attached' ? 'attached' : 'pending',
    uploadedAt: file.uploadedAt.toISOString(),
    attachedTo: file.metadata.attachedTo,
  };
}

export function uploadedView(file: StoredFile): UploadedFileView {
  const { fileId, name, type, size, sha256, purpose, status, uploadedAt } = fileView(file);
  return { fileId, name, type, size, sha256, purpose, status, uploadedAt };
}

function storedFile(doc: StoredFileDocument): StoredFile {
  return { fileId: doc._id, name: doc.filename, mediaType: doc.metadata.mediaType, size: doc.length, sha256: doc.metadata.sha256 ?? '', uploadedAt: doc.uploadDate, metadata: doc.metadata };
}

/**
 * The files of one owning service in its GridFS bucket. The gateway writes uploads and reads downloads through
 * it (the bytes never cross NATS); the owning service alone decides who may read, attaches, and removes.
 * Metadata is replaced whole (`$set: { metadata }`), never by dotted path, and changed under the caller's lock.
 */
export class FileStore {
  readonly bucket: mongo.GridFSBucket;
  readonly files: mongo.Collection<StoredFileDocument>;
  private readonly chunks: mongo.Collection<{ files_id: string }>;
  /** Uploads under way (GridFS writes the files document only after the last chunk): what a crash would leave. */
  private readonly uploads: mongo.Collection<{ _id: string; startedAt: Date }>;

  constructor(
    db: mongo.Db,
    readonly owner: FileOwner,
    bucketName = FILES_BUCKET,
  ) {
    this.bucket = new mongo.GridFSBucket(db, { bucketName });
    this.files = db.collection<StoredFileDocument>(`${bucketName}.files`);
    this.chunks = db.collection<{ files_id: string }>(`${bucketName}.chunks`);
    this.uploads = db.collection<{ _id: string; startedAt: Date }>(`${bucketName}.uploads`);
  }

  /**
   * Streams `source` into the bucket: sniffs the type from the first bytes (415 before anything is written),
   * hashes and counts while writing, and stops at `maxBytes` (413, what was written removed). Never buffers
   * more than the sniffing head.
   */
  async upload(source: AsyncIterable<Buffer>, input: UploadInput): Promise<StoredFile> {
    const iterator = source[Symbol.asyncIterator]();
    try {
      return await this.write(iterator, input);
    } catch (error) {
      // The rest of a refused upload is read into nothing (a multipart parser stops at its own size limit), so the
      // client, still sending, gets the answer instead of a reset.
      for (;;) {
        const next = await iterator.next().catch(() => ({ done: true as const, value: undefined }));
        if (next.done) break;
      }
      throw error;
    }
  }

  private async write(iterator: AsyncIterator<Buffer>, input: UploadInput): Promise<StoredFile> {
    const parts: Buffer[] = [];
    let headBytes = 0;
    let ended = false;
    while (headBytes < SNIFF_BYTES) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        break;
      }
      parts.push(next.value);
      headBytes += next.value.length;
      if (headBytes > input.maxBytes) throw new FileTooLargeError(input.maxBytes);
    }
    const head = Buffer.concat(parts);
    const mediaType = sniffMediaType(head.subarray(0, SNIFF_BYTES), input.name);
    if (!mediaType) throw new UnsupportedMediaTypeError();

    const fileId = newFileId(this.owner);
    const metadata: FileMetadata = {
      purpose: input.purpose,
      uploaderId: input.uploader.userId,
      uploaderName: input.uploader.name,
      mediaType,
      sha256: null,
      status: 'uploading',
      attachedTo: null,
      pendingSince: new Date(),
    };
    const counter = new HashingCounter(input.maxBytes);
    const counted = async function* () {
      const take = (chunk: Buffer) => counter.take(chunk);
      yield take(head);
      while (!ended) {
        const next = await iterator.next();
        if (next.done) break;
        yield take(next.value);
      }
    };
    await this.uploads.insertOne({ _id: fileId, startedAt: new Date() });
    const upload = this.bucket.openUploadStreamWithId(fileId as never, input.name, { metadata: metadata as never });
    try {
      await pipeline(Readable.from(counted()), upload);
    } catch (error) {
      await this.remove(fileId);
      throw error;
    }
    const done: FileMetadata = { ...metadata, sha256: counter.sha256(), status: 'pending', pendingSince: new Date() };
    await this.files.updateOne({ _id: fileId }, { $set: { metadata: done } });
    await this.uploads.deleteOne({ _id: fileId });
    const stored = await this.find(fileId);
    if (!stored) throw new Error(`file ${fileId} vanished after its upload`);
    return stored;
  }

  /** A completely uploaded file, or null. */
  async find(fileId: string): Promise<StoredFile | null> {
    const doc = await this.files.findOne({ _id: fileId });
    if (!doc || !doc.metadata || doc.metadata.status === 'uploading' || !doc.metadata.sha256) return null;
    return storedFile(doc);
  }

  /** The bytes of a file, or of `range` of it (ends included). */
  open(fileId: string, range?: ByteRange): Readable {
    return this.bucket.openDownloadStream(fileId as never, range ? { start: range.start, end: range.end + 1 } : {});
  }

  /** Replaces a file's metadata (call under the file's lock). */
  async setMetadata(fileId: string, metadata: FileMetadata): Promise<void> {
    await this.files.updateOne({ _id: fileId }, { $set: { metadata } });
  }

  /** Files nothing has referenced since before `cutoff` (including uploads that never finished), oldest first. */
  async unreferencedSince(cutoff: Date, limit = 500): Promise<StoredFileDocument[]> {
    return this.files
      .find({ 'metadata.status': { $in: ['pending', 'uploading'] }, 'metadata.pendingSince': { $lt: cutoff } })
      .sort({ 'metadata.pendingSince': 1 })
      .limit(limit)
      .toArray();
  }

  /** Removes a file that is still unreferenced since before `cutoff` (answers whether it did), then its chunks. */
  async removeIfUnreferenced(fileId: string, cutoff: Date): Promise<boolean> {
    const { deletedCount } = await this.files.deleteOne({ _id: fileId, 'metadata.status': { $in: ['pending', 'uploading'] }, 'metadata.pendingSince': { $lt: cutoff } });
    if (deletedCount === 0) return false;
    await this.chunks.deleteMany({ files_id: fileId });
    return true;
  }

  /** Uploads begun before `cutoff` and never finished (their writer died): ids whose chunks may be left. */
  async abandonedUploads(cutoff: Date, limit = 500): Promise<string[]> {
    const found = await this.uploads.find({ startedAt: { $lt: cutoff } }).limit(limit).toArray();
    return found.map((u) => u._id);
  }

  /** Drops the under-way marker of an upload that did finish. */
  async forgetUpload(fileId: string): Promise<void> {
    await this.uploads.deleteOne({ _id: fileId });
  }

  /** Removes a file and its chunks (what there is of them). */
  async remove(fileId: string): Promise<void> {
    await this.chunks.deleteMany({ files_id: fileId });
    await this.files.deleteOne({ _id: fileId });
    await this.uploads.deleteOne({ _id: fileId });
  }
}
