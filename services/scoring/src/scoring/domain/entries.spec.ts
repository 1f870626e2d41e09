import { DEFAULT_SCORING_STANDARD as standard, type RecordTransitionV1, type TaskConcludedV1 } from '@cadre/contracts';
import { recordEntries, reversalEntries, reversedKeyOf, ScoringInputError, taskEntries, type LedgerEntryDraft } from './entries';

function verified(overrides: Partial<RecordTransitionV1> = {}): RecordTransitionV1 {
  return {
    recordId: 'r1',
    version: 4,
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
    claimedImpactLevel: 'district',
    confirmedImpactLevel: 'city',
    rating: 'good',
    participants: [{ userId: 'u1', role: 'lead', share: 100 }],
    createdAt: '2026-03-30T02:00:00.000Z',
    submittedAt: '2026-04-01T02:00:00.000Z',
    verifiedAt: '2026-04-10T02:00:00.000Z',
    occurredAt: '2026-04-10T02:00:00.000Z',
    ...overrides,
  };
}

function concluded(overrides: Partial<TaskConcludedV1> = {}): TaskConcludedV1 {
  return {
    taskId: 't1',
    version: 9,
    status: 'concluded',
    fromStatus: 'reviewing',
    action: 'conclude',
    actorId: 'publisher-1',
    batchId: 'b1',
    title: '化解历史遗留问题',
    domain: 'legacy',
    flags: ['hard'],
    rewardPoints: 100,
    allowRace: false,
    publisherId: 'publisher-1',
    departmentId: 'd1',
    departmentPath: ['root', 'd1'],
    biddingDeadline: '2026-01-31T16:00:00.000Z',
    deliveryDeadline: '2026-12-31T15:59:59.000Z',
    createdAt: '2026-01-01T00:00:00.000Z',
    publishedAt: '2026-01-02T00:00:00.000Z',
    occurredAt: '2026-11-20T08:00:00.000Z',
    verdict: 'pass',
    verdictTally: { excellent: 0, pass: 2, tolerated: 0, fail: 1 },
    reviewCount: 3,
    teams: [
      {
        teamId: 'team-a',
        teamName: '攻坚队',
        leadId: 'lead',
        bidId: 'bid-a',
        members: [
          { userId: 'lead', role: 'lead', share: 60, departmentId: 'd1', departmentPath: ['root', 'd1'] },
          { userId: 'member', role: 'member', share: 40, departmentId: 'd2', departmentPath: ['root', 'd2'] },
        ],
      },
    ],
    awardedAt: '2026-03-01T00:00:00.000Z',
    resultsSubmittedAt: '2026-11-01T00:00:00.000Z',
    concludedAt: '2026-11-20T08:00:00.000Z',
    ...overrides,
  };
}

const byCadre = (entries: LedgerEntryDraft[]) =>
  entries.reduce<Record<string, number>>((sums, e) => ({ ...sums, [e.cadreId]: (sums[e.cadreId] ?? 0) + e.hundredths }), {});
const amounts = (entries: LedgerEntryDraft[]) => entries.map((e) => [e.cadreId, e.part, e.hundredths]);

