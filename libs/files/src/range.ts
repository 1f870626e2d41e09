/** A byte range of a file, both ends included (as HTTP writes them). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The single range a `Range` header asks of a file of `size` bytes (RFC 9110 §14): the range, 'unsatisfiable'
 * (416), or null to answer the whole file (no header, another unit, several ranges, or a malformed one, which a
 * server may ignore).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=\s*(\d*)-(\d*)\s*$/.exec(header);
  if (!match) return null;
  const [, first, last] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}
