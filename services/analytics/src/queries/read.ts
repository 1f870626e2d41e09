import type { ModelCollection } from '../projection/domain/cells';
import { HELD_COLLECTIONS } from '../projection/held-models';
import type { ModelDocument, ModelStore } from '../projection/model-store';

export type Doc = Record<string, unknown> | null;

/**
 * Documents by `_id`: from memory for a held collection (see ModelStore.held), else each an indexed read (FerretDB
 * v1 scans for `$in`, so many small reads beat one).
 */
export async function docs(store: ModelStore, collection: ModelCollection, ids: string[], concurrency = 16): Promise<Map<string, Doc>> {
  if (HELD_COLLECTIONS.includes(collection)) {
    const held = (await store.held()).of(collection)!;
    return new Map(ids.map((id) => [id, held.get(id) ?? null]));
  }
  const found = new Map<string, Doc>();
  for (let i = 0; i < ids.length; i += concurrency) {
    const batch = ids.slice(i, i + concurrency);
    const rows = await Promise.all(batch.map((id) => store.model(collection).findOne({ _id: id }) as Promise<ModelDocument | null>));
    batch.forEach((id, j) => found.set(id, rows[j] as Doc));
  }
  return found;
}

export function map(doc: Doc, field: string): Record<string, number> {
  return ((doc?.[field] as Record<string, number> | undefined) ?? {});
}

export function num(doc: Doc, field: string): number {
  const value = doc?.[field];
  return typeof value === 'number' ? value : 0;
}

/** Hundredths to points, 2 decimals. */
export const points = (hundredths: number) => Math.round(hundredths) / 100;

export const ratio = (a: number, b: number, digits = 2) => (b ? Math.round((a / b) * 10 ** digits) / 10 ** digits : 0);
