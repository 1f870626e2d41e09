import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  FILE_AUTHORIZE_RPC,
  FILE_PURPOSES,
  RPC,
  fileAccessPageViewSchema,
  fileAccessQuery,
  fileMetaViewSchema,
  ownerOfFileId,
  uploadedFileViewSchema,
  type Caller,
  type FileAccessEntryView,
  type FileAccessQuery,
  type FileMetaView,
  type FilePurpose,
  type Page,
  isExportFormat,
} from '@cadre/contracts';
import { ProblemException, exportPage } from '@cadre/platform';
import { RpcClient } from '@cadre/messaging';
import { FILE_ACCESS_COLUMNS, FileTooLargeError, UnsupportedMediaTypeError, cleanFileName, contentTypeOf, fileDisposition, parseRange, uploadedView } from '@cadre/files';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { sendExport } from '../http/export-stream';
import { sendProblem } from '../http/edge';
import { createdResponse, okJsonOrCsvResponse, okResponse, problemResponses } from '../http/openapi';
import { GATEWAY_CONFIG } from '../tokens';
import type { GatewayConfig } from '../config';
import { FileStores } from './file-stores';

/** Purposes whose owning service answers for its files: records (evidence) and tasks (bid, progress, result). */
export const UPLOAD_PURPOSES: readonly FilePurpose[] = FILE_PURPOSES;

/** Each owning service's access log; the audit merges them, newest first. */
const ACCESS_LOGS = [RPC.records.fileAccessLog, RPC.tasks.fileAccessLog];
/** The most rows the audit's CSV holds (as each owner's own CSV). */
const CSV_ROWS = 10_000;

const problem = (status: number, title: string, type: string, detail: string) => ({ type: `https://cadre-platform.example/problems/${type}`, title, status, detail });
const noSuchFile = () => new ProblemException(404, 'No such file.');

type MultipartRequest = AuthenticatedRequest & {
  isMultipart(): boolean;
  file(options?: Record<string, unknown>): Promise<{ fieldname: string; filename: string; file: NodeJS.ReadableStream & AsyncIterable<Buffer> & { resume(): unknown } } | undefined>;
};

/**
 * Evidence files. Bytes go straight between the client and the owning service's GridFS bucket (never over NATS);
 * every decision about a file (who may read it, its attachment, its removal, the access log) is the owning
 * service's: the gateway asks it before streaming a single byte.
 */
