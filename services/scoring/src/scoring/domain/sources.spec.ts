import { DEFAULT_SCORING_STANDARD as standard, type RecordTransitionV1 } from '@cadre/contracts';
import { reopening, sourceEntries, verifiedAgain, type SourceFacts } from './sources';

/** INVEST-03, city, good, two participants 60/40: 8 × 2 × 1.2 = 19.20 points. */
function verified(version: number, fields: Partial<RecordTransitionV1> = {}): RecordTransitionV1 {
  return {
    recordId: 'r1',
    version,
    status: 'verified',
    fromStatus: 'reviewed',
    action: 'assess:confirm',
    actorId: 'assessor-1',
    comment: '',
    cadreId: 'u1',
    departmentId: 'd1',
    departmentPath: ['root', 'd1'],
    itemCode: 'INVEST-03',
    firstLevelCode: 'INVEST',
    taxonomyVersion: 1,
    title: '引进500强企业',
    periodStart: '2026-01-01',
    periodEnd: '2026-03-31',
    claimedImpactLevel: 'city',
    confirmedImpactLevel: 'city',
    rating: 'good',
    participants: [
      { userId: 'u1', role: 'lead', share: 60 },
      { userId: 'u2', role: 'member', share: 40 },
    ],
    createdAt: '2026-03-30T02:00:00.000Z',
    submittedAt: '2026-04-01T02:00:00.000Z',
    verifiedAt: '2026-04-10T02:00:00.000Z',
    occurredAt: '2026-04-10T02:00:00.000Z',
    ...fields,
  };
}

const reopened = (version: number): RecordTransitionV1 => ({
  ...verified(version),
  status: 'reviewed',
  fromStatus: 'verified',
  action: 'reopen',
  actorId: 'u2',
  comment: '份额应为50%',
  rating: null,
  verifiedAt: null,
  occurredAt: '2026-04-20T02:00:00.000Z',
});

const total = (source: SourceFacts) => sourceEntries(source, 1, standard).reduce((sum, e) => sum + e.hundredths, 0);
const byCadre = (source: SourceFacts, cadre: string) => sourceEntries(source, 1, standard).filter((e) => e.cadreId === cadre).reduce((sum, e) => sum + e.hundredths, 0);
const keys = (source: SourceFacts) => sourceEntries(source, 1, standard).map((e) => e.key);

describe('a record verified, reopened by a disputed share, and verified again', () => {
  const first: SourceFacts = { type: 'record', data: verified(6) as never, revoked: null };

  it('reverses the verification on the reopening, once', () => {
    expect(total(first)).toBe(1920);
    const reversal = reopening(first, reopened(7));
    expect(reversal).toEqual({ version: 7, occurredAt: '2026-04-20T02:00:00.000Z', comment: '份额应为50%', kind: 'reopened' });
    const reversed: SourceFacts = { ...first, revoked: reversal };
    expect(total(reversed)).toBe(0);
    expect(sourceEntries(reversed, 1, standard).filter((e) => e.part === 'reversal').every((e) => e.explanation.startsWith('份额异议，待重新认定（份额应为50%）：冲减'))).toBe(true);
    // Delivered again: nothing more to reverse.
    expect(reopening(reversed, reopened(7))).toBeNull();
  });

  it('gives new entries on the new verification, under its version, and the right total; a redelivery adds nothing', () => {
    const reversed: SourceFacts = { ...first, revoked: reopening(first, reopened(7)) };
    const shares = [
      { userId: 'u1', role: 'lead' as const, share: 50 },
      { userId: 'u2', role: 'member' as const, share: 50 },
    ];
    const rounds = verifiedAgain(reversed, verified(9, { participants: shares, occurredAt: '2026-04-25T02:00:00.000Z' }))!;
    const again: SourceFacts = { type: 'record', ...rounds };
    expect(total(again)).toBe(1920);
    // 20% equally (1.92 each) + 80% by share (7.68 each) under the new shares.
    expect(byCadre(again, 'u1')).toBe(960);
    expect(byCadre(again, 'u2')).toBe(960);
    expect(new Set(keys(again)).size).toBe(keys(again).length);
    expect(keys(again).filter((k) => k.includes(':v9:'))).toHaveLength(4);
    expect(keys(again)).toEqual(expect.arrayContaining(keys(reversed)));
    // The same verification again, or an older one, or the old reopening: nothing changes.
    expect(verifiedAgain(again, verified(9, { participants: shares }))).toBeNull();
    expect(verifiedAgain(again, verified(6))).toBeNull();
    expect(reopening(again, reopened(7))).toBeNull();
  });

  it('reverses the earlier round even when its reopening never arrived', () => {
    const rounds = verifiedAgain(first, verified(9, { occurredAt: '2026-04-25T02:00:00.000Z' }))!;
    expect(rounds.earlier[0].revoked).toMatchObject({ version: 9, kind: 'reopened' });
    expect(total({ type: 'record', ...rounds })).toBe(1920);
  });

  it('a second reopening and a revocation after the re-verification reverse the current round only', () => {
    const again: SourceFacts = { type: 'record', ...verifiedAgain({ ...first, revoked: reopening(first, reopened(7)) }, verified(9))! };
    expect(total({ ...again, revoked: reopening(again, reopened(10)) })).toBe(0);
    expect(total({ ...again, revoked: { version: 10, occurredAt: '2026-05-01T00:00:00Z', comment: '佐证不实' } })).toBe(0);
  });
});
