/**
 * The gateway's file routes in process (the edge, multipart, the real GridFS bucket on FerretDB) with the records
 * service's authorisation answered by a stand-in on the private NATS (the real rule is tested in records): upload
 * streamed and sniffed, 400/413/415 refusals, download with its headers, ranges 206/416, 404 for others, the
 * access log's CSV by Accept.
 */
import { createHash, randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { JSONCodec, connect, type NatsConnection } from 'nats';
import { RPC, type Caller } from '@cadre/contracts';
import { FileStore, fileView } from '@cadre/files';
import { infra, uniqueName } from '@cadre/testing';
import { startGateway, type ComponentGateway } from './harness';

jest.setTimeout(120_000);

const MAX = 4 * 1024 * 1024;
const recordsDb = uniqueName('component-gateway-files');
let gateway: ComponentGateway;
let nc: NatsConnection;
let db: mongoose.Connection;
let store: FileStore;
let token: string;
let otherToken: string;
const codec = JSONCodec();
const asked: { pattern: string; payload: any; caller: Caller }[] = [];
const logAsked: { subject: string; payload: Record<string, unknown> }[] = [];
const logEntry = (id: string, at: string, userName: string, kind: 'record' | 'bid') => ({
  id,
  at,
  userId: `u-${id}`,
  userName,
  fileId: `f-${id}`,
  fileName: `${id}.pdf`,
  uploaderId: 'u-up',
  uploaderName: '上传人',
  attachedTo: { kind, id: `h-${id}` },
  title: `标题 ${id}`,
});

beforeAll(async () => {
  gateway = await startGateway({ RECORDS_MONGODB_DB: recordsDb, FILES_MAX_BYTES: String(MAX) });
  db = await mongoose.createConnection(infra.mongoUri, { dbName: recordsDb, autoIndex: false }).asPromise();
  if (!db.db) throw new Error('no database');
  store = new FileStore(db.db, 'records');
  nc = await connect({ servers: gateway.nats.url, name: 'files-test-records-stand-in' });
  // The records service as the gateway sees it: a pending file to its uploader, 404 to anyone else.
  nc.subscribe(RPC.records.fileAuthorize, {
    callback: async (_error, message) => {
      const { data } = codec.decode(message.data) as { data: { caller: Caller; payload: { fileId: string; download: boolean } } };
      asked.push({ pattern: RPC.records.fileAuthorize, payload: data.payload, caller: data.caller });
      const file = await store.find(data.payload.fileId);
      if (!file || file.metadata.uploaderId !== data.caller.userId) message.respond(codec.encode({ err: { type: 'about:blank', title: 'Not found', status: 404, detail: 'No such file.' } }));
      else message.respond(codec.encode({ response: fileView(file) }));
    },
  });
  // Each owner's access log as its service answers it (newest first); the gateway merges them.
  for (const [subject, items] of [
    [RPC.records.fileAccessLog, [logEntry('r3', '2026-07-03T02:00:00.000Z', '审核员甲', 'record'), logEntry('r1', '2026-07-01T02:00:00.000Z', '审核员乙', 'record')]],
    [RPC.tasks.fileAccessLog, [logEntry('t2', '2026-07-02T02:00:00.000Z', '干部丙', 'bid')]],
  ] as const) {
    nc.subscribe(subject, {
      callback: (_error, message) => {
        const { data } = codec.decode(message.data) as { data: { payload: Record<string, unknown> } };
        logAsked.push({ subject, payload: data.payload });
        message.respond(codec.encode({ response: { items, total: items.length, page: 1, pageSize: 100 } }));
      },
    });
  }
  const root = (await gateway.call('GET', '/departments', { token: gateway.adminToken })).body.items[0].id;
  const [cadre, other] = [await gateway.createUser(root, ['cadre']), await gateway.createUser(root, ['cadre'])];
  token = await gateway.tokenOf(cadre.username);
  otherToken = await gateway.tokenOf(other.username);
});

afterAll(async () => {
  await nc?.drain().catch(() => undefined);
  await db?.dropDatabase().catch(() => undefined);
  await db?.close();
  await gateway?.stop();
});

function multipart(parts: { name: string; filename?: string; type?: string; body: Buffer | string }[]) {
  const boundary = `----cadre${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`));
    chunks.push(Buffer.isBuffer(part.body) ? part.body : Buffer.from(part.body));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const uploadAs = (who: string, parts: Parameters<typeof multipart>[0], purpose = 'record') => {
  const { payload, contentType } = multipart(parts);
  return gateway.app.inject({ method: 'POST', url: `/api/v1/files?purpose=${purpose}`, remoteAddress: gateway.ip, headers: { authorization: `Bearer ${who}`, 'content-type': contentType }, payload });
};
const get = (who: string, url: string, headers: Record<string, string> = {}) =>
  gateway.app.inject({ method: 'GET', url: `/api/v1${url}`, remoteAddress: gateway.ip, headers: { authorization: `Bearer ${who}`, ...headers } });
const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);

