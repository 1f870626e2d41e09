import { cleanFileName, contentTypeOf, fileDisposition } from './disposition';

describe('fileDisposition', () => {
  it('shows images and PDF in place and offers everything else as a download', () => {
    expect(fileDisposition('scan.pdf', 'application/pdf')).toBe('inline; filename="scan.pdf"');
    expect(fileDisposition('a.png', 'image/png')).toBe('inline; filename="a.png"');
    expect(fileDisposition('a.zip', 'application/zip')).toBe('attachment; filename="a.zip"');
    expect(fileDisposition('notes.txt', 'text/plain')).toBe('attachment; filename="notes.txt"');
  });

  it('carries a Chinese name in UTF-8 (filename*) beside an ASCII fallback, and escapes quotes', () => {
    expect(fileDisposition('签约协议.pdf', 'application/pdf')).toBe(`inline; filename="____.pdf"; filename*=UTF-8''%E7%AD%BE%E7%BA%A6%E5%8D%8F%E8%AE%AE.pdf`);
    expect(fileDisposition('a"b.txt', 'text/plain')).toBe(`attachment; filename="a_b.txt"; filename*=UTF-8''a%22b.txt`);
  });
});

describe('file names and types', () => {
  it('keeps the last path segment without control characters', () => {
    expect(cleanFileName('C:\\Users\\张三\\报告.docx')).toBe('报告.docx');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000\nb.txt')).toBe('ab.txt');
    expect(cleanFileName(undefined)).toBe('file');
  });

  it('serves text as UTF-8', () => {
    expect(contentTypeOf('text/plain')).toBe('text/plain; charset=utf-8');
    expect(contentTypeOf('image/png')).toBe('image/png');
  });
});
