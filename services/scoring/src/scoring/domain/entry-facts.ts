import type { ScoringStandard } from '@cadre/contracts';
import type { EntryFacts } from './explanation';
import { sourceEntries, type SourceFacts } from './sources';

/** A stored entry as its explanation reads it. */
export interface ExplainedEntry {
  key: string;
  sourceType: string;
  sourceId: string;
  facts?: EntryFacts | null;
}

/** The sources (`<type>:<id>`) of the entries that carry no facts: those written before facts were kept. */
export function sourcesWithoutFacts(entries: readonly ExplainedEntry[]): string[] {
  return [...new Set(entries.filter((e) => !e.facts).map((e) => `${e.sourceType}:${e.sourceId}`))];
}

/**
 * Each entry's facts by key: its own, or, for an entry written before facts were kept, those its source yields again
 * under the same standard (the same facts and standard give the same entries, with the same keys), so old and new
 * entries read the same. An entry whose source is not given, or no longer derives, gets none (it keeps its sentence).
 */
export function factsByKey(entries: readonly ExplainedEntry[], sources: readonly SourceFacts[], version: number, standard: ScoringStandard): Map<string, EntryFacts> {
  const facts = new Map<string, EntryFacts>();
  for (const source of sources) {
    try {
      for (const draft of sourceEntries(source, version, standard)) facts.set(draft.key, draft.facts);
    } catch {
      // A source scoring cannot score has no entries to explain.
    }
  }
  for (const entry of entries) if (entry.facts) facts.set(entry.key, entry.facts);
  return facts;
}
