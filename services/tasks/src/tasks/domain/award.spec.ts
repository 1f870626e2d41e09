import { rankBids, validateAward } from './award';

const bid = (id: string, score: number | null, submittedAt: string) => ({ id, score, submittedAt });

describe('rankBids', () => {
  it('ranks by score, best first', () => {
    const ranked = rankBids([bid('a', 70, '2025-01-01T00:00:00Z'), bid('b', 90.5, '2025-01-02T00:00:00Z'), bid('c', 80, '2025-01-03T00:00:00Z')]);
    expect(ranked.map((b) => [b.id, b.rank])).toEqual([
      ['b', 1],
      ['c', 2],
      ['a', 3],
    ]);
  });

  it('breaks ties by earlier submission, then by id, whatever the input order', () => {
    const bids = [
      bid('late', 80, '2025-01-03T00:00:00Z'),
      bid('z-same', 80, '2025-01-01T00:00:00Z'),
      bid('early', 80, '2025-01-01T00:00:00.000+08:00'), // 2024-12-31T16:00Z: earliest
      bid('a-same', 80, '2025-01-01T00:00:00Z'),
    ];
    const expected = ['early', 'a-same', 'z-same', 'late'];
    expect(rankBids(bids).map((b) => b.id)).toEqual(expected);
    expect(rankBids([...bids].reverse()).map((b) => b.id)).toEqual(expected);
    expect(rankBids(bids).map((b) => b.rank)).toEqual([1, 2, 3, 4]);
  });

  it('puts unscored bids last, by submission, without a rank', () => {
    const ranked = rankBids([bid('u2', null, '2025-01-02T00:00:00Z'), bid('s', 10, '2025-01-05T00:00:00Z'), bid('u1', null, '2025-01-01T00:00:00Z')]);
    expect(ranked.map((b) => [b.id, b.rank])).toEqual([
      ['s', 1],
      ['u1', null],
      ['u2', null],
    ]);
  });

  it('keeps the bids’ other fields and does not touch the input', () => {
    const input = [{ ...bid('a', 1, '2025-01-01T00:00:00Z'), teamId: 't1' }, { ...bid('b', 2, '2025-01-01T00:00:00Z'), teamId: 't2' }];
    const ranked = rankBids(input);
    expect(ranked[0]).toEqual({ id: 'b', score: 2, submittedAt: '2025-01-01T00:00:00Z', teamId: 't2', rank: 1 });
    expect(input.map((b) => b.id)).toEqual(['a', 'b']);
  });

  it('ranks nothing', () => {
    expect(rankBids([])).toEqual([]);
  });
});

describe('validateAward', () => {
  const bids = [
    bid('b1', 85, '2025-01-01T00:00:00Z'),
    bid('b2', 90, '2025-01-02T00:00:00Z'),
    bid('b3', 70, '2025-01-03T00:00:00Z'),
    bid('b4', null, '2025-01-04T00:00:00Z'),
  ];
  const single = { allowRace: false };
  const race = { allowRace: true };

  it('awards the one top bid', () => {
    const decision = validateAward(single, bids, ['b2']);
    expect(decision).toMatchObject({ ok: true, passedOver: [] });
    if (decision.ok) {
      expect(decision.awarded.map((b) => [b.id, b.rank])).toEqual([['b2', 1]]);
      expect(decision.ranking.map((b) => b.id)).toEqual(['b2', 'b1', 'b3', 'b4']);
    }
  });

  it('lets the publisher pass over a better bid with a written reason, and says so', () => {
    expect(validateAward(single, bids, ['b3'], '团队具备现场经验')).toMatchObject({ ok: true, passedOver: ['b2', 'b1'] });
  });

  it('refuses passing over a better bid without a reason, or with a blank one, naming reason', () => {
    const refused = { ok: false, problems: [{ path: 'reason', message: expect.stringContaining('passed over') }] };
    expect(validateAward(single, bids, ['b3'])).toEqual(refused);
    expect(validateAward(single, bids, ['b3'], '  \n ')).toEqual(refused);
    expect(validateAward(race, bids, ['b3', 'b2'])).toEqual(refused);
  });

  it('needs no reason for the top bids', () => {
    expect(validateAward(single, bids, ['b2'])).toMatchObject({ ok: true });
    expect(validateAward(race, bids, ['b2', 'b1'])).toMatchObject({ ok: true });
  });

  it('awards several bids in a race, best first', () => {
    const decision = validateAward(race, bids, ['b1', 'b2']);
    expect(decision).toMatchObject({ ok: true, passedOver: [] });
    if (decision.ok) expect(decision.awarded.map((b) => b.id)).toEqual(['b2', 'b1']);
    expect(validateAward(race, bids, ['b3', 'b2'], '赛马需要不同思路')).toMatchObject({ ok: true, passedOver: ['b1'] });
  });

  it('refuses several bids without a race', () => {
    expect(validateAward(single, bids, ['b1', 'b2'])).toEqual({
      ok: false,
      problems: [{ path: 'bidIds', message: 'this task awards exactly one bid: it does not allow a race' }],
    });
  });

  it('refuses no bid', () => {
    expect(validateAward(race, bids, [])).toEqual({ ok: false, problems: [{ path: 'bidIds', message: 'give at least one bid' }] });
  });

  it('refuses a bid of another task, a repeated bid and an unscored bid, naming each', () => {
    expect(validateAward(race, bids, ['b2', 'elsewhere', 'b2', 'b4'])).toEqual({
      ok: false,
      problems: [
        { path: 'bidIds.1', message: 'is not a bid on this task' },
        { path: 'bidIds.2', message: 'is listed twice' },
        { path: 'bidIds.3', message: 'has no evaluation score' },
      ],
    });
  });
});
