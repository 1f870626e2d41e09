import { api } from '../../api/client';
import type { FileRef } from './types';

/** A stored file in the browser's memory: `url` is an object URL, good until `revoke()`. */
export interface LoadedFile {
  url: string;
  revoke(): void;
}

/**
 * Fetches a stored file with the session's token and gives it an object URL typed as the server sniffed it
 * (an <iframe> shows a PDF only when the blob says application/pdf).
 */
export async function loadFile(file: FileRef & { fileId: string }): Promise<LoadedFile> {
  const bytes = await api.blob(`/files/${encodeURIComponent(file.fileId)}`);
  const blob = file.mediaType && bytes.type !== file.mediaType ? new Blob([bytes], { type: file.mediaType }) : bytes;
  const url = URL.createObjectURL(blob);
  return { url, revoke: () => URL.revokeObjectURL(url) };
}

/** Saves a stored file under its name. */
export async function downloadFile(file: FileRef & { fileId: string }): Promise<void> {
  const loaded = await loadFile(file);
  const link = document.createElement('a');
  link.href = loaded.url;
  link.download = file.name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Some browsers read the URL after click() returns: let it live a moment.
  setTimeout(loaded.revoke, 30_000);
}
