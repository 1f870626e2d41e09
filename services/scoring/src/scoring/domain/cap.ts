import { APPRAISAL_ITEM_KEY, TASK_ITEM_KEY, type LedgerPart, type LedgerSourceType, type ScoringStandard } from '@cadre/contracts';
import { reversedKeyOf } from './entries';
import { toHundredths } from './points';

/**
 * The yearly cap (docs/DOMAIN.md §3: "a cadre earns at most 60 points per first-level item per calendar year from
 * records") and a cadre's totals, as a pure fold over the raw ledger. The ledger keeps every entry at its full
 * amount; what an entry *counts* is derived here, every time, from the set of entries — so recomputing from the
 * ledger is deterministic (independent of the order entries were stored or are passed in) and idempotent.
 *
 * The rule, precisely:
 * 1. Capped are the `participation` and `contribution` entries of records. Task entries (all parts) are never
 *    capped. They are grouped by (cadre, first-level item, period year).
 * 2. An entry is revoked when the set holds a reversal of it (`reverses`, or its key + `:reversal`).
 * 3. The live (unrevoked) entries of a group, in chronological order (`occurredAt`, the verification time;
 *    at equal times by source — the key without its part — then participation before contribution), fill
 *    the cap: each counts `min(hundredths, cap − counted so far)`, never below 0. The entry that crosses the
 *    cap counts partially; later ones count 0.
 * 4. A revoked entry counts what it counted before any revocation: the same fold over all of the group's
 *    entries, revoked or not. Its reversal counts exactly the negative of that, so the pair nets to 0.
 * 5. Every other entry counts its full hundredths; a reversal of one counts its negative.
 * Consequently a group's counted sum is always `min(cap, Σ live entries)`: revoking a record frees room for the
 * cadre's other records of the item and year, including ones verified earlier that the cap had cut. (A plain
 * forward fold, where a reversal only subtracts what the revoked entry counted, would leave those cut for good
 * and make the total depend on the order of verifications and revocations.)
 */

/** What the cap and the totals read of a ledger entry (drafts and stored entries both fit). */
export interface CapEntry {
  key: string;
  cadreId: string;
  part: LedgerPart;
  hundredths: number;
  source: { type: LedgerSourceType };
  firstLevelCode?: string;
  /** `YYYY`. */
  period: string;
  occurredAt: string;
  reverses?: string;
}

/** Whether the yearly cap applies to the entry: a record's participation or contribution. */
export function isCapped(entry: CapEntry): boolean {
  return entry.source.type === 'record' && (entry.part === 'participation' || entry.part === 'contribution') && entry.firstLevelCode !== undefined;
}

const PART_ORDER: Record<LedgerPart, number> = { participation: 0, contribution: 1, bonus: 2, reversal: 3, appraisal: 4 };

