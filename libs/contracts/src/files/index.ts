import { z } from 'zod';
import { listFormat } from '../export';
import { dateTimeView, intView, pageSchema } from '../view-schema';

/**
 * Evidence files (issue #19). The bytes live in the owning service's GridFS bucket and never cross NATS; these
 * are the shapes of what does: the upload's answer, a file's metadata, the access decision and the access log.
 */

/** What a file is uploaded for; the purpose chooses the service that owns (stores and guards) it. */
export const FILE_PURPOSES = ['record', 'bid', 'progress', 'result'] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];

/** The owning service of each purpose, and the prefix its file ids carry (so the gateway knows whom to ask). */
export const FILE_OWNER_OF_PURPOSE = { record: 'records', bid: 'tasks', progress: 'tasks', result: 'tasks' } as const satisfies Record<FilePurpose, string>;
export type FileOwner = (typeof FILE_OWNER_OF_PURPOSE)[FilePurpose];
export const FILE_ID_PREFIX = { records: 'rec', tasks: 'tsk' } as const satisfies Record<FileOwner, string>;

/** `rec_<uuid>` (records) or `tsk_<uuid>` (tasks). */
export const FILE_ID_PATTERN = /^(rec|tsk)_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const fileIdSchema = z.string().regex(FILE_ID_PATTERN, 'must be the fileId of an uploaded file');

export function ownerOfFileId(fileId: string): FileOwner | null {
  if (!FILE_ID_PATTERN.test(fileId)) return null;
  return fileId.startsWith('rec_') ? 'records' : 'tasks';
}

export const FILE_STATUSES = ['pending', 'attached'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

/** `POST /files`: the stored file (its type sniffed from its bytes, its hash computed by the server). */
export const uploadedFileViewSchema = z.strictObject({
  fileId: z.string(),
  name: z.string(),
  /** The sniffed media type, never the client's claim. */
  type: z.string(),
  size: intView,
  /** SHA-256 of the bytes, lower-case hex; also the download's ETag. */
  sha256: z.string(),
  purpose: z.enum(FILE_PURPOSES),
  status: z.enum(FILE_STATUSES),
  uploadedAt: dateTimeView,
});
export type UploadedFileView = z.infer<typeof uploadedFileViewSchema>;

export const fileAttachmentSchema = z.strictObject({ kind: z.enum(['record', 'bid', 'progress', 'result']), id: z.string() });
export type FileAttachment = z.infer<typeof fileAttachmentSchema>;

/** `GET /files/:fileId/meta`. */
export const fileMetaViewSchema = uploadedFileViewSchema.extend({ attachedTo: fileAttachmentSchema.nullable() });
export type FileMetaView = z.infer<typeof fileMetaViewSchema>;

/** `<owner>.files.authorize`: may the caller read this file? `download` writes the access-log entry when one is due. */
export const fileAuthorizeInput = z.strictObject({ fileId: z.string(), download: z.boolean().default(false) });
export type FileAuthorizeInput = z.infer<typeof fileAuthorizeInput>;
/** The answer when the caller may (otherwise a 404 problem, so existence does not leak). */
export type FileAuthorizeReply = FileMetaView;

/** `GET /audit/file-access`: downloads of evidence by someone other than its uploader (admins). */
export const fileAccessQuery = z.strictObject({
  from: z.iso.date('must be a date (YYYY-MM-DD)').optional(),
  to: z.iso.date('must be a date (YYYY-MM-DD)').optional(),
  userId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, 'must be at most 100').default(20),
  format: listFormat,
});
export type FileAccessQuery = z.infer<typeof fileAccessQuery>;

export const fileAccessEntryViewSchema = z.strictObject({
  id: z.string(),
  at: dateTimeView,
  userId: z.string(),
  userName: z.string(),
  fileId: z.string(),
  fileName: z.string(),
  uploaderId: z.string(),
  uploaderName: z.string(),
  attachedTo: fileAttachmentSchema,
  /** The record's (or task's) title, as people read it. */
  title: z.string(),
});
export type FileAccessEntryView = z.infer<typeof fileAccessEntryViewSchema>;
export const fileAccessPageViewSchema = pageSchema(fileAccessEntryViewSchema);

/** The request-reply subject that decides access to a file of each owner (the tasks service answers its own later). */
export const FILE_AUTHORIZE_RPC = { records: 'rpc.records.file.authorize', tasks: 'rpc.tasks.file.authorize' } as const satisfies Record<FileOwner, string>;

/** An uploaded file named in a request (a bid's, a progress report's attachments, a result's deliverables): the server fills in the rest. */
export const fileRefInput = z.strictObject({ fileId: fileIdSchema });
/** At most this many attachments on one bid or progress report. */
export const MAX_ATTACHMENTS = 10;

/** A file as what it is attached to shows it (its facts from the bucket; download at `GET /files/:fileId`). */
export const attachedFileViewSchema = z.strictObject({ fileId: z.string(), name: z.string(), mediaType: z.string(), size: intView, sha256: z.string() });
export type AttachedFileView = z.infer<typeof attachedFileViewSchema>;
