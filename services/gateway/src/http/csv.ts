import type { FastifyReply } from 'fastify';

/** How a service answers `?format=csv`: the file's text (UTF-8 with BOM, from `toCsv`) and a name for it. */
export interface CsvReply {
  csv: string;
  filename: string;
}

const BOM = '\uFEFF';

export function isCsvReply(result: unknown): result is CsvReply {
  return typeof result === 'object' && result !== null && typeof (result as CsvReply).csv === 'string' && typeof (result as CsvReply).filename === 'string';
}

/**
 * `Content-Disposition: attachment` with the file name: an ASCII `filename` (quotes, backslashes, control and
 * non-ASCII characters replaced) and, when the name is not plain ASCII, the exact name as RFC 6266/8187
 * `filename*`.
 */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'export.csv';
  if (ascii === filename) return `attachment; filename="${ascii}"`;
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Answers a CSV file: text/csv UTF-8, with a BOM (so Excel opens Chinese text) and the file name. */
export function sendCsv(reply: FastifyReply, csv: string, filename: string): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', contentDisposition(filename))
    .send(csv.startsWith(BOM) ? csv : `${BOM}${csv}`);
}

/** A service's answer to a list that may be asked for as CSV: the file when it is `{ csv, filename }`, JSON otherwise. */
export function sendJsonOrCsv(reply: FastifyReply, result: unknown): FastifyReply {
  return isCsvReply(result) ? sendCsv(reply, result.csv, result.filename) : reply.send(result);
}

/** A CSV the gateway renders itself, with the name it is downloaded under. */
export interface CsvFile {
  csv: string;
  filename: string;
}

/** A number of points or a score as people read it in a CSV: two decimals at most, blank for none. */
export function csvNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(Math.round(value * 100) / 100);
}
