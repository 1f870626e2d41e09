import { ApiError, authHeaders, failure, tokenStore } from '../../api/client';
import type { FilePurpose, UploadedFile } from './types';

/** Thrown by an upload the user cancelled: not a failure to report. */
export class UploadCancelled extends Error {
  constructor() {
    super('upload cancelled');
  }
}

export interface Upload {
  done: Promise<UploadedFile>;
  abort(): void;
}

/**
 * Sends `file` to `POST /api/v1/files?purpose=…` (multipart, one part `file`) with the session's token.
 * XMLHttpRequest rather than fetch: only it reports upload progress (`onProgress` gets whole percents).
 */
export function uploadFile(file: File, purpose: FilePurpose, onProgress: (percent: number) => void): Upload {
  const xhr = new XMLHttpRequest();
  const token = tokenStore.get();
  const done = new Promise<UploadedFile>((resolve, reject) => {
    xhr.open('POST', `/api/v1/files?purpose=${encodeURIComponent(purpose)}`);
    xhr.setRequestHeader('accept', 'application/json');
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(Math.min(100, Math.floor((event.loaded / event.total) * 100)));
    };
    xhr.onload = () => {
      let parsed: unknown;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        parsed = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && parsed && typeof parsed === 'object' && 'fileId' in parsed) {
        onProgress(100);
        resolve(parsed as UploadedFile);
      } else reject(failure(xhr.status, xhr.statusText, parsed, xhr.getResponseHeader('x-trace-id'), token));
    };
    xhr.onerror = () => reject(new ApiError({ type: 'about:blank', title: 'Network error', status: 0, detail: 'The server could not be reached.' }));
    xhr.onabort = () => reject(new UploadCancelled());
    const body = new FormData();
    body.append('file', file, file.name);
    xhr.send(body);
  });
  return { done, abort: () => xhr.abort() };
}
