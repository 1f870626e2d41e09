import { AUDIENCE_BUCKETS, bucketOf, bucketsOf, entryKey, entryOf, readInbox, type AudienceEntry } from './audiences';

const now = new Date('2026-12-03T08:00:00.000Z');
const entry = (id: string, kind: AudienceEntry['kind'], dueAt: string, excludeUserIds: string[] = []): AudienceEntry => ({
  _id: id, kind, subjectType: 'record', subjectId: id, title: id, summary: id, link: `/records/${id}`, departmentId: 'd',
  openedAt: new Date('2026-11-01T00:00:00.000Z'), dueAt: new Date(dueAt), overdue: false, escalated: false, excludeUserIds,
});
const map = (...entries: AudienceEntry[]) => Object.fromEntries(entries.map((e) => [entryKey(e._id), e]));

describe('entryKey', () => {
  it('escapes what a field name may not hold, one key per id', () => {
    expect(entryKey('record_review:abc')).toBe('record_review:abc');
    expect(entryKey('a.b$c%2E')).toBe('a%2Eb%24c%252E');
    expect(entryKey('a.b')).not.toBe(entryKey('a%2Eb'));
    expect(entryKey('$x')).not.toMatch(/^\$/);
  });
});

describe('bucketOf', () => {
  it('spreads items over the buckets of their audience, always the same bucket for one item', () => {
    const used = new Set(Array.from({ length: 2_000 }, (_, i) => bucketOf('reviewer:d', `record_review:${i}`)));
    expect(used).toEqual(new Set(bucketsOf('reviewer:d')));
    expect(bucketOf('assessor', 'x:1')).toBe(bucketOf('assessor', 'x:1'));
    expect(bucketOf('assessor', 'x:1')).toMatch(/^assessor#\d+$/);
    expect(bucketsOf('reviewer:d')).toHaveLength(AUDIENCE_BUCKETS);
    // A person's own items: one document.
    expect(bucketsOf('user:u')).toEqual(['user:u#0']);
    expect(bucketOf('user:u', 'record_fix:123')).toBe('user:u#0');
  });
});

describe('entryOf', () => {
  it('keeps what the view needs and the exclusions, not the holders or the outbox', () => {
    const stored = { ...entry('x', 'record_review', '2026-12-10T00:00:00.000Z', ['u']), open: true, audience: ['reviewer:d'], version: 3, outbox: [] };
    expect(entryOf(stored)).toEqual(entry('x', 'record_review', '2026-12-10T00:00:00.000Z', ['u']));
  });
});

describe('readInbox', () => {
  const a = entry('a', 'record_review', '2026-12-05T00:00:00.000Z');
  const b = entry('b', 'record_review', '2026-12-01T00:00:00.000Z');
  const c = entry('c', 'share_confirm', '2026-12-02T00:00:00.000Z');
  const mine = entry('m', 'record_review', '2026-11-30T00:00:00.000Z', ['me']);

  it('merges the audiences (each item once), drops items that exclude the caller, sorts by due time, counts per kind and overdue', () => {
    const read = readInbox([map(a, b, mine), map(c, a), null], 'me', { limit: 50, offset: 0 }, now);
    expect(read.items.map((i) => i._id)).toEqual(['b', 'c', 'a']);
    expect(read.total).toBe(3);
    expect(read.counts).toMatchObject({ record_review: 2, share_confirm: 1, record_assess: 0 });
    expect(read.overdue).toBe(2);
  });

  it('pages, and filters the page, total and overdue (not the counts) by kind', () => {
    expect(readInbox([map(a, b, c)], 'me', { limit: 1, offset: 1 }, now).items.map((i) => i._id)).toEqual(['c']);
    const reviews = readInbox([map(a, b, c)], 'me', { kind: 'record_review', limit: 50, offset: 0 }, now);
    expect(reviews.items.map((i) => i._id)).toEqual(['b', 'a']);
    expect(reviews).toMatchObject({ total: 2, overdue: 1, counts: { record_review: 2, share_confirm: 1 } });
  });

  it('orders items due at the same time by id', () => {
    const x = entry('x', 'record_fix', '2026-12-05T00:00:00.000Z');
    expect(readInbox([map(x, a)], 'me', { limit: 50, offset: 0 }, now).items.map((i) => i._id)).toEqual(['a', 'x']);
  });
});
