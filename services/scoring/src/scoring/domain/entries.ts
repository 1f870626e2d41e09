import {
  APPRAISAL_EVENTS,
  RECORD_EVENTS,
  type AppraisalGradeV1,
  scoringYearOf,
  type LedgerPart,
  type LedgerSourceType,
  type RecordTransitionV1,
  type ScoringStandard,
  type TaskConcludedV1,
} from '@cadre/contracts';
import { basePoints, gradePoints, recordPoints, taskPoints, toHundredths } from './points';
import { explain, type AppraisalBasis, type EntryFacts, type RecordBasis, type TaskBasis } from './explanation';

/**
 * Events → ledger entries (docs/DOMAIN.md §3). Pure: the same event and standard give the same drafts, with the same
 * natural keys, so that storing them under a unique key makes a redelivered event a no-op ("a source produces
 * each entry once, whatever is redelivered").
 *
 * The split, for records and tasks alike: of the points P,
 * - participation (参与度): `participationShare × P ÷ n` to each of the n participants (team members);
 * - contribution (贡献度): `(1 − participationShare) × P × share ÷ 100` to each, by their contribution share;
 * - for a task only, bonus: `leaderBonusShare × P` to the team's leader (牵头人), on top.
 * Every entry is rounded to hundredths on its own (halves away from zero), so the entries of one source may sum
 * to a hundredth or two more or less than P (three participants of 10 points' 2 participation points get 0.67
 * each). A sole participant gets both parts, stored separately (20 % + 80 % of P).
 *
 * Periods: a record's points belong to the calendar year (UTC+8) of its verification (`verifiedAt`), not of the
 * period the record covers — points are earned when they are verified, and a record verified late does not
 * reopen a closed year's ranking. A task's belong to the year of its conclusion (`concludedAt`). A reversal
 * keeps the period of the entry it reverses.
 *
 * Races (赛马): every awarded team of a concluded task is scored on the task's full points under its own verdict
 * (`teams[].verdict`; the task's `verdict` for events from before per-team verdicts), so a delivered team and a
 * failed one get different points. A cadre in two awarded teams gets entries from both (the keys name the team).
 */

/** An entry to append to the ledger; the store adds `id` and `createdAt`. */
export interface LedgerEntryDraft {
  /**
   * Natural key, unique in the ledger: `record:<recordId>:v<version>:<userId>:<part>`, `task:<taskId>:<teamId>:<userId>:<part>`,
   * `appraisal:<appraisalId>:v<version>:<cadreId>:appraisal`, `<key>:reversal`.
   */
  key: string;
  cadreId: string;
  part: LedgerPart;
  /** Integer hundredths of a point; negative only for a reversal. */
  hundredths: number;
  source: { type: LedgerSourceType; id: string; version: number };
  itemCode?: string;
  firstLevelCode?: string;
  standardVersion: number;
  /** `YYYY`, UTC+8. */
  period: string;
  /** When the source event happened: verification, conclusion or revocation. Orders entries for the yearly cap. */
  occurredAt: string;
  /** The sentence people read (`explain(facts)` when it was written). */
  explanation: string;
  /** What the explanation is made of (title, item, level, multipliers, share), so it can be rendered again on read. */
  facts: EntryFacts;
  /** A reversal's original: the key of the entry it reverses. */
  reverses?: string;
}

/** An event scoring cannot turn into entries (a bug upstream): the consumer should dead-letter it, not retry. */
export class ScoringInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScoringInputError';
  }
}

export function recordEntryKey(recordId: string, version: number, userId: string, part: LedgerPart): string {
  return `record:${recordId}:v${version}:${userId}:${part}`;
}

export function taskEntryKey(taskId: string, teamId: string, userId: string, part: LedgerPart): string {
  return `task:${taskId}:${teamId}:${userId}:${part}`;
}

export function appraisalEntryKey(appraisalId: string, version: number, cadreId: string): string {
  return `appraisal:${appraisalId}:v${version}:${cadreId}:appraisal`;
}

const REVERSAL_SUFFIX = ':reversal';

export function reversalKey(originalKey: string): string {
  return `${originalKey}${REVERSAL_SUFFIX}`;
}

