import { DEFAULT_SCORING_STANDARD as standard, type RecordTransitionV1, type TaskConcludedV1 } from '@cadre/contracts';
import { applyYearlyCap, cadreTotals, isCapped, type CapEntry } from './cap';
import { recordEntries, reversalEntries, taskEntries, type LedgerEntryDraft } from './entries';

/** A solo INVEST-03 record verified at `verifiedAt`: city, excellent → 8 × 2 × 1.5 = 24.00 (4.80 + 19.20). */
function record(recordId: string, verifiedAt: string, overrides: Partial<RecordTransitionV1> = {}): LedgerEntryDraft[] {
  return recordEntries(standard, 1, {
    recordId,
    version: 3,
    status: 'verified',
    fromStatus: 'reviewed',
    action: 'assess:confirm',
    actorId: 'assessor',
    comment: '',
    cadreId: 'u1',
    departmentId: 'd1',
    departmentPath: ['d1'],
    itemCode: 'INVEST-03',
    firstLevelCode: 'INVEST',
    taxonomyVersion: 1,
    title: recordId,
    periodStart: '2026-01-01',
    periodEnd: '2026-01-31',
    claimedImpactLevel: 'city',
    confirmedImpactLevel: 'city',
    rating: 'excellent',
    participants: [{ userId: 'u1', role: 'lead', share: 100 }],
    createdAt: verifiedAt,
    submittedAt: verifiedAt,
    verifiedAt,
    occurredAt: verifiedAt,
    ...overrides,
  });
}

function task(concludedAt: string): LedgerEntryDraft[] {
  const event = {
    taskId: 't1',
    version: 7,
    status: 'concluded',
    flags: ['hard'],
    rewardPoints: 100,
    verdict: 'pass',
    concludedAt,
    teams: [{ teamId: 'team', teamName: '队', leadId: 'u1', bidId: 'b', members: [{ userId: 'u1', role: 'lead', share: 100, departmentId: 'd1', departmentPath: ['d1'] }] }],
  } as unknown as TaskConcludedV1;
  return taskEntries(standard, 1, event);
}

const revoke = (entries: LedgerEntryDraft[], occurredAt = '2026-12-01T00:00:00.000Z') => reversalEntries(entries, { version: 4, occurredAt, comment: '撤销' });
const CAP = 6000;
const countedOf = (entries: CapEntry[], keys: (e: CapEntry) => boolean = () => true) => {
  const { counted } = applyYearlyCap(entries, CAP);
  return entries.filter(keys).map((e) => counted.get(e.key));
};
const sum = (values: (number | undefined)[]) => values.reduce<number>((s, v) => s + (v ?? 0), 0);

