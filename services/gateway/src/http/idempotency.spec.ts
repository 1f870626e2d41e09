import { answerToStore, canonicalJson, decodeEntry, encodeEntry, fingerprintOf, idempotencyKeyErrors, replayBody, scopeKeyOf } from './idempotency';

describe('idempotencyKeyErrors', () => {
  it('accepts 8 to 128 letters, digits and . _ : -, and no header at all', () => {
    expect(idempotencyKeyErrors(undefined)).toEqual([]);
    expect(idempotencyKeyErrors('a1B2.c_:-')).toEqual([]);
    expect(idempotencyKeyErrors('x'.repeat(128))).toEqual([]);
  });

  it('names the header for a short, long, odd or repeated key', () => {
    for (const bad of ['short7!', 'abcdefg', 'x'.repeat(129), 'has space12', '键键键键键键键键', ['abcdefgh', 'abcdefgh']]) {
      expect(idempotencyKeyErrors(bad)).toEqual([expect.objectContaining({ path: 'Idempotency-Key' })]);
    }
  });
});

describe('fingerprintOf', () => {
  const base = { method: 'POST', url: '/api/v1/records', body: { title: '甲', period: { start: '2026-01-01', end: '2026-01-31' } } };

  it('is the same for the same body with its keys in another order', () => {
    const reordered = { ...base, body: { period: { end: '2026-01-31', start: '2026-01-01' }, title: '甲' } };
    expect(fingerprintOf(reordered)).toBe(fingerprintOf(base));
    expect(fingerprintOf(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs with the body, the URL (query included) or the method', () => {
    const one = fingerprintOf(base);
    expect(fingerprintOf({ ...base, body: { ...base.body, title: '乙' } })).not.toBe(one);
    expect(fingerprintOf({ ...base, url: '/api/v1/records?x=1' })).not.toBe(one);
    expect(fingerprintOf({ ...base, method: 'PUT' })).not.toBe(one);
    expect(fingerprintOf({ ...base, body: [1, 2] })).not.toBe(fingerprintOf({ ...base, body: [2, 1] }));
  });

  it('takes a multipart upload by its length, not a body', () => {
    const upload = { method: 'POST', url: '/api/v1/files' };
    expect(fingerprintOf({ ...upload, multipartLength: '1024' })).toBe(fingerprintOf({ ...upload, multipartLength: '1024' }));
    expect(fingerprintOf({ ...upload, multipartLength: '1024' })).not.toBe(fingerprintOf({ ...upload, multipartLength: '1025' }));
  });

  it('tells no body from an empty object', () => {
    expect(canonicalJson(undefined)).toBe('');
    expect(fingerprintOf({ method: 'POST', url: '/a' })).not.toBe(fingerprintOf({ method: 'POST', url: '/a', body: {} }));
  });
});

describe('scopeKeyOf', () => {
  it('separates callers, methods, paths and keys, under the prefix', () => {
    const scope = { userId: 'u1', method: 'POST', path: '/api/v1/records', key: 'key-0001' };
    const key = scopeKeyOf('cadre:', scope);
    expect(key).toMatch(/^cadre:idem:[0-9a-f]{64}$/);
    expect(scopeKeyOf('cadre:', { ...scope, userId: 'u2' })).not.toBe(key);
    expect(scopeKeyOf('cadre:', { ...scope, path: '/api/v1/tasks' })).not.toBe(key);
    expect(scopeKeyOf('cadre:', { ...scope, key: 'key-0002' })).not.toBe(key);
    expect(scopeKeyOf('other:', scope)).not.toBe(key);
  });
});

describe('answerToStore', () => {
  const headers = { contentType: 'application/json; charset=utf-8', location: '/api/v1/records/r1' };

  it('keeps 2xx and 4xx answers with their body, content type and location', () => {
    expect(answerToStore(201, '{"id":"r1"}', headers)).toEqual({ status: 201, body: '{"id":"r1"}', encoding: 'utf8', ...headers });
    expect(answerToStore(400, '{"status":400}', { contentType: 'application/problem+json' })).toEqual({
      status: 400,
      body: '{"status":400}',
      encoding: 'utf8',
      contentType: 'application/problem+json',
      location: undefined,
    });
    expect(answerToStore(204, undefined, {})).toMatchObject({ status: 204, body: '' });
  });

  it('keeps bytes as base64 and gives them back as they were', () => {
    const bytes = Buffer.from([0, 255, 10, 13]);
    const answer = answerToStore(200, bytes, {});
    expect(answer?.encoding).toBe('base64');
    expect(answer && replayBody(answer)).toEqual(bytes);
  });

  it('keeps nothing a retry should run again for: 5xx, 503, 429, 401, or a streamed body', () => {
    for (const status of [500, 502, 503, 504, 429, 401]) expect(answerToStore(status, '{}', headers)).toBeNull();
    expect(answerToStore(200, { pipe: () => undefined }, headers)).toBeNull();
  });
});

describe('entries', () => {
  it('round-trip, and anything else reads as nothing', () => {
    const done = { state: 'done' as const, fingerprint: 'f', answer: { status: 201, body: '{}', encoding: 'utf8' as const } };
    expect(decodeEntry(encodeEntry(done))).toEqual(done);
    expect(decodeEntry(encodeEntry({ state: 'pending', owner: 'o', fingerprint: 'f' }))).toEqual({ state: 'pending', owner: 'o', fingerprint: 'f' });
    expect(decodeEntry('not json')).toBeNull();
    expect(decodeEntry('{"state":"other"}')).toBeNull();
  });
});
