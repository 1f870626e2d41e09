import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { isExportFormat, isExportPage, type ExportFormat, type ExportPage } from '@cadre/contracts';
import { contentDisposition } from './csv';
import { EXPORT_CONTENT_TYPES, exportFilename, exportWriter } from './export-writers';

/** Asks the owning service for one page of an export: the first with `cursor` null, then each page's `next`. */
export type FetchExportPage = (cursor: string | null) => Promise<ExportPage>;

/**
 * The one streaming rule of every export (docs/API.md, Conventions): the first page is fetched before anything is
 * sent, so a refusal or bad input is still the usual problem+json; then the file is streamed page by page as the
 * pages arrive, so memory holds about one page whatever the size. A client that goes away stops the paging; an
 * error after the first byte can only cut the stream short (and is logged), so the client sees an incomplete
 * download rather than a file that looks whole.
 */
export async function sendExport(reply: FastifyReply, format: ExportFormat, fetchPage: FetchExportPage): Promise<FastifyReply> {
  const first = await fetchPage(null);
  const out = new PassThrough();
  let gone = false;
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) gone = true;
  });
  void pump(format, out, first, fetchPage, () => gone || out.destroyed).catch((error: unknown) => {
    reply.log.error({ err: error, filename: first.filename }, 'export stopped after its first byte');
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return reply
    .header('content-type', EXPORT_CONTENT_TYPES[format])
    .header('content-disposition', contentDisposition(exportFilename(first.filename, format)))
    .header('cache-control', 'no-store')
    .send(out);
}

async function pump(format: ExportFormat, out: PassThrough, first: ExportPage, fetchPage: FetchExportPage, stopped: () => boolean): Promise<void> {
  const writer = exportWriter(format, out);
  let page = first;
  for (;;) {
    await writer.writePage(page);
    if (page.next === null) break;
    if (stopped()) return void out.destroy();
    page = await fetchPage(page.next);
    if (stopped()) return void out.destroy();
  }
  await writer.end();
}

/**
 * A list that answers JSON, or with `?format=csv|xlsx` its export: `request` is asked with the query (and, for the
 * pages after the first, the page's `cursor`); a service's answer that is not an export page is sent as JSON.
 */
export async function sendListOrExport(reply: FastifyReply, query: Record<string, unknown> | undefined, request: (query: Record<string, unknown>) => Promise<unknown>): Promise<FastifyReply> {
  const format = query?.format;
  if (!isExportFormat(format)) return reply.send(await request(query ?? {}));
  const first = { ...query };
  delete first.cursor;
  return sendExport(reply, format, async (cursor) => {
    const page = await request(cursor === null ? first : { ...first, cursor });
    if (!isExportPage(page)) throw new Error('the service did not answer an export page');
    return page;
  });
}

/**
 * The pages of an export the gateway renders itself from a paged list RPC: each page of the list is rendered and
 * streamed as it arrives (`cursor` the next page's number), until the list's total is read or a page comes back
 * empty. (Offset pages: for the small lists this serves, rounds, cycles and appeals.)
 */
export function listPagesExport<T>(read: (page: number) => Promise<{ items: T[]; total: number }>, render: (items: T[]) => ExportPage): FetchExportPage {
  let seen = 0;
  return async (cursor) => {
    const page = cursor === null ? 1 : Number(cursor);
    const answer = await read(page);
    seen += answer.items.length;
    const more = answer.items.length > 0 && seen < answer.total;
    return { ...render(answer.items), next: more ? String(page + 1) : null };
  };
}