describe('recordEntries', () => {
  it('gives a sole filer everything, in two parts (docs/DOMAIN.md §3: INVEST-03, city, good → 19.20 = 3.84 + 15.36)', () => {
    const entries = recordEntries(standard, 1, verified());
    expect(amounts(entries)).toEqual([
      ['u1', 'participation', 384],
      ['u1', 'contribution', 1536],
    ]);
    expect(byCadre(entries)).toEqual({ u1: 1920 });
  });

  it('describes, keys and dates every entry', () => {
    const [participation, contribution] = recordEntries(standard, 3, verified());
    expect(contribution).toEqual({
      key: 'record:r1:v4:u1:contribution',
      cadreId: 'u1',
      part: 'contribution',
      hundredths: 1536,
      source: { type: 'record', id: 'r1', version: 4 },
      itemCode: 'INVEST-03',
      firstLevelCode: 'INVEST',
      standardVersion: 3,
      period: '2026',
      occurredAt: '2026-04-10T02:00:00.000Z',
      explanation: '纪实《引进500强企业》：招商引资 / 500强企业引进 市级 ×2，评定 良好 ×1.2 = 19.20（基础 8）；贡献度 80% 按分工 100% → 15.36',
      facts: {
        basis: { kind: 'record', title: '引进500强企业', itemCode: 'INVEST-03', firstLevelCode: 'INVEST', impactLevel: 'city', impactMultiplier: 2, rating: 'good', ratingMultiplier: 1.2, base: 8, hundredths: 1920 },
        share: { part: 'contribution', fraction: 0.8, share: 100 },
        hundredths: 1536,
      },
    });
    expect(participation.key).toBe('record:r1:v4:u1:participation');
    expect(participation.explanation).toBe('纪实《引进500强企业》：招商引资 / 500强企业引进 市级 ×2，评定 良好 ×1.2 = 19.20（基础 8）；参与度 20% 独得 → 3.84');
  });

  it('splits a shared record 20 % equally and 80 % by share (50/30/20)', () => {
    const entries = recordEntries(
      standard,
      1,
      verified({
        participants: [
          { userId: 'u1', role: 'lead', share: 50 },
          { userId: 'u2', role: 'member', share: 30 },
          { userId: 'u3', role: 'member', share: 20 },
        ],
      }),
    );
    // 19.20 × 20 % ÷ 3 = 1.28 each; 15.36 × 50 % = 7.68, × 30 % = 4.608 → 4.61, × 20 % = 3.072 → 3.07
    expect(amounts(entries)).toEqual([
      ['u1', 'participation', 128],
      ['u1', 'contribution', 768],
      ['u2', 'participation', 128],
      ['u2', 'contribution', 461],
      ['u3', 'participation', 128],
      ['u3', 'contribution', 307],
    ]);
    expect(byCadre(entries)).toEqual({ u1: 896, u2: 589, u3: 435 });
    expect(entries[2].explanation).toBe('纪实《引进500强企业》：招商引资 / 500强企业引进 市级 ×2，评定 良好 ×1.2 = 19.20（基础 8）；参与度 20% 由 3 人均分 → 1.28');
    expect(entries[3].explanation).toBe('纪实《引进500强企业》：招商引资 / 500强企业引进 市级 ×2，评定 良好 ×1.2 = 19.20（基础 8）；贡献度 80% 按分工 30% → 4.61');
    expect(new Set(entries.map((e) => e.key)).size).toBe(6);
  });

  it('rounds each entry separately: 2 participation points among 3 give 0.67 each', () => {
    // PARTY-01 at city rated pass: 5 × 2 × 1.0 = 10 points; participation 2 ÷ 3 = 0.666… → 0.67
    const entries = recordEntries(
      standard,
      1,
      verified({
        firstLevelCode: 'PARTY',
        itemCode: 'PARTY-01',
        confirmedImpactLevel: 'city',
        rating: 'pass',
        participants: [
          { userId: 'u1', role: 'lead', share: 34 },
          { userId: 'u2', role: 'member', share: 33 },
          { userId: 'u3', role: 'member', share: 33 },
        ],
      }),
    );
    expect(entries.filter((e) => e.part === 'participation').map((e) => e.hundredths)).toEqual([67, 67, 67]);
    expect(entries.filter((e) => e.part === 'contribution').map((e) => e.hundredths)).toEqual([272, 264, 264]);
    // Rounded separately, the entries may sum past the record's points by a hundredth or two.
    expect(entries.reduce((s, e) => s + e.hundredths, 0)).toBe(1001);
  });

  it('uses the claimed level when none was confirmed, and the filer alone when nobody is listed', () => {
    const entries = recordEntries(standard, 1, verified({ confirmedImpactLevel: null, participants: [] }));
    // district ×1.5: 8 × 1.5 × 1.2 = 14.40
    expect(amounts(entries)).toEqual([
      ['u1', 'participation', 288],
      ['u1', 'contribution', 1152],
    ]);
  });

  it('gives entries of 0 for a record rated none (不予认定), so the ledger explains it', () => {
    const entries = recordEntries(standard, 1, verified({ rating: 'none' }));
    expect(entries.map((e) => e.hundredths)).toEqual([0, 0]);
    expect(entries[0].explanation).toContain('评定 不予认定 ×0 = 0.00（基础 8）');
  });

  it('takes the period from the verification, in China Standard Time', () => {
    expect(recordEntries(standard, 1, verified({ periodEnd: '2025-12-31', verifiedAt: '2026-01-05T00:00:00.000Z' }))[0].period).toBe('2026');
    // 2026-12-31T17:00Z is 01:00 on 1 January 2027 in Haikou
    expect(recordEntries(standard, 1, verified({ verifiedAt: '2026-12-31T17:00:00.000Z' }))[0].period).toBe('2027');
    expect(recordEntries(standard, 1, verified({ verifiedAt: '2026-12-31T15:59:59.000Z' }))[0].period).toBe('2026');
  });

  it('is deterministic: a redelivered event gives the same entries and keys', () => {
    expect(recordEntries(standard, 1, verified())).toEqual(recordEntries(standard, 1, verified()));
  });

  it('refuses what it cannot score', () => {
    expect(() => recordEntries(standard, 1, verified({ status: 'revoked' }))).toThrow(ScoringInputError);
    expect(() => recordEntries(standard, 1, verified({ rating: null }))).toThrow('verified without a rating');
    expect(() => recordEntries(standard, 1, verified({ rating: 'superb' }))).toThrow('unknown rating: superb');
    expect(() =>
      recordEntries(standard, 1, verified({ participants: [{ userId: 'u1', role: 'lead', share: 60 }, { userId: 'u2', role: 'member', share: 30 }] })),
    ).toThrow('shares sum to 90, not 100');
    expect(() =>
      recordEntries(standard, 1, verified({ participants: [{ userId: 'u1', role: 'lead', share: 50 }, { userId: 'u1', role: 'member', share: 50 }] })),
    ).toThrow('u1 is listed twice');
  });
});

