import { isDeepStrictEqual } from 'node:util';

/**
 * A read model here is a set of documents, and every fact (a record, a task, a team, a cadre's points) adds to
 * some of them: a number added to a counter, or a value placed at a path. `cellsOf(fact)` lists those
 * contributions; a change of a fact is the difference between the contributions before and after, and a full
 * build is the sum of every fact's contributions. Both paths use the same `cellsOf`, so a rebuild and the live
 * models agree by construction.
 */
export const MODEL_COLLECTIONS = ['rollups', 'rows', 'cadres'] as const;
export type ModelCollection = (typeof MODEL_COLLECTIONS)[number];

export interface Cell {
  collection: ModelCollection;
  doc: string;
  /** Dotted path inside the document; every segment is an id, code, month or key without `.` or `$`. */
  path: string;
  /** A number is added; anything else is placed. */
  value: number | object;
}

export interface DocChange {
  collection: ModelCollection;
  doc: string;
  inc: Record<string, number>;
  set: Record<string, unknown>;
  unset: string[];
}

const keyOf = (cell: Pick<Cell, 'collection' | 'doc'>) => `${cell.collection}/${cell.doc}`;

/** What changes, per document, when a fact's contributions go from `before` to `after`. */
export function diffCells(before: readonly Cell[], after: readonly Cell[]): DocChange[] {
  const changes = new Map<string, DocChange>();
  const change = (cell: Cell) => {
    const key = keyOf(cell);
    let found = changes.get(key);
    if (!found) changes.set(key, (found = { collection: cell.collection, doc: cell.doc, inc: {}, set: {}, unset: [] }));
    return found;
  };
  const placedAfter = new Map<string, Cell>();
  for (const cell of after) {
    if (typeof cell.value === 'number') change(cell).inc[cell.path] = (change(cell).inc[cell.path] ?? 0) + cell.value;
    else placedAfter.set(`${keyOf(cell)}#${cell.path}`, cell);
  }
  const placedBefore = new Map<string, Cell>();
  for (const cell of before) {
    if (typeof cell.value === 'number') change(cell).inc[cell.path] = (change(cell).inc[cell.path] ?? 0) - cell.value;
    else placedBefore.set(`${keyOf(cell)}#${cell.path}`, cell);
  }
  for (const [key, cell] of placedAfter) {
    if (!isDeepStrictEqual(placedBefore.get(key)?.value, cell.value)) change(cell).set[cell.path] = cell.value;
  }
  for (const [key, cell] of placedBefore) if (!placedAfter.has(key)) change(cell).unset.push(cell.path);
  const result: DocChange[] = [];
  for (const found of changes.values()) {
    for (const [path, amount] of Object.entries(found.inc)) if (amount === 0) delete found.inc[path];
    if (Object.keys(found.inc).length || Object.keys(found.set).length || found.unset.length) result.push(found);
  }
  return result;
}

/**
 * The changes of several facts (in the order their events were applied) as one change per document: additions add
 * up, and of two placements or removals at one path the later stands. Applied at once, they leave each document as
 * applying them one by one would.
 */
export function mergeChanges(changes: readonly DocChange[]): DocChange[] {
  const merged = new Map<string, { collection: ModelCollection; doc: string; inc: Record<string, number>; placed: Map<string, { value: unknown } | null> }>();
  for (const change of changes) {
    const key = keyOf(change);
    let found = merged.get(key);
    if (!found) merged.set(key, (found = { collection: change.collection, doc: change.doc, inc: {}, placed: new Map() }));
    for (const [path, amount] of Object.entries(change.inc)) found.inc[path] = (found.inc[path] ?? 0) + amount;
    for (const [path, value] of Object.entries(change.set)) found.placed.set(path, { value });
    for (const path of change.unset) found.placed.set(path, null);
  }
  const result: DocChange[] = [];
  for (const { collection, doc, inc, placed } of merged.values()) {
    for (const path of Object.keys(inc)) if (inc[path] === 0) delete inc[path];
    const change: DocChange = { collection, doc, inc, set: {}, unset: [] };
    for (const [path, value] of placed) {
      if (value) change.set[path] = value.value;
      else change.unset.push(path);
    }
    if (Object.keys(change.inc).length || Object.keys(change.set).length || change.unset.length) result.push(change);
  }
  return result;
}

/** Documents as the sum of all contributions (a full build): `{ collection/doc → nested document }`. */
export class CellSum {
  readonly docs = new Map<string, { collection: ModelCollection; doc: string; body: Record<string, unknown> }>();

  add(cells: readonly Cell[]): void {
    for (const cell of cells) {
      const key = keyOf(cell);
      let entry = this.docs.get(key);
      if (!entry) this.docs.set(key, (entry = { collection: cell.collection, doc: cell.doc, body: {} }));
      const segments = cell.path.split('.');
      let node = entry.body;
      for (const segment of segments.slice(0, -1)) node = (node[segment] ??= {}) as Record<string, unknown>;
      const last = segments[segments.length - 1]!;
      if (typeof cell.value === 'number') node[last] = ((node[last] as number | undefined) ?? 0) + cell.value;
      else node[last] = cell.value;
    }
  }
}

/** Reads a number at a dotted path of a model document (0 when absent). */
export function numberAt(doc: Record<string, unknown> | null | undefined, path: string): number {
  let node: unknown = doc;
  for (const segment of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[segment];
  return typeof node === 'number' ? node : 0;
}

/** Adds up count maps (`{ key: n }`), dropping zeros. */
export function sumMaps(maps: (Record<string, number> | undefined)[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const map of maps) for (const [key, n] of Object.entries(map ?? {})) sum[key] = (sum[key] ?? 0) + n;
  for (const key of Object.keys(sum)) if (sum[key] === 0) delete sum[key];
  return sum;
}
