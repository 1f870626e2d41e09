import type { AppraisalGradeV1, RecordTransitionV1, ScoringStandard, TaskConcludedV1 } from '@cadre/contracts';
import { appraisalEntries, recordEntries, reversalEntries, taskEntries, type LedgerEntryDraft, type RevocationFact } from './entries';

/** What gives points: a verified record, a concluded task, a confirmed appraisal grade. */
export type SourceType = 'record' | 'task' | 'appraisal';

/**
 * A source of points (a record, a task, an appraisal) as the ledger keeps it: the facts its events brought, so that
 * any standard can derive its entries again (a dry run, an activation), and its revocation (return) once revoked.
 */
export interface SourceFacts {
  type: SourceType;
  data: Record<string, unknown>;
  revoked: RevocationFact | null;
  /**
   * A record's earlier verifications, each reversed when a disputed share reopened it; an appraisal's earlier
   * confirmations, each reversed when the grade was returned.
   */
  earlier?: { data: Record<string, unknown>; revoked: RevocationFact }[];
}

/**
 * Every entry a source yields under a standard: the same facts and standard give the same entries, with the same
 * natural keys. A revoked record yields its originals and their reversals; a record verified again after a
 * reopening yields each verification's entries (keyed by its version) with the reversals of those reopened.
 */
export function sourceEntries(source: SourceFacts, version: number, standard: ScoringStandard): LedgerEntryDraft[] {
  if (source.type === 'task') return taskEntries(standard, version, source.data as unknown as TaskConcludedV1);
  const rounds = [...(source.earlier ?? []), { data: source.data, revoked: source.revoked }];
  return rounds.flatMap((round) => {
    const originals =
      source.type === 'appraisal'
        ? appraisalEntries(standard, version, round.data as unknown as AppraisalGradeV1)
        : recordEntries(standard, version, { ...(round.data as unknown as RecordTransitionV1), status: 'verified' });
    return round.revoked ? [...originals, ...reversalEntries(originals, round.revoked)] : originals;
  });
}

/** What scoring keeps of a record: its current verification, that one's reversal, and the earlier rounds. */
export type RecordRounds = Required<Pick<SourceFacts, 'data' | 'revoked' | 'earlier'>>;

const versionOf = (data: Record<string, unknown>) => Number(data.version);

/**
 * A verification (`records.record.verified`) of a record already kept: a later version opens a new round, the
 * current one moving to `earlier` with its reversal (the reopening's; implied at the new verification if the
 * reopening never arrived, since only a reopened record is verified again). The same or an older version (a
 * redelivery) changes nothing: null.
 */
export function verifiedAgain(source: SourceFacts, verified: RecordTransitionV1): RecordRounds | null {
  if (verified.version <= versionOf(source.data)) return null;
  const reversal: RevocationFact = source.revoked ?? { version: verified.version, occurredAt: verified.occurredAt, kind: 'reopened' };
  return { data: verified as unknown as Record<string, unknown>, revoked: null, earlier: [...(source.earlier ?? []), { data: source.data, revoked: reversal }] };
}

/**
 * A reopening (`records.record.reopened`): the current verification's reversal, when the reopening is newer than
 * it and it is not reversed yet; otherwise (a redelivery, a reopening older than a later verification) nothing.
 */
export function reopening(source: SourceFacts, reopened: RecordTransitionV1): RevocationFact | null {
  if (source.revoked || reopened.version <= versionOf(source.data)) return null;
  return { version: reopened.version, occurredAt: reopened.occurredAt, comment: reopened.comment, kind: 'reopened' };
}

/**
 * The facts a revocation (`records.record.revoked`) keeps of a record that was not known yet: the record as it was
 * verified (the event carries it whole), so its entries can be written and reversed.
 */
export function verifiedFactsOf(revoked: RecordTransitionV1): Record<string, unknown> {
  return { ...revoked, status: 'verified' } as unknown as Record<string, unknown>;
}

/** What a revocation adds to its record's facts. */
export function revocationOf(revoked: RecordTransitionV1): RevocationFact {
  return { version: revoked.version, occurredAt: revoked.occurredAt, comment: revoked.comment };
}

/**
 * A confirmation (`appraisal.grade.confirmed`) of an appraisal already kept: a later version opens a new round, the
 * current one moving to `earlier` with its reversal (the return's; implied at the new confirmation if the return
 * never arrived, since only a returned grade is confirmed again). The same or an older version (a redelivery, a
 * late event) changes nothing: null.
 */
export function confirmedAgain(source: SourceFacts, confirmed: AppraisalGradeV1): RecordRounds | null {
  if (confirmed.version <= versionOf(source.data)) return null;
  const reversal: RevocationFact = source.revoked ?? { version: confirmed.version, occurredAt: confirmed.occurredAt, kind: 'returned' };
  return { data: confirmed as unknown as Record<string, unknown>, revoked: null, earlier: [...(source.earlier ?? []), { data: source.data, revoked: reversal }] };
}

/**
 * A return (`appraisal.grade.returned`) of a kept (confirmed) appraisal: the current confirmation's reversal, when
 * the return is newer than it and it is not reversed yet; otherwise (a redelivery, a return older than a later
 * confirmation) nothing. A return of a grade scoring never saw confirmed (from 待审核) is not given here at all.
 */
export function gradeReturn(source: SourceFacts, returned: AppraisalGradeV1): RevocationFact | null {
  if (source.revoked || returned.version <= versionOf(source.data)) return null;
  return { version: returned.version, occurredAt: returned.occurredAt, comment: returned.comment, kind: 'returned' };
}
