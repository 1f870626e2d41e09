/**
 * A stand-in for XMLHttpRequest in component tests: each upload sent is kept (its URL, headers and file) until the
 * test reports progress and answers it.
 */
export class FakeXhr {
  static sent: FakeXhr[] = [];
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  statusText = '';
  responseText = '';
  aborted = false;
  upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  getResponseHeader() {
    return null;
  }
  send(body: FormData) {
    this.body = body;
    FakeXhr.sent.push(this);
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }

  get file(): File {
    return this.body?.get('file') as File;
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent);
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

/** Replaces XMLHttpRequest; answers the uploads sent (a live list). */
export function stubUploads(): FakeXhr[] {
  FakeXhr.sent = [];
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return FakeXhr.sent;
}

/** The server's answer to an upload of `file`. */
export function uploaded(file: { name: string; type: string; size: number }, fileId = 'f-1') {
  return { fileId, name: file.name, type: file.type, size: file.size, sha256: 'a'.repeat(64), purpose: 'record', status: 'pending', uploadedAt: '2026-07-01T02:00:00.000Z' };
}

export const problem = (status: number, title: string) => ({ type: 'about:blank', title, status });

/** Object URLs as jsdom lacks them: each made URL is `blob:file-N`; the revoked ones are listed. */
export function stubObjectUrls() {
  const made: Blob[] = [];
  const revoked: string[] = [];
  Object.assign(URL, {
    createObjectURL: (blob: Blob) => {
      made.push(blob);
      return `blob:file-${made.length}`;
    },
    revokeObjectURL: (url: string) => revoked.push(url),
  });
  return { made, revoked };
}

/** Anchor clicks (downloads) recorded instead of followed: href and download name of each. */
export function stubDownloads() {
  const clicks: { href: string; download: string }[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicks.push({ href: this.href, download: this.download });
  });
  return clicks;
}