/** The key of the entry a reversal reverses (its `reverses`, or its key without `:reversal`); undefined for other entries. */
export function reversedKeyOf(entry: { key: string; part: LedgerPart; reverses?: string }): string | undefined {
  if (entry.part !== 'reversal') return undefined;
  if (entry.reverses !== undefined) return entry.reverses;
  return entry.key.endsWith(REVERSAL_SUFFIX) ? entry.key.slice(0, -REVERSAL_SUFFIX.length) : undefined;
}

interface Sharer {
  userId: string;
  share: number;
}

/** Unique users with shares summing to 100; throws a `ScoringInputError` naming the problem otherwise. */
function checkShares(sharers: readonly Sharer[], what: string): void {
  if (sharers.length === 0) throw new ScoringInputError(`${what}: no participants`);
  const seen = new Set<string>();
  for (const s of sharers) {
    if (seen.has(s.userId)) throw new ScoringInputError(`${what}: ${s.userId} is listed twice`);
    seen.add(s.userId);
    if (!Number.isFinite(s.share) || s.share < 0 || s.share > 100) throw new ScoringInputError(`${what}: ${s.userId} has share ${s.share}`);
  }
  const total = sharers.reduce((sum, s) => sum + s.share, 0);
  if (Math.abs(total - 100) > 1e-9) throw new ScoringInputError(`${what}: shares sum to ${total}, not 100`);
}

interface SplitContext {
  standard: ScoringStandard;
  points: number;
  /** How the points were computed, for the explanations. */
  basis: RecordBasis | TaskBasis;
  key: (userId: string, part: LedgerPart) => string;
  base: Omit<LedgerEntryDraft, 'key' | 'cadreId' | 'part' | 'hundredths' | 'explanation' | 'facts'>;
}

/** An entry's facts and the sentence rendered from them. */
function explained(facts: EntryFacts): Pick<LedgerEntryDraft, 'facts' | 'explanation'> {
  return { facts, explanation: explain(facts) };
}

/** The participation and contribution entries of each sharer, in the order given, participation first. */
function split(ctx: SplitContext, sharers: readonly Sharer[]): LedgerEntryDraft[] {
  const { standard, points, basis } = ctx;
  const n = sharers.length;
  const participationShare = standard.participationShare;
  const contributionShare = 1 - participationShare;
  return sharers.flatMap(({ userId, share }) => {
    const participation = toHundredths((participationShare * points) / n);
    const contribution = toHundredths((contributionShare * points * share) / 100);
    return [
      {
        ...ctx.base,
        key: ctx.key(userId, 'participation'),
        cadreId: userId,
        part: 'participation' as const,
        hundredths: participation,
        ...explained({ basis, share: { part: 'participation', fraction: participationShare, among: n }, hundredths: participation }),
      },
      {
        ...ctx.base,
        key: ctx.key(userId, 'contribution'),
        cadreId: userId,
        part: 'contribution' as const,
        hundredths: contribution,
        ...explained({ basis, share: { part: 'contribution', fraction: contributionShare, share }, hundredths: contribution }),
      },
    ];
  });
}

/**
 * The entries of a verified record (`records.record.verified`): participation and contribution for every
 * participant (the filer alone, as sole lead with 100, when the event lists nobody). Points use the level the
 * assessor confirmed (the claimed one when the event has none confirmed). A record rated `none` (不予认定) gives
 * entries of 0, so the ledger still explains it. Throws a `ScoringInputError` on an event that is not a
 * verification, lacks a rating, or has shares not summing to 100.
 */
