import type { RecordTransitionV1, ScoringStandard, TaskConcludedV1 } from '@cadre/contracts';
import { recordEntries, reversalEntries, taskEntries, type LedgerEntryDraft, type RevocationFact } from './entries';

/**
 * A source of points (a record, a task) as the ledger keeps it: the facts its events brought, so that any standard
 * can derive its entries again (a dry run, an activation), and its revocation once revoked.
 */
export interface SourceFacts {
  type: 'record' | 'task';
  data: Record<string, unknown>;
  revoked: RevocationFact | null;
}

/**
 * Every entry a source yields under a standard: the same facts and standard give the same entries, with the same
 * natural keys. A revoked record yields its originals and their reversals.
 */
export function sourceEntries(source: SourceFacts, version: number, standard: ScoringStandard): LedgerEntryDraft[] {
  if (source.type === 'task') return taskEntries(standard, version, source.data as unknown as TaskConcludedV1);
  const facts = { ...(source.data as unknown as RecordTransitionV1), status: 'verified' };
  const originals = recordEntries(standard, version, facts);
  if (!source.revoked) return originals;
  return [...originals, ...reversalEntries(originals, source.revoked)];
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
