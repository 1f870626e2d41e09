import { RECORD_EVENTS, type RecordCreatedV1, type RecordTransitionV1 } from '@cadre/contracts';
import type { Cell } from './cells';
import { dayOf, durationKey, monthOf, yearOf } from './time';

/** A record as analytics knows it: the latest state its events described, plus how often it was returned. */
export interface RecordFact {
  id: string;
  version: number;
  cadreId: string;
  departmentId: string;
  departmentPath: string[];
  itemCode: string;
  firstLevelCode: string;
  title: string;
  status: string;
  createdAt: string;
  submittedAt: string | null;
  verifiedAt: string | null;
  rating: string | null;
  impactLevel: string | null;
  participants: { userId: string; role: 'lead' | 'member'; share: number }[];
  /** Returns by the reviewer or the assessor (退回), each counted once. */
  returns: number;
}

/** Drafts their filer deleted (`records.record.deleted`): no achievement, so they count nowhere. */
export const DROPPED_STATUSES = new Set(['deleted', 'discarded']);

/** Records waiting for a decision: the review backlog. */
export const WAITING_STATUSES = new Set(['submitted', 'reviewed']);

/** The fact after an event, or null when the event is not newer than the fact (a redelivery, a late copy). */
export function foldRecord(fact: RecordFact | null, type: string, data: RecordCreatedV1 | RecordTransitionV1): RecordFact | null {
  if (fact && fact.version >= data.version) return null;
  if (type === RECORD_EVENTS.created) {
    const created = data as RecordCreatedV1;
    // A creation arriving after a later transition (never in order, but possible after a republish) changes nothing.
    if (fact) return null;
    return {
      id: created.recordId,
      version: created.version,
      cadreId: created.cadreId,
      departmentId: created.departmentId ?? created.departmentPath[created.departmentPath.length - 1] ?? '',
      departmentPath: created.departmentPath,
      itemCode: created.itemCode,
      firstLevelCode: created.firstLevelCode ?? created.itemCode.replace(/-\d+$/, ''),
      title: created.title,
      status: 'draft',
      createdAt: created.createdAt,
      submittedAt: null,
      verifiedAt: null,
      rating: null,
      impactLevel: null,
      participants: [{ userId: created.cadreId, role: 'lead', share: 100 }],
      returns: 0,
    };
  }
  const t = data as RecordTransitionV1;
  return {
    id: t.recordId,
    version: t.version,
    cadreId: t.cadreId,
    departmentId: t.departmentId,
    departmentPath: t.departmentPath,
    itemCode: t.itemCode,
    firstLevelCode: t.firstLevelCode,
    title: t.title,
    status: t.status,
    createdAt: t.createdAt ?? fact?.createdAt ?? t.occurredAt,
    submittedAt: t.submittedAt,
    verifiedAt: t.verifiedAt,
    rating: t.rating,
    impactLevel: t.confirmedImpactLevel ?? t.claimedImpactLevel ?? null,
    participants: t.participants.map((p) => ({ userId: p.userId, role: p.role, share: p.share })),
    returns: (fact?.returns ?? 0) + (type === RECORD_EVENTS.returned ? 1 : 0),
  };
}

/**
 * What a record adds to the models:
 * - `rollups/rec|<dept>|<year>` for every department on its path (subtree figures): by item, status, month of
 *   filing; returns; verifications by month and review times (in the year of verification);
 * - `rollups/blg|<dept>` (every department on its path) while it waits: the backlog by day of submission;
 * - `rows/rrec|<year of filing>|<dept>` for its own department: filed, of which verified now; and waiting;
 * - `cadres/crec|<user>` for every participant while it is verified: the portrait's timeline entry.
 */
export function recordCells(fact: RecordFact): Cell[] {
  if (DROPPED_STATUSES.has(fact.status)) return [];
  const cells: Cell[] = [];
  const year = yearOf(fact.createdAt);
  const month = monthOf(fact.createdAt);
  const own = fact.departmentId;
  const verifiedYear = fact.verifiedAt ? yearOf(fact.verifiedAt) : null;
  const waiting = WAITING_STATUSES.has(fact.status) && fact.submittedAt;
  for (const dept of fact.departmentPath) {
    const doc = `rec|${dept}|${year}`;
    cells.push(
      { collection: 'rollups', doc, path: 'total', value: 1 },
      { collection: 'rollups', doc, path: `byItem.${fact.firstLevelCode}`, value: 1 },
      { collection: 'rollups', doc, path: `byStatus.${fact.status}`, value: 1 },
      { collection: 'rollups', doc, path: `byMonth.${month}`, value: 1 },
    );
    if (fact.returns) cells.push({ collection: 'rollups', doc, path: 'returned', value: fact.returns });
    if (fact.verifiedAt) {
      const vdoc = `rec|${dept}|${verifiedYear}`;
      cells.push(
        { collection: 'rollups', doc: vdoc, path: 'verified', value: 1 },
        { collection: 'rollups', doc: vdoc, path: `verifiedByMonth.${monthOf(fact.verifiedAt)}`, value: 1 },
      );
      if (fact.submittedAt) cells.push({ collection: 'rollups', doc: vdoc, path: `reviewTime.${durationKey(fact.submittedAt, fact.verifiedAt)}`, value: 1 });
    }
    if (waiting) {
      cells.push(
        { collection: 'rollups', doc: `blg|${dept}`, path: 'count', value: 1 },
        { collection: 'rollups', doc: `blg|${dept}`, path: `byDay.${dayOf(fact.submittedAt!)}`, value: 1 },
      );
    }
  }
  cells.push({ collection: 'rows', doc: `rrec|${year}|${own}`, path: 'records', value: 1 });
  // The departments table compares what was filed in the period and how much of it stands verified now.
  if (fact.status === 'verified') cells.push({ collection: 'rows', doc: `rrec|${year}|${own}`, path: 'verified', value: 1 });
  if (waiting) {
    cells.push(
      { collection: 'rows', doc: `rrec|backlog|${own}`, path: 'backlog', value: 1 },
      { collection: 'rows', doc: `rrec|backlog|${own}`, path: `byDay.${dayOf(fact.submittedAt!)}`, value: 1 },
    );
  }
  if (fact.status === 'verified' && fact.verifiedAt) {
    const participantIds = fact.participants.map((p) => p.userId);
    for (const p of fact.participants) {
      cells.push({
        collection: 'cadres',
        doc: `crec|${p.userId}`,
        path: `records.${fact.id}`,
        value: {
          title: fact.title,
          itemCode: fact.itemCode,
          firstLevelCode: fact.firstLevelCode,
          verifiedAt: fact.verifiedAt,
          rating: fact.rating,
          impactLevel: fact.impactLevel,
          role: p.role,
          share: p.share,
          participantIds,
        },
      });
    }
  }
  return cells;
}
