/** What the console checks about a file before sending it, and how it names one: pure, no I/O. */

/** The server's default limit per file (FILES_MAX_BYTES); it answers 413 above it. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export type FileKind = 'pdf' | 'image' | 'word' | 'excel' | 'powerpoint' | 'text' | 'zip' | 'other';

const BY_TYPE: Record<string, FileKind> = {
  'application/pdf': 'pdf',
  'image/png': 'image',
  'image/jpeg': 'image',
  'image/gif': 'image',
  'image/webp': 'image',
  'application/msword': 'word',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'word',
  'application/vnd.ms-excel': 'excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'excel',
  'application/vnd.ms-powerpoint': 'powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'powerpoint',
  'text/plain': 'text',
  'application/zip': 'zip',
  'application/x-zip-compressed': 'zip',
};

const BY_EXTENSION: Record<string, FileKind> = {
  pdf: 'pdf',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  gif: 'image',
  webp: 'image',
  doc: 'word',
  docx: 'word',
  xls: 'excel',
  xlsx: 'excel',
  ppt: 'powerpoint',
  pptx: 'powerpoint',
  txt: 'text',
  zip: 'zip',
};

/** The accept attribute of the file picker. */
export const ACCEPT = Object.keys(BY_EXTENSION)
  .map((extension) => `.${extension}`)
  .join(',');

const extensionOf = (name: string) => (/\.([a-z0-9]+)$/i.exec(name)?.[1] ?? '').toLowerCase();

/** The kind of a file by its media type, else (browsers often leave an Office file's type empty) its extension. */
export function fileKind(mediaType: string | undefined, name = ''): FileKind {
  const type = (mediaType ?? '').split(';')[0].trim().toLowerCase();
  return BY_TYPE[type] ?? BY_EXTENSION[extensionOf(name)] ?? 'other';
}

export type FileProblem = 'empty' | 'tooLarge' | 'badType';

/** Why a file would be refused (the server decides by content; this spares sending what it will refuse), or null. */
export function fileProblem(file: { name: string; type: string; size: number }, maxBytes = MAX_FILE_BYTES): FileProblem | null {
  if (fileKind(file.type, file.name) === 'other') return 'badType';
  if (file.size > maxBytes) return 'tooLarge';
  if (file.size === 0) return 'empty';
  return null;
}

/** Images and PDFs open in the browser; the rest is downloaded. */
export const previewable = (kind: FileKind) => kind === 'pdf' || kind === 'image';

/** A size as a person reads it: bytes, KB or MB (1 KB = 1024 bytes). */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${trim(bytes / 1024)} KB`;
  return `${trim(bytes / (1024 * 1024))} MB`;
}

const trim = (value: number) => (value >= 100 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, ''));

/** The start of a fingerprint, enough to tell two files apart at a glance. */
export const shortHash = (sha256: string) => (sha256.length > 12 ? `${sha256.slice(0, 12)}…` : sha256);
