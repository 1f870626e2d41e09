import { INBOX_KINDS, type InboxKind } from '@cadre/contracts';
import type { ItemForView } from './views';

/**
 * What an audience document (`inbox_audiences`, `_id` = an audience key: `user:<id>`, `reviewer:<department>`,
 * `assessor`, `publisher:<department>`, `appraiser:<department>`) holds of each OPEN item of that audience: everything the inbox view needs
 * (the department's name comes from the directory replica at read time), and whom it is never shown to.
 */
export interface AudienceEntry extends ItemForView {
  excludeUserIds: string[];
}

/** The stored fields an entry is made of. */
export type EntrySource = AudienceEntry & { open: boolean; audience: string[] };

export function entryOf(item: EntrySource): AudienceEntry {
  return {
    _id: item._id,
    kind: item.kind,
    subjectType: item.subjectType,
    subjectId: item.subjectId,
    title: item.title,
    summary: item.summary,
    link: item.link,
    departmentId: item.departmentId,
    openedAt: item.openedAt,
    dueAt: item.dueAt,
    overdue: item.overdue,
    escalated: item.escalated,
    excludeUserIds: item.excludeUserIds ?? [],
  };
}

/**
 * The key of an item inside a map-valued field (`items.<key>`): an item id may hold anything a source id holds, and
 * a field name must not contain `.` nor start with `$`; `%`, `.` and `$` are escaped (reversible, one key per id).
 */
export function entryKey(itemId: string): string {
  return itemId.replace(/%/g, '%25').replace(/\./g, '%2E').replace(/\$/g, '%24');
}

/**
 * Each audience is split over this many documents (`<audience key>#<n>`, the item's bucket from its id): FerretDB v1
 * rewrites a whole document to change one field of it, and a document holds at most 16 MB, so an audience of the
 * whole city (its reviewers see every district's items) must not be one document. The read takes every bucket of
 * each of the caller's keys by `_id`. A person's own key (`user:<id>`) is one document (`#0`).
 */
export const AUDIENCE_BUCKETS = 16;

/** One person's own items (`user:<id>`) are few: one document, no buckets (one read fewer per bucket). */
const unbucketed = (audienceKey: string) => audienceKey.startsWith('user:');

/** The `_id` of the audience document holding `itemId`'s entry for `audienceKey`. */
export function bucketOf(audienceKey: string, itemId: string): string {
  if (unbucketed(audienceKey)) return `${audienceKey}#0`;
  let hash = 0x811c9dc5; // FNV-1a, 32 bits
  for (let i = 0; i < itemId.length; i++) hash = Math.imul(hash ^ itemId.charCodeAt(i), 0x01000193) >>> 0;
  return `${audienceKey}#${hash % AUDIENCE_BUCKETS}`;
}

/** Every audience document of one audience key. */
export function bucketsOf(audienceKey: string): string[] {
  if (unbucketed(audienceKey)) return [`${audienceKey}#0`];
  return Array.from({ length: AUDIENCE_BUCKETS }, (_, n) => `${audienceKey}#${n}`);
}

export interface InboxRead {
  items: AudienceEntry[];
  total: number;
  counts: Record<InboxKind, number>;
  overdue: number;
}

/**
 * One caller's inbox from their audience documents' entries: each item once (an item may sit in several of the
 * caller's audiences), never one that excludes them; counts per kind over all of them; `overdue` and the page over
 * the kind asked for (all when none), due soonest first (then by id); overdue = due before `now` (computed here,
 * not stored, so it needs no sweep).
 */
export function readInbox(
  audiences: readonly (Record<string, AudienceEntry> | undefined | null)[],
  userId: string,
  query: { kind?: InboxKind; limit: number; offset: number },
  now: Date,
): InboxRead {
  const byId = new Map<string, AudienceEntry>();
  for (const entries of audiences) {
    for (const entry of Object.values(entries ?? {})) {
      if (!entry || byId.has(entry._id) || (entry.excludeUserIds ?? []).includes(userId)) continue;
      byId.set(entry._id, entry);
    }
  }
  const counts = Object.fromEntries(INBOX_KINDS.map((kind) => [kind, 0])) as Record<InboxKind, number>;
  const listed: AudienceEntry[] = [];
  let overdue = 0;
  for (const entry of byId.values()) {
    if (entry.kind in counts) counts[entry.kind] += 1;
    if (query.kind && entry.kind !== query.kind) continue;
    listed.push(entry);
    if (new Date(entry.dueAt).getTime() < now.getTime()) overdue += 1;
  }
  listed.sort((a, b) => new Date(a.dueAt).getTime() - new Date(b.dueAt).getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  return { items: listed.slice(query.offset, query.offset + query.limit), total: listed.length, counts, overdue };
}