export function recordEntries(standard: ScoringStandard, standardVersion: number, event: RecordTransitionV1): LedgerEntryDraft[] {
  const what = `record ${event.recordId} v${event.version}`;
  if (event.status !== 'verified') throw new ScoringInputError(`${what}: status ${event.status} is not verified (${RECORD_EVENTS.verified})`);
  if (event.rating === null) throw new ScoringInputError(`${what}: verified without a rating`);
  const impactLevel = event.confirmedImpactLevel ?? event.claimedImpactLevel;
  const at = event.verifiedAt ?? event.occurredAt;
  const sharers = event.participants.length > 0 ? event.participants : [{ userId: event.cadreId, share: 100 }];
  checkShares(sharers, what);

  let points: number;
  try {
    points = recordPoints(standard, { firstLevelCode: event.firstLevelCode, confirmedImpactLevel: impactLevel, rating: event.rating });
  } catch (error) {
    throw new ScoringInputError(`${what}: ${(error as Error).message}`);
  }
  const ratingMultiplier = standard.ratingMultipliers[event.rating as keyof ScoringStandard['ratingMultipliers']];
  const impactMultiplier = standard.impactMultipliers[impactLevel as keyof ScoringStandard['impactMultipliers']];
  const basis: RecordBasis = {
    kind: 'record',
    title: event.title ?? '',
    itemCode: event.itemCode,
    firstLevelCode: event.firstLevelCode,
    impactLevel,
    impactMultiplier,
    rating: event.rating,
    ratingMultiplier,
    base: basePoints(standard, event.firstLevelCode),
    hundredths: toHundredths(points),
  };

  return split(
    {
      standard,
      points,
      basis,
      key: (userId, part) => recordEntryKey(event.recordId, event.version, userId, part),
      base: {
        source: { type: 'record', id: event.recordId, version: event.version },
        itemCode: event.itemCode,
        firstLevelCode: event.firstLevelCode,
        standardVersion,
        period: scoringYearOf(at),
        occurredAt: at,
      },
    },
    sharers,
  );
}

/**
 * The entries of a concluded task (`tasks.task.concluded`): for every awarded team, participation and
 * contribution for every member, and the leader's (`leadId`) bonus, on the task points under the team's own
 * verdict (races). A `fail` verdict gives entries of 0. Throws a `ScoringInputError` on an event that is not a
 * conclusion, a team whose shares do not sum to 100, or a leader who is not a member.
 */
export function taskEntries(standard: ScoringStandard, standardVersion: number, event: TaskConcludedV1): LedgerEntryDraft[] {
  const what = `task ${event.taskId} v${event.version}`;
  if (event.status !== 'concluded') throw new ScoringInputError(`${what}: status ${event.status} is not concluded`);

  const base = {
    source: { type: 'task' as const, id: event.taskId, version: event.version },
    standardVersion,
    period: scoringYearOf(event.concludedAt),
    occurredAt: event.concludedAt,
  };

  return event.teams.flatMap((team: TaskConcludedV1['teams'][number]) => {
    const teamWhat = `${what} team ${team.teamId}`;
    const verdict = team.verdict ?? event.verdict;
    let points: number;
    try {
      points = taskPoints(standard, { rewardPoints: event.rewardPoints, verdict, flags: event.flags });
    } catch (error) {
      throw new ScoringInputError(`${teamWhat}: ${(error as Error).message}`);
    }
    const basis: TaskBasis = {
      kind: 'task',
      title: event.title ?? '',
      rewardPoints: event.rewardPoints,
      flags: [...event.flags],
      flagMultiplier: event.flags.length > 0 ? standard.flagMultiplier : null,
      teamName: team.verdict !== undefined ? team.teamName : null,
      verdict,
      verdictMultiplier: standard.taskVerdictMultipliers[verdict],
      hundredths: toHundredths(points),
    };
    checkShares(team.members, teamWhat);
    if (!team.members.some((m) => m.userId === team.leadId)) throw new ScoringInputError(`${teamWhat}: leader ${team.leadId} is not a member`);
    const key = (userId: string, part: LedgerPart) => taskEntryKey(event.taskId, team.teamId, userId, part);
    const entries = split({ standard, points, basis, key, base }, team.members);
    const bonus = toHundredths(standard.leaderBonusShare * points);
    const leadAt = entries.findIndex((e) => e.cadreId === team.leadId && e.part === 'contribution');
    entries.splice(leadAt + 1, 0, {
      ...base,
      key: key(team.leadId, 'bonus'),
      cadreId: team.leadId,
      part: 'bonus',
      hundredths: bonus,
      ...explained({ basis, share: { part: 'bonus', fraction: standard.leaderBonusShare }, hundredths: bonus }),
    });
    return entries;
  });
}

/**
 * A confirmed grade (`appraisal.grade.confirmed`): one entry for the cadre, the standard's points for the cycle's kind
 * and the grade (not split, not capped), in the cycle's scoring year (`year`), keyed by the confirmation's version.
 * A grade worth 0 points gives an entry of 0, so the ledger still explains it. Throws a `ScoringInputError` on an
 * event that is not a confirmation, lacks a grade, has a grade of the other scale, or no year.
 */
