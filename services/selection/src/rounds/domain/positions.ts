import type { Position } from '@cadre/contracts';
import type { CandidateEntry } from '../round.schema';

/** How many are selected for each of the round's positions (withdrawn ones free their place). */
export function selectedPerPosition(round: { positions: Position[]; candidates: CandidateEntry[] }): Map<string, number> {
  const counts = new Map(round.positions.map((p) => [p.name, 0]));
  for (const c of round.candidates) {
    const position = c.status === 'selected' ? c.decision?.position : null;
    const held = position ? counts.get(position) : undefined;
    if (position && held !== undefined) counts.set(position, held + 1);
  }
  return counts;
}

export type PositionRefusal = { kind: 'unknown' | 'full'; message: string } | null;

/** Whether `candidateId` may be selected for `position`: one of the round's, its count not reached by the others. */
export function positionRefusal(round: { positions: Position[]; candidates: CandidateEntry[] }, candidateId: string, position: string | null): PositionRefusal {
  const found = round.positions.find((p) => p.name === position);
  if (!found) return { kind: 'unknown', message: `必须是本次选任的职位或奖项之一：${round.positions.map((p) => p.name).join('、')}` };
  const others = round.candidates.filter((c) => c.candidateId !== candidateId && c.status === 'selected' && c.decision?.position === found.name).length;
  if (others >= found.count) return { kind: 'full', message: `${found.name} 名额已满（${found.count} 名）` };
  return null;
}
