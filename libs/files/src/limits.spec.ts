import { createHash } from 'node:crypto';
import { FileTooLargeError, HashingCounter } from './limits';

describe('HashingCounter', () => {
  it('takes a file of exactly the limit, counting it and hashing it as SHA-256 over every chunk', () => {
    const counter = new HashingCounter(10);
    const chunks = [Buffer.from('%PDF-'), Buffer.from('1.7\n'), Buffer.from('x')];
    for (const chunk of chunks) expect(counter.take(chunk)).toBe(chunk);
    expect(counter.size).toBe(10);
    expect(counter.sha256()).toBe(createHash('sha256').update(Buffer.concat(chunks)).digest('hex'));
  });

  it('refuses the chunk that carries the first byte past the limit (413), having counted nothing of it', () => {
    const counter = new HashingCounter(20 * 1024 * 1024);
    counter.take(Buffer.alloc(20 * 1024 * 1024 - 1));
    expect(() => counter.take(Buffer.alloc(2))).toThrow(FileTooLargeError);
    expect(counter.size).toBe(20 * 1024 * 1024 - 1);
    expect(new FileTooLargeError(20 * 1024 * 1024)).toMatchObject({ status: 413, message: 'The file is larger than 20971520 bytes (20 MiB).' });
  });

  it('hashes an empty file as the SHA-256 of nothing', () => {
    expect(new HashingCounter(1).sha256()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
