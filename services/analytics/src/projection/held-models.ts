import type { DocChange, ModelCollection } from './domain/cells';

/**
 * The model collections small enough to keep in memory: their documents are per department and year (a few
 * thousand at most), and every dashboard reads them. The cadres' documents (one per cadre) stay in the store only.
 */
export const HELD_COLLECTIONS: readonly ModelCollection[] = ['rollups', 'rows'];

export interface HeldDocument {
  _id: string;
  seq: number;
  [field: string]: unknown;
}

/**
 * A copy in memory of the held collections of one generation, kept equal to the store: loaded from it once, then
 * changed exactly as the store is, by the same guarded changes (a change stamped `seq` applies to a document only
 * if its `seq` is lower, as the write's filter `{ _id, seq: { $lt: seq } }` does). A change applied here after the
 * store applied it, or again after a retry, changes nothing, so applying after each write completes is enough
 * whatever the load overlapped. Documents are handed out as they are held: readers must not change them.
 */
export class HeldModels {
  private readonly collections = new Map<ModelCollection, Map<string, HeldDocument>>();

  constructor(loaded: Iterable<[ModelCollection, Iterable<HeldDocument>]>) {
    for (const [collection, docs] of loaded) this.collections.set(collection, new Map([...docs].map((doc) => [String(doc._id), doc])));
  }

  /** The held documents of a collection by `_id`; undefined for a collection not held. */
  of(collection: ModelCollection): ReadonlyMap<string, HeldDocument> | undefined {
    return this.collections.get(collection);
  }

  /** Applies one store write (an upsert of `change` under the guard `seq`), if the collection is held. */
  apply(change: DocChange, seq: number): void {
    const docs = this.collections.get(change.collection);
    if (!docs) return;
    let doc = docs.get(change.doc);
    if (doc && !(doc.seq < seq)) return;
    if (!doc) docs.set(change.doc, (doc = { _id: change.doc, seq }));
    for (const [path, value] of Object.entries(change.set)) place(doc, path, structuredClone(value));
    for (const [path, amount] of Object.entries(change.inc)) {
      const { node, last } = walk(doc, path, true)!;
      node[last] = (typeof node[last] === 'number' ? (node[last] as number) : 0) + amount;
    }
    for (const path of change.unset) {
      const found = walk(doc, path, false);
      if (found) delete found.node[found.last];
    }
    doc.seq = seq;
  }
}

function place(doc: Record<string, unknown>, path: string, value: unknown): void {
  const { node, last } = walk(doc, path, true)!;
  node[last] = value;
}

/** The object holding a dotted path's last segment; created along the way when `create`, else undefined if absent. */
function walk(doc: Record<string, unknown>, path: string, create: boolean): { node: Record<string, unknown>; last: string } | undefined {
  const segments = path.split('.');
  let node = doc;
  for (const segment of segments.slice(0, -1)) {
    let next = node[segment];
    if (typeof next !== 'object' || next === null) {
      if (!create) return undefined;
      node[segment] = next = {};
    }
    node = next as Record<string, unknown>;
  }
  return { node, last: segments[segments.length - 1]! };
}
