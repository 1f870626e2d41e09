import type { CandidateType, OutcomeKind, RoundKind, SelectionConcludedV1 } from '@cadre/contracts';
import type { Cell } from './cells';
import { yearOf } from './time';

/**
 * A concluded selection round as analytics knows it (`sel:<roundId>`): its outcomes as drawn. The round's version
 * only grows, so a redelivered or replayed `selection.round.concluded` folds to nothing.
 */
export interface RoundFact {
  id: string;
  version: number;
  kind: RoundKind;
  name: string;
  /** The Beijing year of `concludedAt`: every figure of the round counts in it. */
  year: string;
  openedAt: string;
  decidedAt: string;
  concludedAt: string;
  outcomes: OutcomeFact[];
}

export interface OutcomeFact {
  type: CandidateType;
  candidateId: string;
  departmentId: string;
  outcome: OutcomeKind;
  position: string;
  topDecile: boolean | null;
}

export function foldConcluded(fact: RoundFact | null, data: SelectionConcludedV1): RoundFact | null {
  if (fact && fact.version >= data.version) return null;
  if (!Array.isArray(data.outcomes)) throw new Error('a concluded round without outcomes');
  return {
    id: roundIdOf(data),
    version: data.version,
    kind: data.kind,
    name: data.name,
    year: yearOf(data.concludedAt),
    openedAt: data.openedAt,
    decidedAt: data.decidedAt,
    concludedAt: data.concludedAt,
    outcomes: data.outcomes.map((o) => ({ type: o.type, candidateId: o.candidateId, departmentId: o.departmentId, outcome: o.outcome, position: o.position, topDecile: o.topDecile })),
  };
}

export function roundIdOf(data: Pick<SelectionConcludedV1, 'roundId'>): string {
  if (typeof data.roundId !== 'string' || !data.roundId) throw new Error('a concluded round without a roundId');
  return data.roundId;
}

const DAY_MS = 86_400_000;

/** Days from opening to the decisions, 1 decimal (never below 0). */
export function daysToDecision(openedAt: string, decidedAt: string): number {
  const ms = Date.parse(decidedAt) - Date.parse(openedAt);
  if (!Number.isFinite(ms)) throw new RangeError(`not date-times: ${openedAt}, ${decidedAt}`);
  return Math.round(Math.max(0, ms) / DAY_MS * 10) / 10;
}

/** A round of the year as the rounds' figures read it (`rows/rselr|<year>`, `<roundId>`). */
export interface RoundEntry {
  days: number;
  /** The departments of its outcomes (as drawn): the round counts in a scope holding one of them. */
  departmentIds: string[];
}

/** An outcome in the cadre's portrait (`rows/rselc|<cadre>`, `outcomes.<roundId>`). */
export interface CadreOutcomeEntry {
  roundName: string;
  kind: RoundKind;
  outcome: OutcomeKind;
  position: string;
  concludedAt: string;
}

export const outcomeDocId = (cadreId: string) => `rselc|${cadreId}`;

/**
 * What a concluded round adds (the SELECTION stream feeds these documents only):
 * - `rows/rsel|<year>|<dept>`: `<outcome>` +1 per outcome under the candidate's department as drawn (own counts);
 *   for a cadre with a known place, `merit.selected` +1 and, within the best tenth, `merit.top` +1;
 * - `rows/rselr|<year>`: `<roundId>`, the round's days to decision and departments (when it has outcomes);
 * - `rows/rselc|<cadre>`: `outcomes.<roundId>`, the portrait's entry.
 */
export function roundCells(fact: RoundFact): Cell[] {
  const cells: Cell[] = [];
  for (const o of fact.outcomes) {
    const doc = `rsel|${fact.year}|${o.departmentId}`;
    cells.push({ collection: 'rows', doc, path: o.outcome, value: 1 });
    if (o.type !== 'cadre') continue;
    if (o.topDecile !== null) {
      cells.push({ collection: 'rows', doc, path: 'merit.selected', value: 1 });
      if (o.topDecile) cells.push({ collection: 'rows', doc, path: 'merit.top', value: 1 });
    }
    const entry: CadreOutcomeEntry = { roundName: fact.name, kind: fact.kind, outcome: o.outcome, position: o.position, concludedAt: fact.concludedAt };
    cells.push({ collection: 'rows', doc: outcomeDocId(o.candidateId), path: `outcomes.${fact.id}`, value: entry });
  }
  if (fact.outcomes.length) {
    const entry: RoundEntry = { days: daysToDecision(fact.openedAt, fact.decidedAt), departmentIds: [...new Set(fact.outcomes.map((o) => o.departmentId))].sort() };
    cells.push({ collection: 'rows', doc: `rselr|${fact.year}`, path: fact.id, value: entry });
  }
  return cells;
}

/** Mean and median (the middle one, or the mean of the two middle ones) of days, 1 decimal; null without any. */
export function dayFigures(days: readonly number[]): { average: number | null; median: number | null } {
  if (!days.length) return { average: null, median: null };
  const sorted = [...days].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const oneDecimal = (x: number) => Math.round(x * 10) / 10;
  return { average: oneDecimal(sorted.reduce((a, b) => a + b, 0) / sorted.length), median: oneDecimal(median) };
}

/** 凭实绩: of the selected cadres with a known place, the share within the best tenth, percent with 2 decimals; null without any. */
export const meritShare = (selected: number, top: number): number | null => (selected ? Math.round((top / selected) * 10_000) / 100 : null);

/**
 * A place by points city-wide: 1 + those with more points (ties share the better place), of `cadres`; within the best
 * tenth when the place is at most ⌈cadres / 10⌉.
 */
export function cityPlace(above: number, cadres: number): { cityRank: number; cityCadres: number; topDecile: boolean } {
  const cityRank = above + 1;
  const cityCadres = Math.max(cadres, cityRank);
  return { cityRank, cityCadres, topDecile: cityRank <= Math.ceil(cityCadres / 10) };
}
