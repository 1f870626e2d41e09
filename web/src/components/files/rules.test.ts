import { fileKind, fileProblem, formatSize, MAX_FILE_BYTES, previewable, shortHash } from './rules';

describe('file rules', () => {
  it('knows a kind by media type, else by extension', () => {
    expect(fileKind('application/pdf')).toBe('pdf');
    expect(fileKind('image/webp')).toBe('image');
    expect(fileKind('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('word');
    expect(fileKind('', '报表.XLSX')).toBe('excel');
    expect(fileKind('text/plain; charset=utf-8')).toBe('text');
    expect(fileKind('application/x-zip-compressed', 'a.zip')).toBe('zip');
    expect(fileKind('application/x-msdownload', 'setup.exe')).toBe('other');
    expect(fileKind(undefined, 'README')).toBe('other');
  });

  it('refuses a file of another type, one over the limit and an empty one, before sending', () => {
    expect(fileProblem({ name: 'a.pdf', type: 'application/pdf', size: 1024 })).toBeNull();
    expect(fileProblem({ name: 'a.pdf', type: 'application/pdf', size: MAX_FILE_BYTES })).toBeNull();
    expect(fileProblem({ name: 'a.pdf', type: 'application/pdf', size: MAX_FILE_BYTES + 1 })).toBe('tooLarge');
    expect(fileProblem({ name: 'a.exe', type: 'application/x-msdownload', size: 10 })).toBe('badType');
    expect(fileProblem({ name: 'a.txt', type: 'text/plain', size: 0 })).toBe('empty');
    expect(fileProblem({ name: 'a.png', type: 'image/png', size: 2048 }, 1024)).toBe('tooLarge');
  });

  it('previews images and PDFs only', () => {
    expect(previewable('pdf')).toBe(true);
    expect(previewable('image')).toBe(true);
    expect(previewable('word')).toBe(false);
    expect(previewable('zip')).toBe(false);
  });

  it('writes sizes in B, KB and MB', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(2048)).toBe('2 KB');
    expect(formatSize(300 * 1024)).toBe('300 KB');
    expect(formatSize(MAX_FILE_BYTES)).toBe('20 MB');
    expect(formatSize(3.25 * 1024 * 1024)).toBe('3.3 MB');
  });

  it('shortens a fingerprint', () => {
    expect(shortHash('0123456789abcdef'.repeat(4))).toBe('0123456789ab…');
  });
});
