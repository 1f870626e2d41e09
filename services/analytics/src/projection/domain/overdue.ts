import { NOTIFICATION_EVENTS, type InboxItemClosedV1, type InboxItemOverdueV1, type InboxKind } from '@cadre/contracts';
import type { Cell } from './cells';

/**
 * A work-inbox item (待办) as analytics knows it from the notifications service's service-level facts: open and
 * overdue (`notifications.item.overdue`), or closed (`notifications.item.closed`). Each event carries the item's
 * whole state and a version that grows with every change, so the fact moves only forward by version.
 */
export interface OverdueItemFact {
  id: string;
  version: number;
  kind: InboxKind;
  departmentId: string;
  departmentPath: string[];
  /** Open and past its due time now. */
  overdueNow: boolean;
}

/** The fact after an event, or null when the event is not newer than the fact (a redelivery, a late copy). */
export function foldOverdueItem(fact: OverdueItemFact | null, type: string, data: InboxItemOverdueV1 | InboxItemClosedV1): OverdueItemFact | null {
  if (type !== NOTIFICATION_EVENTS.itemOverdue && type !== NOTIFICATION_EVENTS.itemClosed) return null;
  if (typeof data.version !== 'number' || !Number.isFinite(data.version)) throw new Error('an inbox item fact without a version');
  if (!data.itemId || !Array.isArray(data.departmentPath)) throw new Error('an inbox item fact without its item or department');
  // The kind becomes a key of the models' documents: a code, never a path.
  if (typeof data.kind !== 'string' || !/^[a-z][a-z0-9_]*$/.test(data.kind)) throw new Error(`not an inbox kind: ${String(data.kind)}`);
  if (fact && fact.version >= data.version) return null;
  return {
    id: data.itemId,
    version: data.version,
    kind: data.kind,
    departmentId: data.departmentId || data.departmentPath[data.departmentPath.length - 1] || '',
    departmentPath: data.departmentPath,
    overdueNow: type === NOTIFICATION_EVENTS.itemOverdue,
  };
}

/**
 * What an item open and overdue now adds (a closed one adds nothing):
 * - `rollups/due|<dept>` for every department on its path (subtree figures): `total`, `byKind.<kind>`;
 * - `rows/rdue|<dept>` for its own department: `total`, `byKind.<kind>`.
 * Overdue work is counted now, whatever the period.
 */
export function overdueItemCells(fact: OverdueItemFact): Cell[] {
  if (!fact.overdueNow) return [];
  const cells: Cell[] = [];
  for (const dept of fact.departmentPath) {
    cells.push(
      { collection: 'rollups', doc: `due|${dept}`, path: 'total', value: 1 },
      { collection: 'rollups', doc: `due|${dept}`, path: `byKind.${fact.kind}`, value: 1 },
    );
  }
  if (fact.departmentId) {
    cells.push(
      { collection: 'rows', doc: `rdue|${fact.departmentId}`, path: 'total', value: 1 },
      { collection: 'rows', doc: `rdue|${fact.departmentId}`, path: `byKind.${fact.kind}`, value: 1 },
    );
  }
  return cells;
}