function compare(a: string | number, b: string | number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** By `occurredAt`, then by source (the key without its part), then participation before contribution. */
function chronological(a: CapEntry, b: CapEntry): number {
  const time = (e: CapEntry) => {
    const t = Date.parse(e.occurredAt);
    return Number.isFinite(t) ? t : Number.MAX_SAFE_INTEGER; // an unparsable time sorts last, consistently
  };
  const ta = time(a);
  const tb = time(b);
  if (ta !== tb) return ta - tb;
  const sourceOf = (key: string) => key.slice(0, key.lastIndexOf(':'));
  return compare(sourceOf(a.key), sourceOf(b.key)) || compare(PART_ORDER[a.part], PART_ORDER[b.part]) || compare(a.key, b.key);
}

/** Each entry's counted hundredths when the group's entries fill the cap in order (rule 3). */
function fill(entries: readonly CapEntry[], cap: number, counted: Map<string, number>): number {
  let sum = 0;
  for (const entry of entries) {
    const count = entry.hundredths <= 0 ? entry.hundredths : Math.min(entry.hundredths, Math.max(0, cap - sum));
    counted.set(entry.key, count);
    sum += count;
  }
  return sum;
}

/** The first entry of each key (a ledger key is unique; a duplicate passed in by mistake counts once). */
function unique<T extends { key: string }>(entries: readonly T[]): T[] {
  const seen = new Set<string>();
  return entries.filter((e) => (seen.has(e.key) ? false : (seen.add(e.key), true)));
}

export interface CapGroup {
  cadreId: string;
  firstLevelCode: string;
  period: string;
  /** Σ hundredths of the group's live entries: what they would give without the cap. */
  earned: number;
  /** What they count: `min(cap, earned)`. */
  counted: number;
}

export interface CapResult {
  /** Counted hundredths by entry key, for every entry passed in. */
  counted: Map<string, number>;
  /** Every capped group (cadre, item, year), in chronological order of its first entry. */
  groups: CapGroup[];
}

/** Rules 1–5 over any set of ledger entries; `capHundredths` is the cap per cadre, item and year. */
export function applyYearlyCap(entries: readonly CapEntry[], capHundredths: number): CapResult {
  const all = unique(entries);
  const revoked = new Set(all.map(reversedKeyOf).filter((k): k is string => k !== undefined));
  const counted = new Map<string, number>();

  const groups = new Map<string, CapEntry[]>();
  for (const entry of [...all].filter(isCapped).sort(chronological)) {
    const groupKey = [entry.cadreId, entry.firstLevelCode, entry.period].join('\u0000');
    const group = groups.get(groupKey);
    if (group) group.push(entry);
    else groups.set(groupKey, [entry]);
  }

  const summaries: CapGroup[] = [];
  for (const group of groups.values()) {
    const beforeRevocation = new Map<string, number>();
    fill(group, capHundredths, beforeRevocation);
    const live = group.filter((e) => !revoked.has(e.key));
    const liveCounted = new Map<string, number>();
    const sum = fill(live, capHundredths, liveCounted);
    for (const entry of group) counted.set(entry.key, (revoked.has(entry.key) ? beforeRevocation : liveCounted).get(entry.key) ?? 0);
    const [{ cadreId, firstLevelCode, period }] = group;
    summaries.push({ cadreId, firstLevelCode: firstLevelCode as string, period, earned: live.reduce((s, e) => s + e.hundredths, 0), counted: sum });
  }

  for (const entry of all) {
    if (counted.has(entry.key) || entry.part === 'reversal') continue;
    counted.set(entry.key, entry.hundredths);
  }
  for (const entry of all) {
    if (entry.part !== 'reversal') continue;
    const original = reversedKeyOf(entry);
    const originalCounted = original !== undefined ? counted.get(original) : undefined;
    // A reversal whose original is not in the set takes back its own (full) amount.
    const count = originalCounted !== undefined ? -originalCounted : entry.hundredths;
    counted.set(entry.key, count === 0 ? 0 : count);
  }
  return { counted, groups: summaries };
}

/** Where a record entry without a first-level code (none is written so) would be summed, rather than lost. */
export const UNKNOWN_ITEM_KEY = 'UNKNOWN';

/** A (cadre's) first-level item and year whose record points the cap cut, in hundredths. */
export interface CappedItem {
  firstLevelCode: string;
  /** `YYYY`. */
  year: string;
  earned: number;
  counted: number;
  cap: number;
}

/** A cadre's score in integer hundredths, computed from the raw ledger. */
export interface CadreTotals {
  /** participation + contribution + bonus + reversal + appraisal = Σ byItem. */
  total: number;
  participation: number;
  contribution: number;
  bonus: number;
  /** ≤ 0: the reversals of records (and tasks), not of grades. */
  reversal: number;
  /** Points for confirmed grades net of the grades returned since (their reversals count here): `byItem.APPRAISAL`. */
  appraisal: number;
  /** By first-level item code; task entries under `TASK`, grade entries under `APPRAISAL`. Only items with entries. */
  byItem: Record<string, number>;
  /** Items (and years) where the cap cut points, by year then code. */
  capped: CappedItem[];
  /** Counted hundredths by entry key. */
  counted: Map<string, number>;
}

/**
 * One cadre's totals over the given entries (pass the entries of the period wanted: one year, or the three of
 * `rolling3` — the cap is applied per year either way). Pure: the same set of entries gives the same totals.
 */
export function cadreTotals(entries: readonly CapEntry[], standard: Pick<ScoringStandard, 'yearlyCapPerItem'>): CadreTotals {
  const cap = toHundredths(standard.yearlyCapPerItem);
  const { counted, groups } = applyYearlyCap(entries, cap);
  const totals: CadreTotals = { total: 0, participation: 0, contribution: 0, bonus: 0, reversal: 0, appraisal: 0, byItem: {}, capped: [], counted };
  for (const entry of unique(entries)) {
    const count = counted.get(entry.key) ?? 0;
    // A returned grade's reversal nets against the grade's points, under `appraisal`.
    totals[entry.source.type === 'appraisal' ? 'appraisal' : entry.part] += count;
    totals.total += count;
    const item = entry.source.type === 'task' ? TASK_ITEM_KEY : entry.source.type === 'appraisal' ? APPRAISAL_ITEM_KEY : (entry.firstLevelCode ?? UNKNOWN_ITEM_KEY);
    totals.byItem[item] = (totals.byItem[item] ?? 0) + count;
  }
  totals.capped = groups
    .filter((g) => g.earned > cap)
    .map((g) => ({ firstLevelCode: g.firstLevelCode, year: g.period, earned: g.earned, counted: g.counted, cap }))
    .sort((a, b) => (a.year === b.year ? (a.firstLevelCode < b.firstLevelCode ? -1 : 1) : a.year < b.year ? -1 : 1));
  return totals;
}
