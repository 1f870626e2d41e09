import { NOTIFICATION_EVENTS, type InboxItemClosedV1, type InboxItemOverdueV1 } from '@cadre/contracts';
import { CellSum, diffCells } from './cells';
import { foldOverdueItem, overdueItemCells, type OverdueItemFact } from './overdue';
import { OVERDUE_PROJECTION, projectionOf } from './projections';

const base = { itemId: 'record_review:r1', kind: 'record_review' as const, departmentId: 'd1', departmentPath: ['d0', 'd1'], openedAt: '2026-03-01T00:00:00Z', dueAt: '2026-03-08T00:00:00Z', occurredAt: '2026-03-08T00:00:00Z' };
const overdue = (version: number, fields: Partial<InboxItemOverdueV1> = {}): InboxItemOverdueV1 => ({ ...base, version, overdueAt: '2026-03-08T00:00:00Z', ...fields });
const closed = (version: number, fields: Partial<InboxItemClosedV1> = {}): InboxItemClosedV1 => ({ ...base, version, closedAt: '2026-03-09T00:00:00Z', wasOverdue: true, ...fields });

/** Folds events in order as the projector does (a null fold changes nothing) and sums the last fact's contributions. */
function apply(events: [string, InboxItemOverdueV1 | InboxItemClosedV1][]): { fact: OverdueItemFact | null; docs: Record<string, unknown> } {
  let fact: OverdueItemFact | null = null;
  for (const [type, data] of events) fact = foldOverdueItem(fact, type, data) ?? fact;
  const sum = new CellSum();
  if (fact) sum.add(overdueItemCells(fact));
  return { fact, docs: Object.fromEntries([...sum.docs.values()].map((d) => [`${d.collection}/${d.doc}`, d.body])) };
}

describe('overdue work items (催办) in the analytics models', () => {
  it('the notifications events fold into one fact per item (kind o, keyed by itemId)', () => {
    expect(projectionOf(NOTIFICATION_EVENTS.itemOverdue)).toBe(OVERDUE_PROJECTION);
    expect(projectionOf(NOTIFICATION_EVENTS.itemClosed)).toBe(OVERDUE_PROJECTION);
    expect(OVERDUE_PROJECTION.idOf(overdue(1))).toBe('record_review:r1');
    expect(() => OVERDUE_PROJECTION.idOf({})).toThrow();
  });

  it('an overdue item counts on every department of its path (subtree) and under its own department', () => {
    const { docs } = apply([[NOTIFICATION_EVENTS.itemOverdue, overdue(2)]]);
    expect(docs).toEqual({
      'rollups/due|d0': { total: 1, byKind: { record_review: 1 } },
      'rollups/due|d1': { total: 1, byKind: { record_review: 1 } },
      'rows/rdue|d1': { total: 1, byKind: { record_review: 1 } },
    });
  });

  it('overdue then closed: counts nowhere; the change takes back exactly what it added', () => {
    const open = foldOverdueItem(null, NOTIFICATION_EVENTS.itemOverdue, overdue(2))!;
    const done = foldOverdueItem(open, NOTIFICATION_EVENTS.itemClosed, closed(3))!;
    expect(done).toMatchObject({ version: 3, overdueNow: false });
    expect(overdueItemCells(done)).toEqual([]);
    const changes = diffCells(overdueItemCells(open), overdueItemCells(done));
    expect(changes.map((c) => [c.collection, c.doc, c.inc])).toEqual([
      ['rollups', 'due|d0', { total: -1, 'byKind.record_review': -1 }],
      ['rollups', 'due|d1', { total: -1, 'byKind.record_review': -1 }],
      ['rows', 'rdue|d1', { total: -1, 'byKind.record_review': -1 }],
    ]);
  });

  it('an older version arriving late changes nothing (closed stays closed; overdue again only at a newer version)', () => {
    expect(apply([[NOTIFICATION_EVENTS.itemClosed, closed(3)], [NOTIFICATION_EVENTS.itemOverdue, overdue(2)]]).docs).toEqual({});
    const again = apply([[NOTIFICATION_EVENTS.itemOverdue, overdue(2)], [NOTIFICATION_EVENTS.itemClosed, closed(3)], [NOTIFICATION_EVENTS.itemOverdue, overdue(5)]]);
    expect(again.fact).toMatchObject({ version: 5, overdueNow: true });
    expect(again.docs['rows/rdue|d1']).toEqual({ total: 1, byKind: { record_review: 1 } });
  });

  it('a redelivered event (same version) is no change', () => {
    const open = foldOverdueItem(null, NOTIFICATION_EVENTS.itemOverdue, overdue(2))!;
    expect(foldOverdueItem(open, NOTIFICATION_EVENTS.itemOverdue, overdue(2))).toBeNull();
    const done = foldOverdueItem(open, NOTIFICATION_EVENTS.itemClosed, closed(3))!;
    expect(foldOverdueItem(done, NOTIFICATION_EVENTS.itemClosed, closed(3))).toBeNull();
  });

  it('a closed item seen first counts nowhere; a kind that is not a code is refused (passed over as malformed)', () => {
    expect(overdueItemCells(foldOverdueItem(null, NOTIFICATION_EVENTS.itemClosed, closed(4))!)).toEqual([]);
    expect(() => foldOverdueItem(null, NOTIFICATION_EVENTS.itemOverdue, overdue(2, { kind: 'a.b' as never }))).toThrow(/inbox kind/);
    expect(() => foldOverdueItem(null, NOTIFICATION_EVENTS.itemOverdue, overdue(2, { kind: '$x' as never }))).toThrow(/inbox kind/);
    expect(() => foldOverdueItem(null, NOTIFICATION_EVENTS.itemOverdue, { ...overdue(2), version: undefined as never })).toThrow(/version/);
  });
});
