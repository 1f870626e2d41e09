/**
 * Evidence files in the records service against real FerretDB: a 3 MiB upload round-trips byte for byte with the
 * server's hash, limits and sniffing refuse before anything is kept, records take evidence by fileId (and refuse
 * other people's files, other purposes and files on another record), reading is scoped like the record (wrong
 * role, wrong department, another cadre: 404), and downloads by others land in the admins' access log.
 */
import { createHash, randomBytes } from 'node:crypto';
import { FileTooLargeError, UnsupportedMediaTypeError } from '@cadre/files';
import { RPC, type ExportPage, type FileAccessEntryView, type FileMetaView, type Page } from '@cadre/contracts';
import { exportCsv } from '@cadre/platform';
import { waitUntil } from '@cadre/testing';
import {
  admin,
  assessor,
  cadre1,
  cadre2,
  call,
  colleague,
  draft,
  fileStore,
  get,
  publisherA,
  recordsCollection,
  refused,
  storedRecord,
  reviewerA,
  reviewerB,
  startRecords,
  stopRecords,
  upload,
} from './fixture';

jest.setTimeout(120_000);

beforeAll(() => startRecords());
afterAll(() => stopRecords());

const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);
const read = async (stream: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};
const authorize = (who: Parameters<typeof call>[0], fileId: string, download = true) => call<FileMetaView>(who, RPC.records.fileAuthorize, { fileId, download });

describe('storing', () => {
  it('round-trips a 3 MiB file byte for byte, with its sniffed type, size and SHA-256, and reads a range of it', async () => {
    const bytes = pdf(3 * 1024 * 1024);
    const stored = await upload(cadre1, bytes, { name: '签约协议.pdf' });
    expect(stored).toMatchObject({ name: '签约协议.pdf', mediaType: 'application/pdf', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(stored.fileId).toMatch(/^rec_/);
    const store = await fileStore();
    expect((await read(store.open(stored.fileId))).equals(bytes)).toBe(true);
    expect((await read(store.open(stored.fileId, { start: 1_000_000, end: 1_999_999 }))).equals(bytes.subarray(1_000_000, 2_000_000))).toBe(true);
  });

  it('refuses a file over the limit and one of a type not allowed, keeping nothing of either', async () => {
    const store = await fileStore();
    const before = await store.files.countDocuments({});
    await expect(upload(cadre1, pdf(300 * 1024), { maxBytes: 200 * 1024 })).rejects.toBeInstanceOf(FileTooLargeError);
    await expect(upload(cadre1, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), { name: 'a.pdf' })).rejects.toBeInstanceOf(UnsupportedMediaTypeError);
    expect(await store.files.countDocuments({})).toBe(before);
    expect(await store.bucket.find({ filename: 'a.pdf' }).toArray()).toEqual([]);
  });
});

describe('evidence by fileId', () => {
  it('fills the record’s evidence from the stored file and marks it attached', async () => {
    const stored = await upload(cadre1, pdf(10_000), { name: '报告.pdf' });
    const record = await call(cadre1, RPC.records.create, draft({ evidence: [{ fileId: stored.fileId }] }));
    expect(record.evidence).toEqual([{ fileId: stored.fileId, name: '报告.pdf', mediaType: 'application/pdf', size: 10_000, sha256: stored.sha256, stored: true }]);
    expect(await authorize(cadre1, stored.fileId, false)).toMatchObject({ status: 'attached', attachedTo: { kind: 'record', id: record.id } });
  });

  it('refuses, naming every field, an unknown file, someone else’s, another purpose and one already on another record', async () => {
    const theirs = await upload(cadre2, pdf(1_000));
    const forBid = await upload(cadre1, pdf(1_000), { purpose: 'bid' as never });
    const used = await upload(cadre1, pdf(1_000));
    await call(cadre1, RPC.records.create, draft({ evidence: [{ fileId: used.fileId }] }));
    const unknown = 'rec_00000000-0000-4000-8000-000000000000';
    const problem = await refused(cadre1, RPC.records.create, draft({ title: '', evidence: [{ fileId: unknown }, { fileId: theirs.fileId }, { fileId: forBid.fileId }, { fileId: used.fileId }, { fileId: 'x' }] }));
    expect(problem.status).toBe(400);
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['evidence.0.fileId', 'evidence.1.fileId', 'evidence.2.fileId', 'evidence.3.fileId', 'evidence.4.fileId', 'title']);
    expect(await authorize(cadre2, theirs.fileId, false)).toMatchObject({ status: 'pending', attachedTo: null });
  });

  it('releases a file an edit drops (pending again) and keeps the ones it lists', async () => {
    const one = await upload(cadre1, pdf(1_000));
    const two = await upload(cadre1, pdf(2_000));
    const record = await call(cadre1, RPC.records.create, draft({ evidence: [{ fileId: one.fileId }] }));
    const edited = await call(cadre1, RPC.records.update, { id: record.id, version: 1, evidence: [{ fileId: two.fileId }] });
    expect(edited.evidence.map((e) => e.fileId)).toEqual([two.fileId]);
    expect(await authorize(cadre1, one.fileId, false)).toMatchObject({ status: 'pending', attachedTo: null });
    expect(await authorize(cadre1, two.fileId, false)).toMatchObject({ status: 'attached' });
  });

  it('releases the evidence of a draft deleted for good (pending again, so the cleanup removes it)', async () => {
    const one = await upload(cadre1, pdf(1_000));
    const record = await call(cadre1, RPC.records.create, draft({ evidence: [{ fileId: one.fileId }] }));
    await call(cadre1, RPC.records.delete, { id: record.id });
    expect(await authorize(cadre1, one.fileId, false)).toMatchObject({ status: 'pending', attachedTo: null });
  });

  it('keeps evidence typed in before files were stored readable, flagged as not stored', async () => {
    const record = await call(cadre1, RPC.records.create, draft());
    const legacy = { name: '旧合同.pdf', mediaType: 'application/pdf', size: 2048, sha256: 'a'.repeat(64), storageKey: 'evidence/2025/old.pdf' };
    // After the outbox relay's write (FerretDB does not isolate updates: a concurrent one could undo this).
    await waitUntil(async () => ((await storedRecord(record.id)) as { outbox?: unknown[] } | null)?.outbox?.length === 0);
    await recordsCollection().updateOne({ _id: record.id }, { $set: { evidence: [legacy] } });
    expect((await get(cadre1, record.id)).evidence).toEqual([{ ...legacy, fileId: null, stored: false }]);
  });

  it('flags duplicate evidence by the server’s hash: the same bytes uploaded twice', async () => {
    const bytes = pdf(5_000);
    const first = await call(cadre1, RPC.records.create, draft({ evidence: [{ fileId: (await upload(cadre1, bytes)).fileId }] }));
    const second = await call(cadre2, RPC.records.create, draft({ evidence: [{ fileId: (await upload(cadre2, bytes)).fileId }] }));
    expect(second).toMatchObject({ duplicateEvidence: true, duplicateOf: [first.id] });
  });
});

