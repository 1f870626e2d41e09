import { MEDIA_TYPES, isPlainText, sniffMediaType } from './sniff';

const bytes = (...values: number[]) => Buffer.from(values);
const text = (value: string) => Buffer.from(value, 'latin1');
/** A ZIP local file header naming its first entry, as every ZIP writer starts. */
const zipEntry = (name: string) => Buffer.concat([bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00), Buffer.alloc(18), bytes(name.length, 0, 0, 0), text(name)]);

describe('sniffMediaType', () => {
  it('knows PDF, PNG, JPEG, GIF and WebP by their magic numbers, whatever the name says', () => {
    expect(sniffMediaType(text('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'photo.png')).toBe(MEDIA_TYPES.pdf);
    expect(sniffMediaType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52))).toBe('image/png');
    expect(sniffMediaType(bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46))).toBe('image/jpeg');
    expect(sniffMediaType(text('GIF89a\x01\x00\x01\x00'))).toBe('image/gif');
    expect(sniffMediaType(text('GIF87a\x01\x00\x01\x00'))).toBe('image/gif');
    expect(sniffMediaType(Buffer.concat([text('RIFF'), bytes(0x24, 0, 0, 0), text('WEBPVP8 ')]))).toBe('image/webp');
  });

  it('tells OOXML documents from plain ZIPs by [Content_Types].xml and their part folders', () => {
    const docx = Buffer.concat([zipEntry('[Content_Types].xml'), Buffer.alloc(40), zipEntry('word/document.xml')]);
    const xlsx = Buffer.concat([zipEntry('[Content_Types].xml'), Buffer.alloc(40), zipEntry('xl/workbook.xml')]);
    const pptx = Buffer.concat([zipEntry('[Content_Types].xml'), Buffer.alloc(40), zipEntry('ppt/presentation.xml')]);
    expect(sniffMediaType(docx, 'a.zip')).toBe(MEDIA_TYPES.docx);
    expect(sniffMediaType(xlsx)).toBe(MEDIA_TYPES.xlsx);
    expect(sniffMediaType(pptx)).toBe(MEDIA_TYPES.pptx);
    expect(sniffMediaType(zipEntry('[Content_Types].xml'), '报告.docx')).toBe(MEDIA_TYPES.docx);
    expect(sniffMediaType(zipEntry('[Content_Types].xml'), 'x.bin')).toBe('application/zip');
    expect(sniffMediaType(zipEntry('photos/a.jpg'), 'report.docx')).toBe('application/zip');
    expect(sniffMediaType(bytes(0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)))).toBe('application/zip');
  });

  it('accepts an OLE2 container only as a legacy Word, Excel or PowerPoint file', () => {
    const ole = bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0);
    expect(sniffMediaType(ole, '旧报告.DOC')).toBe('application/msword');
    expect(sniffMediaType(ole, 'a.xls')).toBe('application/vnd.ms-excel');
    expect(sniffMediaType(ole, 'a.ppt')).toBe('application/vnd.ms-powerpoint');
    expect(sniffMediaType(ole, 'setup.msi')).toBeNull();
    expect(sniffMediaType(ole)).toBeNull();
  });

  it('takes UTF-8 text (Chinese included, a character cut at the end of the head too) and refuses binaries', () => {
    expect(sniffMediaType(Buffer.from('情况说明\r\n\t第一条：……\n', 'utf8'))).toBe('text/plain');
    expect(sniffMediaType(Buffer.from('说明', 'utf8').subarray(0, 4))).toBe('text/plain');
    expect(sniffMediaType(bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0))).toBeNull(); // ELF
    expect(sniffMediaType(text('MZ\x90\x00\x03\x00'))).toBeNull(); // a Windows executable
    expect(sniffMediaType(bytes(0xc3, 0x28))).toBeNull(); // invalid UTF-8
    expect(sniffMediaType(bytes(0x1f, 0x8b, 0x08, 0x00))).toBeNull(); // gzip
    expect(sniffMediaType(Buffer.alloc(0))).toBeNull();
    expect(isPlainText(Buffer.from('a\u0000b'))).toBe(false);
  });
});
