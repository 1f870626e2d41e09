import { createHmac } from 'node:crypto';
import { CRITERION_ANSWERS, SATISFACTION_ANSWERS, type BallotBody, type ProblemFieldError } from '@cadre/contracts';
import type { GroupTally } from './results';

/** A tally as stored, without its `_id`: sums, and the voters' keyed hashes. */
export interface TallySums extends GroupTally {
  voters: string[];
}

/** The voter's keyed hash in a tally: refuses a second ballot, and without the cycle's key links to no one. */
export function voterHash(key: string, raterId: string): string {
  return createHmac('sha256', Buffer.from(key, 'base64')).update(raterId).digest('hex');
}

/** 400 naming `scores.<code>` for each criterion of the cycle missing from the ballot, and each code it does not have. */
export function scoreErrors(criteria: { code: string }[], scores: Record<string, string>): ProblemFieldError[] {
  const codes = new Set(criteria.map((c) => c.code));
  return [
    ...criteria.filter((c) => !Object.prototype.hasOwnProperty.call(scores, c.code)).map((c) => ({ path: `scores.${c.code}`, message: 'is required: answer every criterion' })),
    ...Object.keys(scores).filter((code) => !codes.has(code)).map((code) => ({ path: `scores.${code}`, message: 'is not a criterion of this survey' })),
  ];
}

/** A tally with one more ballot: only sums change, and the voters' hashes stay sorted (no insertion order). */
export function addBallot(tally: TallySums | null, ballot: Pick<BallotBody, 'scores' | 'satisfaction'>, hash: string): TallySums {
  const answers: TallySums['answers'] = {};
  for (const [code, counts] of Object.entries(tally?.answers ?? {})) answers[code] = { ...counts };
  for (const [code, answer] of Object.entries(ballot.scores)) {
    const counts = (answers[code] ??= Object.fromEntries(CRITERION_ANSWERS.map((a) => [a, 0])));
    counts[answer] = (counts[answer] ?? 0) + 1;
  }
  const satisfaction = { ...Object.fromEntries(SATISFACTION_ANSWERS.map((a) => [a, 0])), ...tally?.satisfaction };
  satisfaction[ballot.satisfaction] = (satisfaction[ballot.satisfaction] ?? 0) + 1;
  return { count: (tally?.count ?? 0) + 1, answers, satisfaction, voters: [...(tally?.voters ?? []), hash].sort() };
}
