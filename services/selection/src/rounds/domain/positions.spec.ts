import type { CandidateEntry } from '../round.schema';
import { positionRefusal, selectedPerPosition } from './positions';

const c = (candidateId: string, status: CandidateEntry['status'], position: string | null) => ({ candidateId, status, decision: position ? { position } : null }) as CandidateEntry;

describe('position counts', () => {
  const round = { positions: [{ name: '副主任', count: 2 }, { name: '科长', count: 1 }], candidates: [c('a', 'selected', '副主任'), c('b', 'withdrawn', '副主任'), c('d', 'not_selected', null), c('e', 'selected', '科长')] };
  it('counts the selected per position (withdrawn ones free their place)', () => {
    expect([...selectedPerPosition(round)]).toEqual([['副主任', 1], ['科长', 1]]);
  });
  it('refuses an unknown position and a full one; the candidate holding the place may keep it', () => {
    expect(positionRefusal(round, 'd', '局长')?.kind).toBe('unknown');
    expect(positionRefusal(round, 'd', '科长')).toEqual({ kind: 'full', message: '科长 名额已满（1 名）' });
    expect(positionRefusal(round, 'e', '科长')).toBeNull();
    expect(positionRefusal(round, 'd', '副主任')).toBeNull();
  });
});
