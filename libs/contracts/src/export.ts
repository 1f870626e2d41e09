import { z } from 'zod';

/**
 * Exports (docs/API.md, Conventions): a list that makes sense as a table also answers `?format=csv|xlsx`. The
 * gateway asks the owning service for the rows page by page (`cursor`: the page's `next`, absent for the first)
 * and streams each page to the response, so an export of any size never sits whole in memory or in one reply.
 */
export const LIST_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];
export type ExportFormat = Exclude<ListFormat, 'json'>;

export const listFormat = z.enum(LIST_FORMATS).default('json');
/** Where the next page of an export starts: opaque, from the previous page's `next`. */
export const exportCursor = z.string().max(2_000, 'must be at most 2000 characters').optional();

/** A cell as people read it: a number where the column is numeric, text otherwise. */
export type ExportCell = string | number;

/** One page of an export: the Chinese header, the rendered rows, and the cursor of the next page (null: done). */
export interface ExportPage {
  filename: string;
  header: string[];
  rows: ExportCell[][];
  next: string | null;
}

export function isExportFormat(format: unknown): format is ExportFormat {
  return format === 'csv' || format === 'xlsx';
}

export function isExportPage(value: unknown): value is ExportPage {
  const page = value as ExportPage;
  return typeof value === 'object' && value !== null && typeof page.filename === 'string' && Array.isArray(page.header) && Array.isArray(page.rows) && (page.next === null || typeof page.next === 'string');
}
