/**
 * The pending-files cleanup as a BullMQ job scheduler in the records service, with the age shortened by
 * configuration: a file nobody attached goes, evidence on a record stays.
 */
import { RPC } from '@cadre/contracts';
import { waitUntil } from '@cadre/testing';
import { cadre1, call, collection, contentOf, draft, fileStore, startRecords, stopRecords, upload } from './fixture';

jest.setTimeout(120_000);

beforeAll(() => startRecords({ FILES_PENDING_MAX_AGE_MS: '1500', FILES_CLEANUP_EVERY_MS: '500' }));
afterAll(() => stopRecords());

it('removes files left pending past the configured age, chunks and all, and keeps attached evidence', async () => {
  const left = await upload(cadre1, contentOf('left pending'));
  const kept = await upload(cadre1, contentOf('attached'));
  await call(cadre1, RPC.records.create, draft({ evidence: [{ fileId: kept.fileId }] }));
  const store = await fileStore();
  await waitUntil(async () => (await store.find(left.fileId)) === null, { timeoutMs: 30_000 });
  expect(await store.bucket.find({ _id: left.fileId as never }).toArray()).toEqual([]);
  expect(await store.find(kept.fileId)).toMatchObject({ metadata: { status: 'attached' } });
});

it('removes the chunks an upload left when its writer died mid-way', async () => {
  const store = await fileStore();
  const fileId = 'rec_00000000-0000-4000-8000-0000000000aa';
  // What a gateway killed mid-upload leaves: its marker and some chunks, no files document.
  await collection<{ _id: string; startedAt: Date }>('files.uploads').insertOne({ _id: fileId, startedAt: new Date() });
  await collection<{ files_id: string; n: number; data: Buffer }>('files.chunks').insertOne({ files_id: fileId, n: 0, data: Buffer.from('%PDF-1.7') });
  // The removal drops the chunks, then the files document, then the marker: wait for the last of them.
  await waitUntil(async () => (await collection('files.uploads').countDocuments({ _id: fileId })) === 0, { timeoutMs: 30_000 });
  expect(await collection<{ files_id: string }>('files.chunks').countDocuments({ files_id: fileId })).toBe(0);
  expect(await collection('files.uploads').countDocuments({ _id: fileId })).toBe(0);
  expect(await store.find(fileId)).toBeNull();
});