export function appraisalEntries(standard: Partial<Pick<ScoringStandard, 'appraisalGradePoints'>>, standardVersion: number, event: AppraisalGradeV1): LedgerEntryDraft[] {
  const what = `appraisal ${event.appraisalId} v${event.version}`;
  checkConfirmedGrade(event);
  let points: number;
  try {
    points = gradePoints(standard, event.cycleKind, event.grade as string);
  } catch (error) {
    throw new ScoringInputError(`${what}: ${(error as Error).message}`);
  }
  const hundredths = toHundredths(points);
  const basis: AppraisalBasis = { kind: 'appraisal', title: event.cycleName ?? '', cycleKind: event.cycleKind, grade: event.grade as string, hundredths };
  return [
    {
      key: appraisalEntryKey(event.appraisalId, event.version, event.cadreId),
      cadreId: event.cadreId,
      part: 'appraisal',
      hundredths,
      source: { type: 'appraisal', id: event.appraisalId, version: event.version },
      standardVersion,
      period: event.year,
      occurredAt: event.occurredAt,
      ...explained({ basis, share: { part: 'appraisal' }, hundredths }),
    },
  ];
}

/** Throws a `ScoringInputError` naming what makes `event` no confirmation scoring can give points for. */
export function checkConfirmedGrade(event: AppraisalGradeV1): void {
  const what = `appraisal ${event?.appraisalId} v${event?.version}`;
  if (!event || typeof event.appraisalId !== 'string' || !event.appraisalId) throw new ScoringInputError(`${what}: no appraisalId`);
  if (!Number.isInteger(event.version) || event.version < 1) throw new ScoringInputError(`${what}: no version`);
  if (event.status !== 'confirmed') throw new ScoringInputError(`${what}: status ${event.status} is not confirmed (${APPRAISAL_EVENTS.gradeConfirmed})`);
  if (typeof event.cadreId !== 'string' || !event.cadreId) throw new ScoringInputError(`${what}: no cadreId`);
  if (event.grade === null || event.grade === undefined) throw new ScoringInputError(`${what}: confirmed without a grade`);
  if (typeof event.year !== 'string' || !/^\d{4}$/.test(event.year)) throw new ScoringInputError(`${what}: year ${event.year} is not YYYY`);
  if (typeof event.occurredAt !== 'string' || !Number.isFinite(Date.parse(event.occurredAt))) throw new ScoringInputError(`${what}: occurredAt ${event.occurredAt} is not a time`);
  try {
    gradePoints({}, event.cycleKind, event.grade);
  } catch (error) {
    throw new ScoringInputError(`${what}: ${(error as Error).message}`);
  }
}

/** The revocation a reversal answers: the revoked record's version and time, and the reason. */
export interface RevocationFact {
  version: number;
  occurredAt: string;
  comment?: string;
  /**
   * `reopened`: a share disputed after verification took the points back until the record is verified again;
   * `returned`: the assessor returned a confirmed grade (its points back until it is confirmed again).
   */
  kind?: 'revoked' | 'reopened' | 'returned';
}

/**
 * The reversals of a revoked record's entries (`records.record.revoked`): one `reversal` per original entry,
 * negated, keyed `<original key>:reversal`, in the original's period and item and under its standard version
 * (it takes back exactly what was given). The source version is the revocation's when given (the original's
 * otherwise); entries that are themselves reversals are skipped. The reason, if any, is quoted (first 200
 * characters).
 */
export function reversalEntries(originals: readonly LedgerEntryDraft[], revocation?: RevocationFact): LedgerEntryDraft[] {
  const reversal = { kind: revocation?.kind ?? 'revoked', reason: revocation?.comment?.trim().slice(0, 200) ?? '' } as const;
  return originals
    .filter((original) => original.part !== 'reversal')
    .map((original) => ({
      key: reversalKey(original.key),
      cadreId: original.cadreId,
      part: 'reversal' as const,
      hundredths: original.hundredths === 0 ? 0 : -original.hundredths,
      source: { ...original.source, version: revocation?.version ?? original.source.version },
      ...(original.itemCode !== undefined ? { itemCode: original.itemCode } : {}),
      ...(original.firstLevelCode !== undefined ? { firstLevelCode: original.firstLevelCode } : {}),
      standardVersion: original.standardVersion,
      period: original.period,
      occurredAt: revocation?.occurredAt ?? original.occurredAt,
      ...explained({ ...original.facts, reversal }),
      reverses: original.key,
    }));
}
