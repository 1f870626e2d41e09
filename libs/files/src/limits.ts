import { createHash } from 'node:crypto';

export class FileTooLargeError extends Error {
  readonly status = 413;
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes (${(maxBytes / 1024 / 1024).toFixed(0)} MiB).`);
  }
}

export class UnsupportedMediaTypeError extends Error {
  readonly status = 415;
  constructor() {
    super('The file is empty or not of an allowed type: PDF, PNG, JPEG, GIF, WebP, Word, Excel, PowerPoint, UTF-8 text or ZIP.');
  }
}

/** Counts and hashes (SHA-256) the chunks of one file as they pass, refusing the first byte past `maxBytes`. */
export class HashingCounter {
  private readonly hash = createHash('sha256');
  size = 0;

  constructor(readonly maxBytes: number) {}

  /** The chunk, counted and hashed; FileTooLargeError once the file would exceed the limit. */
  take(chunk: Buffer): Buffer {
    if (this.size + chunk.length > this.maxBytes) throw new FileTooLargeError(this.maxBytes);
    this.size += chunk.length;
    this.hash.update(chunk);
    return chunk;
  }

  /** The SHA-256 of everything taken (lower-case hex); call once, at the end. */
  sha256(): string {
    return this.hash.digest('hex');
  }
}
