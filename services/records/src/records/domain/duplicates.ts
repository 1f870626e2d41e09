/** What the duplicate-evidence rule reads of another record. */
export interface EvidenceHolder {
  _id: string;
  evidenceHashes: string[];
  status?: string;
}

/** A record its filer deleted or discarded claims nothing any more: its evidence flags nobody. */
const GONE = new Set(['deleted', 'discarded']);

/**
 * Whether `other` shares evidence with record `selfId` carrying `hashes`: the same SHA-256 on another record,
 * whoever filed it. The same filer using one piece of evidence on two records is flagged too (it would count the
 * same achievement twice).
 */
export function sharesEvidence(other: EvidenceHolder, selfId: string, hashes: readonly string[]): boolean {
  return other._id !== selfId && !GONE.has(other.status ?? '') && other.evidenceHashes.some((hash) => hashes.includes(hash));
}