describe('upload', () => {
  it('streams a 3 MiB PDF into the records bucket: sniffed type, server hash, pending; it downloads byte for byte', async () => {
    const bytes = pdf(3 * 1024 * 1024);
    const answer = await uploadAs(token, [{ name: 'file', filename: '签约协议.pdf', type: 'image/png', body: bytes }]);
    expect(answer.statusCode).toBe(201);
    const body = answer.json();
    expect(body).toMatchObject({ name: '签约协议.pdf', type: 'application/pdf', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), purpose: 'record', status: 'pending' });
    expect(body.fileId).toMatch(/^rec_/);

    const download = await get(token, `/files/${body.fileId}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(bytes)).toBe(true);
    expect(download.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(bytes.length),
      'accept-ranges': 'bytes',
      etag: `"${body.sha256}"`,
      'content-disposition': `inline; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('签约协议')}.pdf`,
    });
    expect(asked.at(-1)?.payload).toEqual({ fileId: body.fileId, download: true });

    const range = await get(token, `/files/${body.fileId}`, { range: 'bytes=100-199' });
    expect(range.statusCode).toBe(206);
    expect(range.headers['content-range']).toBe(`bytes 100-199/${bytes.length}`);
    expect(range.rawPayload.equals(bytes.subarray(100, 200))).toBe(true);
    expect(asked.at(-1)?.payload).toEqual({ fileId: body.fileId, download: false });

    const beyond = await get(token, `/files/${body.fileId}`, { range: `bytes=${bytes.length}-` });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${bytes.length}`);
    expect(beyond.headers['content-type']).toMatch(/problem\+json/);

    const meta = await get(token, `/files/${body.fileId}/meta`);
    expect(meta.json()).toMatchObject({ fileId: body.fileId, attachedTo: null, status: 'pending' });
  });

  it('offers text as an attachment in UTF-8', async () => {
    const answer = await uploadAs(token, [{ name: 'file', filename: 'notes.pdf', body: '情况说明\n' }]);
    expect(answer.json()).toMatchObject({ type: 'text/plain', name: 'notes.pdf' });
    const download = await get(token, `/files/${answer.json().fileId}`);
    expect(download.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(download.headers['content-disposition']).toBe('attachment; filename="notes.pdf"');
  });

  it('refuses over the limit (413), a type not allowed (415), no file part or another purpose (400), keeping nothing', async () => {
    const before = await store.files.countDocuments({});
    const tooLarge = await uploadAs(token, [{ name: 'file', filename: 'big.pdf', body: pdf(MAX + 1) }]);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.headers['content-type']).toMatch(/problem\+json/);
    const elf = await uploadAs(token, [{ name: 'file', filename: 'a.pdf', body: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]) }]);
    expect(elf.statusCode).toBe(415);
    const noFile = await uploadAs(token, [{ name: 'note', body: 'hello' }]);
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().errors).toEqual([{ path: 'file', message: 'is required' }]);
    const wrongName = await uploadAs(token, [{ name: 'attachment', filename: 'a.txt', body: 'hello' }]);
    expect(wrongName.statusCode).toBe(400);
    const other = await uploadAs(token, [{ name: 'file', filename: 'a.txt', body: 'hello' }], 'other');
    expect(other.statusCode).toBe(400);
    expect(other.json().errors[0].path).toBe('purpose');
    const json = await gateway.app.inject({ method: 'POST', url: '/api/v1/files?purpose=record', remoteAddress: gateway.ip, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: '{}' });
    expect(json.statusCode).toBe(400);
    const unsigned = multipart([{ name: 'file', filename: 'a.txt', body: 'x' }]);
    const anonymous = await gateway.app.inject({ method: 'POST', url: '/api/v1/files?purpose=record', remoteAddress: gateway.ip, headers: { 'content-type': unsigned.contentType }, payload: unsigned.payload });
    expect(anonymous.statusCode).toBe(401);
    expect(await store.files.countDocuments({})).toBe(before);
  });

  it('refuses a multipart body on any other route with 415, as any form', async () => {
    const { payload, contentType } = multipart([{ name: 'name', body: 'x' }]);
    const answer = await gateway.app.inject({ method: 'POST', url: '/api/v1/departments', remoteAddress: gateway.ip, headers: { authorization: `Bearer ${gateway.adminToken}`, 'content-type': contentType }, payload });
    expect(answer.statusCode).toBe(415);
    expect(answer.headers['content-type']).toMatch(/problem\+json/);
  });
});

describe('download scope', () => {
  it('answers 404 to anyone the owning service refuses, and to ids no service gives out (without asking)', async () => {
    const fileId = (await uploadAs(token, [{ name: 'file', filename: 'a.txt', body: 'mine' }])).json().fileId;
    expect((await get(otherToken, `/files/${fileId}`)).statusCode).toBe(404);
    expect((await get(otherToken, `/files/${fileId}/meta`)).statusCode).toBe(404);
    const count = asked.length;
    expect((await get(token, '/files/not-a-file-id')).statusCode).toBe(404);
    expect(asked.length).toBe(count);
  });
});

describe('access log', () => {
  it('merges the records and tasks logs newest first, pages the merge, and answers CSV for Accept: text/csv', async () => {
    const csv = await get(gateway.adminToken, '/audit/file-access', { accept: 'text/csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toContain('下载人');
    expect(lines.slice(1).map((line: string) => line.split(',')[1])).toEqual(['审核员甲', '干部丙', '审核员乙']);
    expect(lines[2]).toContain('揭榜方案');
    const first = await get(gateway.adminToken, '/audit/file-access?pageSize=2&userId=u-r3');
    expect(first.json()).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(first.json().items.map((e: { id: string }) => e.id)).toEqual(['r3', 't2']);
    expect(logAsked.at(-1)?.payload).toMatchObject({ userId: 'u-r3', page: 1, pageSize: 100, format: 'json' });
    const second = await get(gateway.adminToken, '/audit/file-access?pageSize=2&page=2');
    expect(second.json().items.map((e: { id: string }) => e.id)).toEqual(['r1']);
  });
});
