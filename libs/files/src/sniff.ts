/**
 * Content sniffing: the media type of a file from its first bytes (magic numbers), never from what the client
 * claims. Only the types evidence may be are recognised; anything else answers null (a 415).
 */

/** How many leading bytes sniffing reads (enough for a ZIP's first entry names, and for text to be judged). */
export const SNIFF_BYTES = 8 * 1024;

export const MEDIA_TYPES = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  text: 'text/plain',
  zip: 'application/zip',
} as const;

export const ALLOWED_MEDIA_TYPES: readonly string[] = Object.values(MEDIA_TYPES);

const startsWith = (head: Buffer, bytes: number[], offset = 0) => head.length >= offset + bytes.length && bytes.every((b, i) => head[offset + i] === b);
const ascii = (text: string) => [...Buffer.from(text, 'latin1')];

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_ENTRY = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * The media type of a file whose first bytes are `head` (all of it when shorter than SNIFF_BYTES), or null when it
 * is not one evidence may be. `name` only tells apart what the bytes cannot: which OOXML document a ZIP is when
 * its first entries do not say, and which legacy Office document an OLE2 container holds (an OLE2 file named
 * otherwise, e.g. an installer, is refused).
 */
export function sniffMediaType(head: Buffer, name = ''): string | null {
  if (head.length === 0) return null;
  if (startsWith(head, ascii('%PDF-'))) return MEDIA_TYPES.pdf;
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return MEDIA_TYPES.png;
  if (startsWith(head, [0xff, 0xd8, 0xff])) return MEDIA_TYPES.jpeg;
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return MEDIA_TYPES.gif;
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return MEDIA_TYPES.webp;
  if (startsWith(head, ZIP_ENTRY) || startsWith(head, ZIP_EMPTY)) return zipFlavour(head, name);
  if (startsWith(head, OLE2)) return oleFlavour(name);
  return isPlainText(head) ? MEDIA_TYPES.text : null;
}

function zipFlavour(head: Buffer, name: string): string {
  const names = head.toString('latin1');
  if (!names.includes('[Content_Types].xml')) return MEDIA_TYPES.zip;
  if (names.includes('word/')) return MEDIA_TYPES.docx;
  if (names.includes('xl/')) return MEDIA_TYPES.xlsx;
  if (names.includes('ppt/')) return MEDIA_TYPES.pptx;
  const byName: Record<string, string> = { docx: MEDIA_TYPES.docx, xlsx: MEDIA_TYPES.xlsx, pptx: MEDIA_TYPES.pptx };
  return byName[extensionOf(name)] ?? MEDIA_TYPES.zip;
}

function oleFlavour(name: string): string | null {
  const byName: Record<string, string> = { doc: MEDIA_TYPES.doc, dot: MEDIA_TYPES.doc, xls: MEDIA_TYPES.xls, xlt: MEDIA_TYPES.xls, ppt: MEDIA_TYPES.ppt, pps: MEDIA_TYPES.ppt };
  return byName[extensionOf(name)] ?? null;
}

/**
 * Plain UTF-8 text: decodes strictly (a character cut at the end of the head is fine) and holds no control
 * characters but tab, line feed, form feed and carriage return (a binary file nearly always does).
 */
export function isPlainText(head: Buffer): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    // Tab, line feed, form feed and carriage return are text; any other control character is not.
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || code === 0x7f) return false;
    }
    return true;
  } catch {
    return false;
  }
}