describe('taskEntries', () => {
  it('splits the docs/DOMAIN.md §3 example: lead 15 + 72 + 15 = 102, member 15 + 48 = 63', () => {
    const entries = taskEntries(standard, 2, concluded());
    expect(amounts(entries)).toEqual([
      ['lead', 'participation', 1500],
      ['lead', 'contribution', 7200],
      ['lead', 'bonus', 1500],
      ['member', 'participation', 1500],
      ['member', 'contribution', 4800],
    ]);
    expect(byCadre(entries)).toEqual({ lead: 10200, member: 6300 });
  });

  it('keys, dates and explains every entry', () => {
    const entries = taskEntries(standard, 2, concluded());
    expect(entries.map((e) => e.key)).toEqual([
      'task:t1:team-a:lead:participation',
      'task:t1:team-a:lead:contribution',
      'task:t1:team-a:lead:bonus',
      'task:t1:team-a:member:participation',
      'task:t1:team-a:member:contribution',
    ]);
    for (const e of entries) {
      expect(e).toMatchObject({ source: { type: 'task', id: 't1', version: 9 }, standardVersion: 2, period: '2026', occurredAt: '2026-11-20T08:00:00.000Z' });
      expect(e.firstLevelCode).toBeUndefined();
      expect(e.itemCode).toBeUndefined();
    }
    expect(entries[1].explanation).toBe('任务《化解历史遗留问题》：奖励 100 ×1.5（急难险重：难），评审 合格 ×1 = 150.00；贡献度 80% 按分工 60% → 72.00');
    expect(entries[2].explanation).toBe('任务《化解历史遗留问题》：奖励 100 ×1.5（急难险重：难），评审 合格 ×1 = 150.00；牵头人加分 10% → 15.00');
    expect(entries[3].explanation).toBe('任务《化解历史遗留问题》：奖励 100 ×1.5（急难险重：难），评审 合格 ×1 = 150.00；参与度 20% 由 2 人均分 → 15.00');
  });

  it('applies no flag multiplier without flags and the verdict multipliers', () => {
    expect(byCadre(taskEntries(standard, 1, concluded({ flags: [] })))).toEqual({ lead: 6800, member: 4200 });
    expect(byCadre(taskEntries(standard, 1, concluded({ flags: [], verdict: 'tolerated' })))).toEqual({ lead: 2040, member: 1260 });
    expect(byCadre(taskEntries(standard, 1, concluded({ verdict: 'fail' })))).toEqual({ lead: 0, member: 0 });
    expect(taskEntries(standard, 1, concluded({ flags: [] }))[0].explanation).toBe('任务《化解历史遗留问题》：奖励 100，评审 合格 ×1 = 100.00；参与度 20% 由 2 人均分 → 10.00');
  });

  it('gives a sole-member team everything plus the bonus', () => {
    const team = { teamId: 'solo', teamName: '独行', leadId: 'x', bidId: 'bid-x', members: [{ userId: 'x', role: 'lead' as const, share: 100, departmentId: 'd1', departmentPath: ['d1'] }] };
    expect(amounts(taskEntries(standard, 1, concluded({ teams: [team] })))).toEqual([
      ['x', 'participation', 3000],
      ['x', 'contribution', 12000],
      ['x', 'bonus', 1500],
    ]);
  });

  it('gives every team of a race the full task points', () => {
    const base = concluded();
    const second = {
      teamId: 'team-b',
      teamName: '赛马队',
      leadId: 'b-lead',
      bidId: 'bid-b',
      members: [
        { userId: 'b-lead', role: 'lead' as const, share: 50, departmentId: 'd3', departmentPath: ['d3'] },
        { userId: 'member', role: 'member' as const, share: 50, departmentId: 'd2', departmentPath: ['d2'] },
      ],
    };
    const entries = taskEntries(standard, 1, concluded({ allowRace: true, teams: [...base.teams, second] }));
    // team b: 15 + 60 (+ 15 bonus) each; "member" is in both teams and gets both
    expect(byCadre(entries)).toEqual({ lead: 10200, member: 6300 + 7500, 'b-lead': 9000 });
    expect(new Set(entries.map((e) => e.key)).size).toBe(entries.length);
  });

  it('scores each team of a race under its own verdict and names it in the explanation', () => {
    const base = concluded();
    const delivered = { ...base.teams[0], verdict: 'excellent' as const };
    const failed = {
      teamId: 'team-b',
      teamName: '赛马队',
      leadId: 'b-lead',
      bidId: 'bid-b',
      members: [{ userId: 'b-lead', role: 'lead' as const, share: 100, departmentId: 'd3', departmentPath: ['d3'] }],
      verdict: 'fail' as const,
    };
    const entries = taskEntries(standard, 1, concluded({ allowRace: true, verdict: 'excellent', teams: [delivered, failed] }));
    // team a: 100 × 1.5 (难) × 1.2 = 180; team b: 0
    expect(byCadre(entries)).toEqual({ lead: 18000 * 0.2 / 2 + 18000 * 0.8 * 0.6 + 1800, member: 18000 * 0.2 / 2 + 18000 * 0.8 * 0.4, 'b-lead': 0 });
    expect(entries.find((e) => e.cadreId === 'b-lead' && e.part === 'participation')!.explanation).toBe(
      '任务《化解历史遗留问题》：奖励 100 ×1.5（急难险重：难），赛马队 评审 不合格 ×0 = 0.00；参与度 20% 独得 → 0.00',
    );
    expect(entries.find((e) => e.cadreId === 'lead' && e.part === 'bonus')!.explanation).toContain('攻坚队 评审 优秀 ×1.2 = 180.00；牵头人加分 10% → 18.00');
  });

  it('falls back to the task’s verdict for a team without its own (events from before per-team verdicts)', () => {
    expect(byCadre(taskEntries(standard, 1, concluded({ verdict: 'fail' })))).toEqual({ lead: 0, member: 0 });
    expect(byCadre(taskEntries(standard, 1, concluded({ verdict: 'fail', teams: [{ ...concluded().teams[0], verdict: 'pass' }] })))).toEqual({ lead: 10200, member: 6300 });
  });

  it('refuses what it cannot score', () => {
    const team = concluded().teams[0];
    expect(() => taskEntries(standard, 1, { ...concluded(), status: 'reviewing' } as unknown as TaskConcludedV1)).toThrow(ScoringInputError);
    expect(() => taskEntries(standard, 1, concluded({ teams: [{ ...team, leadId: 'nobody' }] }))).toThrow('leader nobody is not a member');
    expect(() => taskEntries(standard, 1, concluded({ teams: [{ ...team, members: team.members.slice(0, 1) }] }))).toThrow('shares sum to 60, not 100');
    expect(() => taskEntries(standard, 1, concluded({ teams: [{ ...team, members: [] }] }))).toThrow('no participants');
  });
});

