/**
 * `Content-Disposition: attachment` with the file name: an ASCII `filename` (quotes, backslashes, control and
 * non-ASCII characters replaced) and, when the name is not plain ASCII, the exact name as RFC 6266/8187
 * `filename*`.
 */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'export';
  if (ascii === filename) return `attachment; filename="${ascii}"`;
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A number of points or a score as people read it in an export: two decimals at most (a number), blank for none. */
export function csvNumber(value: number | null | undefined): number | '' {
  return value === null || value === undefined ? '' : Math.round(value * 100) / 100;
}
