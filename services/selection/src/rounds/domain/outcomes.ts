import { OUTCOME_OF_ROUND, beijingDate, type OutcomeKind, type OutcomeListQuery } from '@cadre/contracts';
import type { Actor, CandidateEntry, RoundDocument } from '../round.schema';
import { confirmed } from './round';

/** One outcome of a concluded round: a selected, not withdrawn candidate, with the points frozen at the draw. */
export interface Outcome {
  round: RoundDocument;
  candidate: CandidateEntry;
  kind: OutcomeKind;
  position: string;
  points: number | null;
  topDecile: boolean | null;
  decidedBy: Actor;
  concludedAt: Date;
}

export function outcomesOf(round: RoundDocument): Outcome[] {
  const concludedAt = round.concludedAt;
  if (round.status !== 'concluded' || !concludedAt) return [];
  return confirmed(round).map((candidate) => ({
    round,
    candidate,
    kind: OUTCOME_OF_ROUND[round.kind],
    position: candidate.decision?.position ?? '',
    points: candidate.evidence?.points ?? null,
    topDecile: candidate.evidence?.topDecile ?? null,
    decidedBy: candidate.decision?.by ?? round.openedBy,
    concludedAt,
  }));
}

/** The outcomes' filter: the Beijing year of the conclusion, the candidate's department subtree, the kind. */
export function outcomeMatches(outcome: Outcome, query: Pick<OutcomeListQuery, 'period' | 'departmentId' | 'kind'>): boolean {
  if (query.kind && outcome.kind !== query.kind) return false;
  if (query.period && beijingDate(outcome.concludedAt).slice(0, 4) !== query.period) return false;
  if (query.departmentId && !outcome.candidate.departmentPath.includes(query.departmentId)) return false;
  return true;
}