describe('reading, scoped like the record', () => {
  let fileId: string;
  let pendingId: string;
  let recordId: string;

  beforeAll(async () => {
    fileId = (await upload(cadre1, pdf(4_000), { name: '佐证.pdf' })).fileId;
    recordId = (await call(cadre1, RPC.records.create, draft({ title: '有佐证的记录', evidence: [{ fileId }] }))).id;
    pendingId = (await upload(cadre1, pdf(1_000))).fileId;
  });

  it('lets the filer, the reviewer of the department, assessors and admins read the evidence', async () => {
    for (const who of [cadre1, reviewerA, assessor, admin]) expect(await authorize(who, fileId)).toMatchObject({ fileId, name: '佐证.pdf', type: 'application/pdf' });
  });

  it('answers 404 to the wrong department, the wrong role and another cadre, as for a file that does not exist', async () => {
    for (const who of [reviewerB, publisherA, colleague, cadre2]) expect(await refused(who, RPC.records.fileAuthorize, { fileId })).toMatchObject({ status: 404 });
    expect(await refused(cadre1, RPC.records.fileAuthorize, { fileId: 'rec_00000000-0000-4000-8000-000000000000' })).toMatchObject({ status: 404 });
    expect(await refused(cadre1, RPC.records.fileAuthorize, { fileId: { $ne: null } })).toMatchObject({ status: 404 });
  });

  it('shows a pending file to its uploader alone (admins included in the refusal)', async () => {
    expect(await authorize(cadre1, pendingId)).toMatchObject({ status: 'pending' });
    for (const who of [admin, assessor, reviewerA]) expect(await refused(who, RPC.records.fileAuthorize, { fileId: pendingId })).toMatchObject({ status: 404 });
  });

  it('logs downloads by others than the uploader for admins (names, the record’s title), JSON and CSV', async () => {
    const logged = async () => (await call<Page<FileAccessEntryView>>(admin, RPC.records.fileAccessLog, {})).total;
    const before = await logged();
    await authorize(reviewerA, fileId);
    await authorize(cadre1, fileId);
    await authorize(assessor, fileId, false);
    expect(await logged()).toBe(before + 1);
    const page = await call<Page<FileAccessEntryView>>(admin, RPC.records.fileAccessLog, { userId: reviewerA.id });
    expect(page.items[0]).toMatchObject({ userName: '审核员甲', fileName: '佐证.pdf', uploaderName: '干部甲', title: '有佐证的记录', attachedTo: { kind: 'record', id: recordId } });
    const all = await call<Page<FileAccessEntryView>>(admin, RPC.records.fileAccessLog, { pageSize: '100' });
    expect(all.items.some((e) => e.userId === cadre1.id)).toBe(false);
    const csv = exportCsv(await call<ExportPage>(admin, RPC.records.fileAccessLog, { format: 'csv' }));
    expect(csv).toContain('下载人');
    expect(csv).toContain('审核员甲');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await call<Page<FileAccessEntryView>>(admin, RPC.records.fileAccessLog, { from: today, to: today })).total).toBeGreaterThan(0);
    expect((await call<Page<FileAccessEntryView>>(admin, RPC.records.fileAccessLog, { to: '2020-01-01' })).total).toBe(0);
  });

  it('keeps the access log to admins and refuses a malformed query by field', async () => {
    for (const who of [reviewerA, assessor, cadre1]) expect(await refused(who, RPC.records.fileAccessLog, {})).toMatchObject({ status: 403 });
    const problem = await refused(admin, RPC.records.fileAccessLog, { from: 'yesterday', userId: { $gt: '' } });
    expect(problem.status).toBe(400);
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['from', 'userId']);
  });
});
