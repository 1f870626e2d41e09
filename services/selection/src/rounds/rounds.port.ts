import type { Position, RoundKind, RoundStatus } from '@cadre/contracts';

/** What the applications module reads of a round (implemented by the rounds module: `RoundsReader`). */
export interface RoundFacts {
  roundId: string;
  name: string;
  kind: RoundKind;
  status: RoundStatus;
  positions: Position[];
  departmentIds: string[];
  /** Beijing date `YYYY-MM-DD` (award rounds), else null. */
  applyUntil: string | null;
}

export interface RoundsPort {
  /** The round, or null (also for a malformed id). */
  find(roundId: string): Promise<RoundFacts | null>;
}
export const ROUNDS_PORT = Symbol('ROUNDS_PORT');