@ApiTags('files')
@ApiBearerAuth()
@Controller('api/v1')
export class FilesController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(FileStores) private readonly stores: FileStores,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post('files')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Upload a file (any signed-in user): multipart/form-data with one part named `file`, streamed; its type is sniffed from its bytes and its SHA-256 computed; pending until a record, bid, progress report or result references it',
  })
  @ApiQuery({ name: 'purpose', required: true, enum: FILE_PURPOSES, description: 'record (a record’s evidence), bid (a bid’s plan attachments), progress (a progress report’s attachments), result (a result’s deliverables)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @createdResponse(uploadedFileViewSchema)
  @problemResponses(400, 401, 413, 415, 503)
  async upload(@Req() request: MultipartRequest, @Query('purpose') purpose: unknown, @Res() reply: FastifyReply) {
    if (!UPLOAD_PURPOSES.includes(purpose as FilePurpose)) {
      throw new ProblemException(400, 'The request has invalid fields.', [{ path: 'purpose', message: `must be one of: ${UPLOAD_PURPOSES.join(', ')}` }]);
    }
    const noFile = () => new ProblemException(400, 'Send multipart/form-data with one part named "file".', [{ path: 'file', message: 'is required' }]);
    if (!request.isMultipart()) throw noFile();
    const maxBytes = this.config.FILES_MAX_BYTES;
    // One byte over the limit reaches the store, which refuses it (busboy's own limit would only truncate).
    const part = await request.file({ limits: { fileSize: maxBytes + 1, files: 1, fields: 10, fieldSize: 1_024, parts: 12, headerPairs: 100 } });
    if (!part || part.fieldname !== 'file') {
      part?.file.resume();
      throw noFile();
    }
    const store = await this.stores.forPurpose(purpose as FilePurpose);
    try {
      const stored = await store.upload(part.file, {
        name: cleanFileName(part.filename),
        purpose: purpose as FilePurpose,
        uploader: { userId: request.caller.userId, name: request.caller.name },
        maxBytes,
      });
      return reply.status(201).send(uploadedView(stored));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (error instanceof FileTooLargeError || code === 'FST_REQ_FILE_TOO_LARGE') {
        return sendProblem(reply.header('connection', 'close'), problem(413, 'Payload too large', 'payload-too-large', new FileTooLargeError(maxBytes).message));
      }
      if (error instanceof UnsupportedMediaTypeError) {
        return sendProblem(reply.header('connection', 'close'), problem(415, 'Unsupported media type', 'unsupported-media-type', error.message));
      }
      // The storage failing mid-way (what was written is removed) is unavailability, not a fault of the request.
      if (/^Mongo/.test((error as Error)?.name ?? '')) throw new ProblemException(503, 'File storage is unavailable; try again shortly.');
      throw error;
    }
  }

  @Get('files/:fileId')
  @ApiOperation({
    summary:
      'The file’s bytes (inline for images and PDF, attachment otherwise), for whoever may see what it is attached to (a pending file: its uploader); Range requests answer 206; downloads of evidence by others are logged',
  })
  @ApiResponse({
    status: 200,
    description: 'The bytes, with Content-Type (the sniffed type), Content-Length, Content-Disposition, ETag (the SHA-256) and Accept-Ranges',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({ status: 206, description: 'The requested byte range, with Content-Range', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  @problemResponses(401, 404, 416, 503)
  async download(@Req() request: AuthenticatedRequest, @Param('fileId') fileId: string, @Res() reply: FastifyReply) {
    const owner = ownerOfFileId(fileId);
    if (!owner) throw noSuchFile();
    const header = typeof request.headers.range === 'string' ? request.headers.range : undefined;
    // Only a read from the first byte counts as a download in the log (a viewer's further ranges are the same one).
    const firstRead = !header || /^bytes=\s*0-/.test(header);
    const meta = await this.rpc.request<FileMetaView>(FILE_AUTHORIZE_RPC[owner], { fileId, download: firstRead }, request.caller);
    const store = await this.stores.forFileId(fileId);
    if (!store) throw noSuchFile();
    const range = parseRange(header, meta.size);
    if (range === 'unsatisfiable') {
      return sendProblem(reply, problem(416, 'Range not satisfiable', 'range-not-satisfiable', `The file has ${meta.size} bytes.`), { 'content-range': `bytes */${meta.size}` });
    }
    reply
      .header('content-type', contentTypeOf(meta.type))
      .header('content-disposition', fileDisposition(meta.name, meta.type))
      .header('accept-ranges', 'bytes')
      .header('etag', `"${meta.sha256}"`)
      .header('cache-control', 'private, no-cache')
      .header('x-content-type-options', 'nosniff');
    if (range) {
      return reply
        .status(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${meta.size}`)
        .header('content-length', String(range.end - range.start + 1))
        .send(store.open(fileId, range));
    }
    return reply.status(200).header('content-length', String(meta.size)).send(store.open(fileId));
  }

  @Get('files/:fileId/meta')
  @ApiOperation({ summary: 'A file’s metadata and what it is attached to (same scope as the download)' })
  @okResponse(fileMetaViewSchema)
  @problemResponses(401, 404, 503)
  meta(@Req() request: AuthenticatedRequest, @Param('fileId') fileId: string): Promise<FileMetaView> {
    const owner = ownerOfFileId(fileId);
    if (!owner) throw noSuchFile();
    return this.rpc.request<FileMetaView>(FILE_AUTHORIZE_RPC[owner], { fileId, download: false }, request.caller);
  }

  @Get('audit/file-access')
  @ApiOperation({
    summary:
      'Who downloaded which file of whose record, bid, progress report or result, when (admins; downloads by the uploader are not listed; both owning services’ logs, newest first); CSV with Accept: text/csv or ?format=csv',
  })
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM-DD (Beijing time)' })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD (Beijing time), included' })
  @ApiQuery({ name: 'userId', required: false, description: 'the downloader' })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false, description: 'at most 100' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  @ApiProduces('application/json', 'text/csv')
  @okJsonOrCsvResponse(fileAccessPageViewSchema)
  @problemResponses(400, 401, 403, 503)
  async fileAccess(@Req() request: AuthenticatedRequest, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    const wantsCsv = /\btext\/csv\b/i.test(String(request.headers.accept ?? '')) && query?.format === undefined;
    const sent = { ...(query ?? {}), ...(wantsCsv ? { format: 'csv' } : {}) };
    const parsed = fileAccessQuery.safeParse(sent);
    // A malformed query: the records service's 400 names every field (and a non-admin gets its 403 first).
    if (!parsed.success) return reply.send(await this.rpc.request<unknown>(RPC.records.fileAccessLog, sent, request.caller));
    const q = parsed.data;
    const need = isExportFormat(q.format) ? CSV_ROWS : q.page * q.pageSize;
    const logs = await Promise.all(ACCESS_LOGS.map((subject) => this.newestAccess(subject, q, need, request.caller)));
    const merged = logs.flatMap((log) => log.items).sort((a, b) => b.at.localeCompare(a.at));
    if (isExportFormat(q.format)) {
      const file = exportPage(FILE_ACCESS_COLUMNS, merged.slice(0, CSV_ROWS), `file-access-${new Date().toISOString().slice(0, 10)}.csv`);
      return sendExport(reply, q.format, async () => file);
    }
    const items = merged.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    return reply.send({ items, total: logs.reduce((sum, log) => sum + log.total, 0), page: q.page, pageSize: q.pageSize });
  }

  /** The newest `need` entries of one owner's access log (read 100 at a time), and how many it has in all. */
  private async newestAccess(subject: string, q: FileAccessQuery, need: number, caller: Caller): Promise<{ items: FileAccessEntryView[]; total: number }> {
    const items: FileAccessEntryView[] = [];
    let total = 0;
    for (let page = 1; items.length < need; page++) {
      const got = await this.rpc.request<Page<FileAccessEntryView>>(subject, { from: q.from, to: q.to, userId: q.userId, page, pageSize: 100, format: 'json' }, caller);
      total = got.total;
      items.push(...got.items);
      if (got.items.length < 100) break;
    }
    return { items: items.slice(0, need), total };
  }
}

