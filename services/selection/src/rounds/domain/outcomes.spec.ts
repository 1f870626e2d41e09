import type { CandidateEntry, RoundDocument } from '../round.schema';
import { outcomeMatches, outcomesOf } from './outcomes';

const assessor = { id: 's', name: '陈研判' };
const c = (candidateId: string, status: CandidateEntry['status'], path: string[]) =>
  ({ type: 'cadre', candidateId, name: candidateId, departmentPath: path, status, evidence: { points: 99.5, topDecile: true }, decision: { selected: status !== 'not_selected', position: '副主任', by: assessor } }) as unknown as CandidateEntry;

const round = {
  _id: 'r1',
  kind: 'rank_advance',
  status: 'concluded',
  // 2026-12-31 18:00 UTC is 2027-01-01 in Beijing.
  concludedAt: new Date('2026-12-31T18:00:00Z'),
  openedBy: assessor,
  candidates: [c('a', 'selected', ['city', 'district', 'bureau']), c('b', 'withdrawn', ['city', 'district']), c('d', 'not_selected', ['city'])],
} as unknown as RoundDocument;

describe('outcomes of a concluded round', () => {
  it('the selected, not withdrawn candidates, with the frozen points and the decision-maker', () => {
    expect(outcomesOf({ ...round, status: 'notice' })).toEqual([]);
    const [only, ...rest] = outcomesOf(round);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ kind: 'advanced', position: '副主任', points: 99.5, topDecile: true, decidedBy: assessor });
    expect(only!.candidate.candidateId).toBe('a');
  });
  it('filters by the Beijing year of the conclusion, the department subtree and the kind', () => {
    const [o] = outcomesOf(round);
    expect(outcomeMatches(o!, { period: '2027' })).toBe(true);
    expect(outcomeMatches(o!, { period: '2026' })).toBe(false);
    expect(outcomeMatches(o!, { departmentId: 'district' })).toBe(true);
    expect(outcomeMatches(o!, { departmentId: 'other' })).toBe(false);
    expect(outcomeMatches(o!, { kind: 'promoted' })).toBe(false);
    expect(outcomeMatches(o!, { kind: 'advanced' })).toBe(true);
  });
});
