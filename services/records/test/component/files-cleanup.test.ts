/**
 * The pending-files cleanup as a BullMQ job scheduler in the records service, with the age shortened by
 * configuration: a file nobody attached goes, evidence on a record stays.
 */
import { RPC } from '@cadre/contracts';
import { waitUntil } from '@cadre/testing';
import { cadre1, call, contentOf, draft, fileStore, startRecords, stopRecords, upload } from './fixture';

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