describe('reversalEntries', () => {
  it('reverses every original entry exactly, keyed <key>:reversal, in its period and item', () => {
    const originals = recordEntries(standard, 1, verified());
    const reversals = reversalEntries(originals, { version: 5, occurredAt: '2027-02-01T00:00:00.000Z', comment: '证据不实' });
    expect(reversals).toEqual([
      {
        key: 'record:r1:v4:u1:participation:reversal',
        cadreId: 'u1',
        part: 'reversal',
        hundredths: -384,
        source: { type: 'record', id: 'r1', version: 5 },
        itemCode: 'INVEST-03',
        firstLevelCode: 'INVEST',
        standardVersion: 1,
        period: '2026',
        occurredAt: '2027-02-01T00:00:00.000Z',
        explanation: '撤销（证据不实）：冲减参与度 3.84；原计分：纪实《引进500强企业》：招商引资 / 500强企业引进 市级 ×2，评定 良好 ×1.2 = 19.20（基础 8）；参与度 20% 独得 → 3.84',
        facts: { ...originals[0].facts, reversal: { kind: 'revoked', reason: '证据不实' } },
        reverses: 'record:r1:v4:u1:participation',
      },
      expect.objectContaining({ key: 'record:r1:v4:u1:contribution:reversal', hundredths: -1536, reverses: 'record:r1:v4:u1:contribution' }),
    ]);
    expect([...originals, ...reversals].reduce((s, e) => s + e.hundredths, 0)).toBe(0);
  });

  it('keeps the original version and time without a revocation, skips reversals and never gives -0', () => {
    const originals = recordEntries(standard, 1, verified({ rating: 'none' }));
    const reversals = reversalEntries(originals);
    expect(reversals.map((r) => [r.source.version, r.occurredAt, Object.is(r.hundredths, 0)])).toEqual([
      [4, '2026-04-10T02:00:00.000Z', true],
      [4, '2026-04-10T02:00:00.000Z', true],
    ]);
    expect(reversalEntries(reversals)).toEqual([]);
  });

  it('finds the original of a reversal', () => {
    const [reversal] = reversalEntries(recordEntries(standard, 1, verified()));
    expect(reversedKeyOf(reversal)).toBe('record:r1:v4:u1:participation');
    expect(reversedKeyOf({ key: 'a:reversal', part: 'reversal' })).toBe('a');
    expect(reversedKeyOf({ key: 'a', part: 'bonus' })).toBeUndefined();
  });
});
