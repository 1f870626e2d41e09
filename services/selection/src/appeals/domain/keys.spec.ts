import { CLAIM_GRACE_MS, appealKey, heldKeyState, monthBucket } from './keys';

describe('appeals: the pending key', () => {
  const now = new Date('2026-03-10T00:00:00Z');
  const held = (fields: Partial<{ claimedAt: Date; claimedBy: string }> = {}) => ({ appealId: 'ap1', claimedAt: new Date(now.getTime() - 1000), claimedBy: 'other', ...fields });

  it('keys the appellant, the type and the subject', () => {
    expect(appealKey('u1', 'score_entry', 'entry:42')).toBe('u1:score_entry:entry:42');
  });

  it('a pending appeal blocks; a decided one’s key is stale', () => {
    expect(heldKeyState(held(), 'pending', now, 'me')).toBe('pending');
    expect(heldKeyState(held(), 'upheld', now, 'me')).toBe('stale');
    expect(heldKeyState(held(), 'dismissed', now, 'me')).toBe('stale');
  });

  it('a claim without its appeal: this process’s own is stale at once, another’s after the grace period', () => {
    expect(heldKeyState(held({ claimedBy: 'me' }), null, now, 'me')).toBe('stale');
    expect(heldKeyState(held(), null, now, 'me')).toBe('filing');
    expect(heldKeyState(held({ claimedAt: new Date(now.getTime() - CLAIM_GRACE_MS - 1) }), null, now, 'me')).toBe('stale');
  });

  it('buckets by the month in Beijing', () => {
    expect(monthBucket(new Date('2026-03-31T16:30:00Z'))).toBe('2026-04');
    expect(monthBucket(new Date('2026-03-31T15:30:00Z'))).toBe('2026-03');
  });
});
