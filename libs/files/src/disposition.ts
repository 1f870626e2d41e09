/** Media types a browser shows in place (preview); everything else is offered as a download. */
export function isInline(mediaType: string): boolean {
  return mediaType === 'application/pdf' || mediaType.startsWith('image/');
}

/**
 * `Content-Disposition` for a stored file: `inline` for images and PDF, `attachment` otherwise; an ASCII
 * `filename` (anything else replaced) and, for any other name (Chinese ones), the exact name as RFC 8187 `filename*`.
 */
export function fileDisposition(name: string, mediaType: string): string {
  const kind = isInline(mediaType) ? 'inline' : 'attachment';
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'file';
  if (ascii === name) return `${kind}; filename="${ascii}"`;
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The `Content-Type` of a stored file (text is UTF-8 by construction: sniffing accepted nothing else). */
export function contentTypeOf(mediaType: string): string {
  return mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : mediaType;
}

/** A file name as stored: the last path segment, control characters dropped, at most 200 characters. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((c) => !isControl(c.charCodeAt(0)))
    .join('')
    .trim()
    .slice(0, 200);
  return clean || 'file';
}

/** C0 controls and DEL. */
export function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}
