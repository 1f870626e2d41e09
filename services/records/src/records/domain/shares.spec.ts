import type { Participant } from '../record.schema';
import { DAY_MS, carriedConfirmations, shareAnswer, sharesBlock, unconfirmedShares } from './shares';

const p = (userId: string, name: string, confirmation: Participant['confirmation'], share = 50, role: Participant['role'] = 'member'): Participant => ({ userId, name, role, share, confirmation, comment: '' });

describe('shares must really be confirmed', () => {
  it('names who has not answered and who disputes; nobody when all confirmed', () => {
    const shares = [p('u1', '干部甲', 'confirmed', 40, 'lead'), p('u2', '干部乙', 'pending', 30), p('u3', '干部丙', 'disputed', 30)];
    expect(unconfirmedShares(shares)).toEqual({ pending: ['干部乙'], disputed: ['干部丙'] });
    expect(sharesBlock(shares)).toBe('Every participant must confirm their share first (未确认份额：干部乙；对份额有异议：干部丙).');
    expect(sharesBlock([p('u1', '干部甲', 'confirmed', 100, 'lead')])).toBeUndefined();
    expect(sharesBlock([p('u1', '', 'pending')])).toContain('u1');
  });

  it('keeps the answers when an edit leaves people, roles and shares as they were; starts every confirmation again otherwise', () => {
    const before = [p('u1', '干部甲', 'confirmed', 60, 'lead'), { ...p('u2', '干部乙', 'disputed', 40), comment: '应为50%' }];
    const same = [p('u1', '干部甲', 'confirmed', 60, 'lead'), p('u2', '干部乙', 'pending', 40)];
    expect(carriedConfirmations(before, same)[1]).toMatchObject({ confirmation: 'disputed', comment: '应为50%' });
    const changed = [p('u1', '干部甲', 'confirmed', 50, 'lead'), p('u2', '干部乙', 'pending', 50)];
    expect(carriedConfirmations(before, changed).map((x) => x.confirmation)).toEqual(['confirmed', 'pending']);
  });

  describe('an answer', () => {
    const now = new Date('2026-12-03T08:00:00Z');
    const verified = { status: 'verified' as const, verifiedAt: new Date(now.getTime() - 10 * DAY_MS) };

    it('is recorded before verification, and a confirmation of a verified record changes nothing else', () => {
      expect(shareAnswer({ status: 'submitted', verifiedAt: null }, { decision: 'dispute', comment: '' }, now, 30)).toEqual({ ok: true, reopen: false });
      expect(shareAnswer(verified, { decision: 'confirm', comment: '' }, now, 30)).toEqual({ ok: true, reopen: false });
    });

    it('reopens a verified record when disputed with a reason within the window', () => {
      expect(shareAnswer(verified, { decision: 'dispute', comment: '我的份额应为40%' }, now, 30)).toEqual({ ok: true, reopen: true });
      expect(shareAnswer({ status: 'verified', verifiedAt: new Date(now.getTime() - 30 * DAY_MS) }, { decision: 'dispute', comment: '理由' }, now, 30)).toEqual({ ok: true, reopen: true });
    });

    it('refuses a dispute after the window (409) or without a reason (400 naming comment), and any answer on a final record', () => {
      const late = shareAnswer({ status: 'verified', verifiedAt: new Date(now.getTime() - 30 * DAY_MS - 1) }, { decision: 'dispute', comment: '理由' }, now, 30);
      expect(late).toMatchObject({ ok: false, status: 409 });
      expect(shareAnswer(verified, { decision: 'dispute', comment: ' ' }, now, 30)).toMatchObject({ ok: false, status: 400, errors: [{ path: 'comment' }] });
      for (const status of ['rejected', 'revoked', 'discarded'] as const) expect(shareAnswer({ status, verifiedAt: null }, { decision: 'confirm', comment: '' }, now, 30)).toMatchObject({ ok: false, status: 409 });
    });
  });
});
