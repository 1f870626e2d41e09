import { SELECTION_EVENTS, type SelectionConcludedV1, type SelectionOutcomeV1 } from '@cadre/contracts';
import { CellSum, diffCells } from './cells';
import { cityPlace, dayFigures, daysToDecision, foldConcluded, meritShare, roundCells, type RoundFact } from './selection';
import { projectionOf } from './projections';

const outcome = (candidateId: string, departmentId: string, fields: Partial<SelectionOutcomeV1> = {}): SelectionOutcomeV1 => ({
  type: 'cadre',
  candidateId,
  name: candidateId,
  departmentId,
  departmentPath: ['city', departmentId],
  rankLevel: 'section',
  position: '副局长',
  outcome: 'promoted',
  points: 120,
  topDecile: true,
  decidedBy: 'assessor',
  ...fields,
});

const concluded = (version: number, outcomes: SelectionOutcomeV1[], fields: Partial<SelectionConcludedV1> = {}): SelectionConcludedV1 => ({
  roundId: 'r1',
  kind: 'promotion',
  name: '2026年第一批提拔',
  status: 'concluded',
  departmentIds: ['d1', 'd2'],
  openedAt: '2026-03-01T00:00:00.000Z',
  openedBy: 'assessor',
  applyUntil: null,
  decidedAt: '2026-03-13T12:00:00.000Z',
  // 2026-12-31 17:00 UTC is 2027-01-01 in Beijing.
  concludedAt: '2026-12-31T17:00:00.000Z',
  outcomes,
  candidates: 5,
  withdrawn: 0,
  version,
  occurredAt: '2026-12-31T17:00:00.000Z',
  ...fields,
});

const sum = (fact: RoundFact) => {
  const total = new CellSum();
  total.add(roundCells(fact));
  return Object.fromEntries([...total.docs.values()].map((d) => [d.doc, d.body]));
};

describe('selection outcomes (selection.round.concluded)', () => {
  it('counts each outcome in the Beijing year of the conclusion under the department as drawn, 凭实绩 for cadres with a known place', () => {
    const fact = foldConcluded(null, concluded(7, [
      outcome('u1', 'd1'),
      outcome('u2', 'd1', { topDecile: false, outcome: 'awarded' }),
      outcome('u3', 'd2', { topDecile: null, points: null }),
      outcome('dep', 'd2', { type: 'department', topDecile: null, points: null, outcome: 'awarded' }),
    ]))!;
    expect(fact.year).toBe('2027');
    const docs = sum(fact);
    expect(docs['rsel|2027|d1']).toEqual({ promoted: 1, awarded: 1, merit: { selected: 2, top: 1 } });
    expect(docs['rsel|2027|d2']).toEqual({ promoted: 1, awarded: 1 });
    expect(docs['rselr|2027']).toEqual({ r1: { days: 12.5, departmentIds: ['d1', 'd2'] } });
    expect(docs['rselc|u1']).toEqual({ outcomes: { r1: { roundName: '2026年第一批提拔', kind: 'promotion', outcome: 'promoted', position: '副局长', concludedAt: '2026-12-31T17:00:00.000Z' } } });
    // A department's outcome has no portrait.
    expect(docs['rselc|dep']).toBeUndefined();
  });

  it('a redelivered or older event folds to nothing; a newer one replaces the round, and the difference undoes the old counts', () => {
    const first = foldConcluded(null, concluded(7, [outcome('u1', 'd1')]))!;
    expect(foldConcluded(first, concluded(7, [outcome('u1', 'd1'), outcome('u2', 'd1')]))).toBeNull();
    expect(foldConcluded(first, concluded(6, []))).toBeNull();
    const later = foldConcluded(first, concluded(8, [outcome('u2', 'd2', { outcome: 'advanced' })]))!;
    const changes = diffCells(roundCells(first), roundCells(later));
    const d1 = changes.find((c) => c.doc === 'rsel|2027|d1')!;
    expect(d1.inc).toEqual({ promoted: -1, 'merit.selected': -1, 'merit.top': -1 });
    expect(changes.find((c) => c.doc === 'rselc|u1')!.unset).toEqual(['outcomes.r1']);
    expect(changes.find((c) => c.doc === 'rsel|2027|d2')!.inc).toEqual({ advanced: 1, 'merit.selected': 1, 'merit.top': 1 });
  });

  it('a round without outcomes adds no round to the days figures', () => {
    expect(roundCells(foldConcluded(null, concluded(1, []))!)).toEqual([]);
  });

  it('is the projection of selection.round.concluded only; a malformed one fails its fold', () => {
    expect(projectionOf(SELECTION_EVENTS.roundConcluded)?.kind).toBe('sel');
    expect(projectionOf(SELECTION_EVENTS.roundOpened)).toBeUndefined();
    expect(projectionOf(SELECTION_EVENTS.noticePublished)).toBeUndefined();
    expect(() => projectionOf(SELECTION_EVENTS.roundConcluded)!.idOf({})).toThrow(/roundId/);
    expect(() => foldConcluded(null, { ...concluded(1, []), outcomes: undefined as never })).toThrow(/outcomes/);
  });
});

describe('selection figures', () => {
  it('days to decision: whole days and tenths, never negative', () => {
    expect(daysToDecision('2026-03-01T00:00:00.000Z', '2026-03-13T12:00:00.000Z')).toBe(12.5);
    expect(daysToDecision('2026-03-01T00:00:00.000Z', '2026-03-01T05:00:00.000Z')).toBe(0.2);
    expect(daysToDecision('2026-03-02T00:00:00.000Z', '2026-03-01T00:00:00.000Z')).toBe(0);
  });

  it('mean and median days, 1 decimal; null without rounds', () => {
    expect(dayFigures([])).toEqual({ average: null, median: null });
    expect(dayFigures([10])).toEqual({ average: 10, median: 10 });
    expect(dayFigures([30, 10, 12.5])).toEqual({ average: 17.5, median: 12.5 });
    expect(dayFigures([1, 2, 4, 10])).toEqual({ average: 4.3, median: 3 });
  });

  it('merit share in percent, 2 decimals; null without selected cadres', () => {
    expect(meritShare(0, 0)).toBeNull();
    expect(meritShare(3, 1)).toBe(33.33);
    expect(meritShare(3, 2)).toBe(66.67);
    expect(meritShare(4, 4)).toBe(100);
  });

  it('city place: ties share the better place, the best tenth is ⌈cadres / 10⌉ places', () => {
    expect(cityPlace(0, 58)).toEqual({ cityRank: 1, cityCadres: 58, topDecile: true });
    expect(cityPlace(5, 58)).toEqual({ cityRank: 6, cityCadres: 58, topDecile: true });
    expect(cityPlace(6, 58)).toEqual({ cityRank: 7, cityCadres: 58, topDecile: false });
    expect(cityPlace(0, 1)).toEqual({ cityRank: 1, cityCadres: 1, topDecile: true });
    expect(cityPlace(10, 100)).toEqual({ cityRank: 11, cityCadres: 100, topDecile: false });
  });
});
