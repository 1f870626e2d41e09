import mongoose, { type Model } from 'mongoose';
import { problems } from './problem';

/**
 * Service-side paging of an export (docs/API.md, Conventions: exports are streamed). Pages follow a stable sort
 * key with `_id` as tiebreak and start after the last row of the previous page (keyset paging), so a page costs
 * the same wherever it is and an export of any size never loads all rows at once. Under FerretDB every filter
 * but exact `_id` scans the collection, so pages are large (EXPORT_PAGE_SIZE, default 1,000).
 */

export const DEFAULT_EXPORT_PAGE_SIZE = 1_000;
const MAX_EXPORT_PAGE_SIZE = 5_000;

/** Rows per export page: EXPORT_PAGE_SIZE (1 to 5,000), else 1,000. */
export function exportPageSize(env: NodeJS.ProcessEnv = process.env): number {
  const size = Number(env.EXPORT_PAGE_SIZE);
  return Number.isInteger(size) && size >= 1 ? Math.min(size, MAX_EXPORT_PAGE_SIZE) : DEFAULT_EXPORT_PAGE_SIZE;
}

/** The order of an export: one field (ascending or descending), then `_id` ascending. */
export interface KeysetSort {
  field: string;
  direction: 1 | -1;
}

type KeyValue = string | number | Date | null;
interface Position {
  value: KeyValue;
  id: string;
}

/** The cursor of the page after `row`: its sort value and id, opaque to the caller. */
export function encodeCursor(sort: KeysetSort, row: Record<string, unknown>): string {
  const raw = valueAt(row, sort.field);
  const value = raw instanceof Date ? { d: raw.toISOString() } : raw === undefined ? null : raw;
  return Buffer.from(JSON.stringify({ v: value, id: String(row._id) }), 'utf8').toString('base64url');
}

/** The position a cursor stands for; a cursor that is not one of ours is 400 naming `cursor`. */
export function decodeCursor(cursor: string): Position {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v?: unknown; id?: unknown };
    const v = parsed.v as unknown;
    if (typeof parsed.id !== 'string') throw new Error('no id');
    if (v === null || typeof v === 'string' || typeof v === 'number') return { value: v, id: parsed.id };
    if (typeof v === 'object' && typeof (v as { d?: unknown }).d === 'string') {
      const date = new Date((v as { d: string }).d);
      if (!Number.isNaN(date.getTime())) return { value: date, id: parsed.id };
    }
  } catch {
    // falls through to the 400
  }
  throw problems.invalid([{ path: 'cursor', message: 'must be the next cursor of an export page' }]);
}

/**
 * The rows after a position in the order (MongoDB's: null and missing sort first ascending, last descending).
 * Only operators of the FerretDB v1 subset: `$or`, `$gt`, `$lt`, `$ne` and equality.
 */
export function afterPosition(sort: KeysetSort, { value, id }: Position): Record<string, unknown> {
  const { field } = sort;
  const sameValueLaterId = { [field]: value, _id: mongoose.trusted({ $gt: id }) };
  if (value === null) return sort.direction === 1 ? { $or: [sameValueLaterId, { [field]: mongoose.trusted({ $ne: null }) }] } : sameValueLaterId;
  const beyond = { [field]: mongoose.trusted(sort.direction === 1 ? { $gt: value } : { $lt: value }) };
  return { $or: sort.direction === 1 ? [beyond, sameValueLaterId] : [beyond, sameValueLaterId, { [field]: null }] };
}

/** One page of the documents matching `filter` in the order, after `cursor` (the first page without one). */
export async function keysetPage<D extends Record<string, unknown>>(options: {
  model: Model<never>;
  filter: Record<string, unknown>;
  sort: KeysetSort;
  cursor?: string | null;
  projection?: Record<string, number>;
  size?: number;
}): Promise<{ rows: D[]; next: string | null }> {
  const size = options.size ?? exportPageSize();
  const filter = options.cursor ? { $and: [options.filter, afterPosition(options.sort, decodeCursor(options.cursor))] } : options.filter;
  // One row more than the page tells whether there is a next page without asking for an empty one.
  const found = await options.model
    .find(filter as never, options.projection ?? {})
    .sort({ [options.sort.field]: options.sort.direction, _id: 1 })
    .limit(size + 1)
    .lean<D[]>();
  const rows = found.slice(0, size);
  return { rows, next: found.length > size ? encodeCursor(options.sort, rows[rows.length - 1]) : null };
}

function valueAt(row: Record<string, unknown>, path: string): KeyValue | undefined {
  const value = path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), row);
  return value as KeyValue | undefined;
}
