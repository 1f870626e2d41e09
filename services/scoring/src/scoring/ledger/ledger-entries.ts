import type { LedgerDocument } from '../scoring.schema';
import type { LedgerEntryDraft } from '../domain/entries';
import type { CapEntry } from '../domain/cap';
import type { BreakdownEntry } from '../domain/breakdown';

/** An entry as stored: `_id` is `v<standard version>|<natural key>`. */
export function toDocument(draft: LedgerEntryDraft, createdAt: Date): LedgerDocument {
  return {
    _id: `v${draft.standardVersion}|${draft.key}`,
    key: draft.key,
    cadreId: draft.cadreId,
    hundredths: draft.hundredths,
    part: draft.part,
    sourceType: draft.source.type,
    sourceId: draft.source.id,
    sourceVersion: draft.source.version,
    itemCode: draft.itemCode ?? null,
    firstLevelCode: draft.firstLevelCode ?? null,
    standardVersion: draft.standardVersion,
    period: draft.period,
    occurredAt: draft.occurredAt,
    explanation: draft.explanation,
    facts: draft.facts,
    reverses: draft.reverses ?? null,
    createdAt,
  };
}

/** A stored entry (or a draft) as the cap and the totals read it. */
export function capEntry(entry: LedgerDocument | LedgerEntryDraft): CapEntry {
  if ('sourceType' in entry) {
    return {
      key: entry.key,
      cadreId: entry.cadreId,
      part: entry.part,
      hundredths: entry.hundredths,
      source: { type: entry.sourceType },
      ...(entry.firstLevelCode ? { firstLevelCode: entry.firstLevelCode } : {}),
      period: entry.period,
      occurredAt: entry.occurredAt,
      ...(entry.reverses ? { reverses: entry.reverses } : {}),
    };
  }
  return entry;
}

/** A stored entry as the breakdown of `scoring.score.updated` reads it: as the cap does, with its source's id. */
export function breakdownEntry(entry: LedgerDocument): BreakdownEntry {
  return { ...capEntry(entry), source: { type: entry.sourceType, id: entry.sourceId } };
}
