import type { FilePurpose as ContractFilePurpose, UploadedFileView } from '@cadre/contracts';

/** What a file is uploaded for: the thing that will reference it (the API's `purpose`). */
export type FilePurpose = ContractFilePurpose;

/** `POST /files?purpose=…` answers 201 with this (`type` is what the server sniffed). */
export type UploadedFile = UploadedFileView;

/**
 * A file as a record (bid, result…) shows it. Evidence filed before files were stored has no `fileId`: only the
 * name, type, size and fingerprint the cadre typed in (and where they said it was kept).
 */
export interface FileRef {
  fileId?: string | null;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  storageKey?: string;
}

export const fileRefOf = (uploaded: UploadedFile): FileRef => ({ fileId: uploaded.fileId, name: uploaded.name, mediaType: uploaded.type, size: uploaded.size, sha256: uploaded.sha256 });

/** The evidence of a record view read as FileRefs, whichever shape the contract has (with or without `fileId`). */
export function fileRefs(items: readonly object[] | undefined): FileRef[] {
  return (items ?? []).map((item) => {
    const value = item as Partial<Record<keyof FileRef, unknown>>;
    return {
      fileId: typeof value.fileId === 'string' && value.fileId ? value.fileId : null,
      name: String(value.name ?? ''),
      mediaType: String(value.mediaType ?? ''),
      size: Number(value.size ?? 0),
      sha256: String(value.sha256 ?? ''),
      ...(typeof value.storageKey === 'string' && value.storageKey ? { storageKey: value.storageKey } : {}),
    };
  });
}