describe('applyYearlyCap', () => {
  const a = record('a', '2026-02-01T00:00:00.000Z');
  const b = record('b', '2026-03-01T00:00:00.000Z');
  const c = record('c', '2026-04-01T00:00:00.000Z');
  const d = record('d', '2027-01-10T00:00:00.000Z');

  it('counts at most 60 per item and year: 3 × 24 in INVEST in 2026 count 60, 2027 separately', () => {
    const entries = [...a, ...b, ...c, ...d];
    expect(countedOf(entries)).toEqual([480, 1920, 480, 1920, 480, 720, 480, 1920]);
    const totals = cadreTotals(entries, standard);
    expect(totals.total).toBe(6000 + 2400);
    expect(totals.byItem).toEqual({ INVEST: 8400 });
    expect(totals.capped).toEqual([{ firstLevelCode: 'INVEST', year: '2026', earned: 7200, counted: 6000, cap: 6000 }]);
  });

  it('counts the entry that crosses the cap partially and later ones 0', () => {
    const e = record('e', '2026-05-01T00:00:00.000Z');
    expect(countedOf([...a, ...b, ...c, ...e])).toEqual([480, 1920, 480, 1920, 480, 720, 0, 0]);
  });

  it('fills in order of verification, whatever order the entries come in', () => {
    const shuffled = [...c, ...d, ...a, ...b].reverse();
    const { counted } = applyYearlyCap(shuffled, CAP);
    expect([...c].map((x) => counted.get(x.key))).toEqual([480, 720]);
    expect(cadreTotals(shuffled, standard)).toEqual(cadreTotals([...a, ...b, ...c, ...d], standard));
  });

  it('caps each first-level item on its own, and never tasks', () => {
    const project = record('p', '2026-06-01T00:00:00.000Z', { itemCode: 'PROJECT-01', firstLevelCode: 'PROJECT' });
    const entries = [...a, ...b, ...c, ...project, ...task('2026-07-01T00:00:00.000Z'), ...task('2026-08-01T00:00:00.000Z').map((x) => ({ ...x, key: `${x.key}-2` }))];
    const totals = cadreTotals(entries, standard);
    expect(totals.byItem).toEqual({ INVEST: 6000, PROJECT: 2400, TASK: 2 * 16500 });
    expect(totals.bonus).toBe(3000);
    expect(totals.total).toBe(6000 + 2400 + 33000);
    expect(entries.filter(isCapped)).toHaveLength(8);
  });

  it('caps per cadre', () => {
    const shared = record('s', '2026-05-01T00:00:00.000Z', {
      participants: [
        { userId: 'u1', role: 'lead', share: 50 },
        { userId: 'u2', role: 'member', share: 50 },
      ],
    });
    const { counted } = applyYearlyCap([...a, ...b, ...c, ...shared], CAP);
    // u1 is at the cap; u2's half (2.40 + 9.60) counts in full
    expect(shared.map((x) => [x.cadreId, x.part, counted.get(x.key)])).toEqual([
      ['u1', 'participation', 0],
      ['u1', 'contribution', 0],
      ['u2', 'participation', 240],
      ['u2', 'contribution', 960],
    ]);
  });

  it('nets a revoked entry and its reversal to 0 when nothing was capped', () => {
    const entries = [...a, ...revoke(a)];
    expect(countedOf(entries)).toEqual([480, 1920, -480, -1920]);
    expect(cadreTotals(entries, standard)).toMatchObject({ total: 0, participation: 480, contribution: 1920, reversal: -2400, byItem: { INVEST: 0 }, capped: [] });
  });

  it('frees room when a record is revoked: the records the cap cut count again', () => {
    // a, b, c: 24 each; revoking a leaves b + c = 48 under the cap, so c counts in full now
    const entries = [...a, ...b, ...c, ...revoke(a)];
    expect(countedOf(entries)).toEqual([480, 1920, 480, 1920, 480, 1920, -480, -1920]);
    const totals = cadreTotals(entries, standard);
    expect(totals).toMatchObject({ total: 4800, reversal: -2400, capped: [] });
    expect(totals.participation + totals.contribution + totals.bonus + totals.reversal).toBe(totals.total);
  });

  it('takes back what a capped entry counted when it is the one revoked', () => {
    const entries = [...a, ...b, ...c, ...revoke(c)];
    // c counted 4.80 + 7.20 before it was revoked; its reversals take back exactly that
    expect(countedOf(entries)).toEqual([480, 1920, 480, 1920, 480, 720, -480, -720]);
    expect(cadreTotals(entries, standard)).toMatchObject({ total: 4800, participation: 1440, contribution: 4560, reversal: -1200 });
  });

  it('counts min(cap, live entries) per item and year, whatever was revoked', () => {
    const e = record('e', '2026-05-01T00:00:00.000Z');
    const f = record('f', '2026-06-01T00:00:00.000Z');
    const all = [a, b, c, e, f];
    for (let mask = 0; mask < 1 << all.length; mask++) {
      const revoked = all.filter((_, i) => mask & (1 << i));
      const live = all.filter((_, i) => !(mask & (1 << i)));
      const entries = [...all.flat(), ...revoked.flatMap((r) => revoke(r))];
      expect(cadreTotals(entries, standard).total).toBe(Math.min(CAP, 2400 * live.length));
    }
  });

  it('lets later records fill room freed by an earlier revocation', () => {
    const entries = [...a, ...revoke(a, '2026-02-15T00:00:00.000Z'), ...b, ...c, ...record('e', '2026-05-01T00:00:00.000Z')];
    expect(cadreTotals(entries, standard).total).toBe(6000);
  });

  it('is idempotent: an entry passed twice counts once', () => {
    const entries = [...a, ...b, ...c];
    expect(cadreTotals([...entries, ...entries, ...revoke(a), ...revoke(a)], standard)).toEqual(cadreTotals([...entries, ...revoke(a)], standard));
  });

  it('lets a reversal without its original take back its own amount', () => {
    const entries = revoke(a);
    expect(countedOf(entries)).toEqual([-480, -1920]);
  });

  it('reverses task entries in full (they are never capped)', () => {
    const t = task('2026-07-01T00:00:00.000Z');
    expect(cadreTotals([...t, ...reversalEntries(t)], standard)).toMatchObject({ total: 0, bonus: 1500, reversal: -16500, byItem: { TASK: 0 } });
  });

  it('follows the standard’s cap, down to 0', () => {
    expect(cadreTotals([...a, ...b], { yearlyCapPerItem: 30 }).total).toBe(3000);
    expect(cadreTotals([...a, ...b], { yearlyCapPerItem: 0 }).total).toBe(0);
    expect(cadreTotals([...a, ...b], { yearlyCapPerItem: 1000 }).total).toBe(4800);
    expect(sum(countedOf([]))).toBe(0);
  });

  it('reports capped items by year and code, with what was earned', () => {
    const p = [1, 2, 3].flatMap((i) => record(`p${i}`, `2027-0${i}-01T00:00:00.000Z`, { itemCode: 'PROJECT-01', firstLevelCode: 'PROJECT' }));
    const i2027 = [1, 2, 3].flatMap((i) => record(`i${i}`, `2027-0${i}-02T00:00:00.000Z`));
    expect(cadreTotals([...p, ...i2027, ...a, ...b, ...c], standard).capped).toEqual([
      { firstLevelCode: 'INVEST', year: '2026', earned: 7200, counted: 6000, cap: 6000 },
      { firstLevelCode: 'INVEST', year: '2027', earned: 7200, counted: 6000, cap: 6000 },
      { firstLevelCode: 'PROJECT', year: '2027', earned: 7200, counted: 6000, cap: 6000 },
    ]);
  });
});
