/**
 * The records service in process for the component tests (real FerretDB and NATS, no other service), with a
 * seeded directory and the calls as the gateway makes them. One service per test file: `startRecords` in
 * `beforeAll`, `stopRecords` in `afterAll`.
 *
 * Directory: city → district A → bureau A1; city → district B.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FileStore } from '@cadre/files';
import { RPC, type EventEnvelope, type Page, type RecordDetailView, type RecordTransitionV1 } from '@cadre/contracts';
import { callerOf, department, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';

export type Detail = RecordDetailView;
export type Transition = EventEnvelope<RecordTransitionV1>;

export const city = department('海口市');
export const districtA = department('甲区', city);
export const bureauA1 = department('甲区商务局', districtA);
export const districtB = department('乙区', city);

export const cadre1 = user('干部甲', bureauA1, ['cadre']);
export const cadre2 = user('干部乙', districtB, ['cadre']);
export const colleague = user('干部丙', bureauA1, ['cadre']);
export const reviewerA = user('审核员甲', districtA, ['reviewer']);
export const reviewerB = user('审核员乙', districtB, ['reviewer']);
export const revCadre = user('审核员兼干部', districtA, ['reviewer', 'cadre']);
export const assessor = user('研判员', city, ['assessor']);
export const assessorB = user('研判员乙', city, ['assessor']);
export const admin = user('管理员', city, ['admin']);
export const inactive = user('已停用干部', bureauA1, ['cadre'], { active: false });
export const publisherA = user('发布人甲', districtA, ['publisher']);

export const sha = () => randomBytes(32).toString('hex');
/** The bytes of the evidence file named by `key`: the same key, the same file (and hash). */
export const contentOf = (key: string) => Buffer.from(`佐证材料 ${key}\n`, 'utf8');
export const hashOf = (key: string) => createHash('sha256').update(contentOf(key)).digest('hex');
/** Evidence by key: `file` and `withFiles` upload it as the filer (as the gateway does) and put its fileId in its place. */
export const evidence = (key: string) => ({ upload: key });
export const draft = (fields: Record<string, unknown> = {}) => ({
  itemCode: 'INVEST-03',
  title: '引进区域总部',
  description: '牵头洽谈，促成签约。',
  periodStart: '2026-01-01',
  periodEnd: '2026-06-30',
  impactLevel: 'city',
  ...fields,
});

let records: Component;

export async function startRecords(env: Record<string, string> = {}): Promise<void> {
  records = await startComponent({ service: 'records', env, module: (logger) => import('../../src/app.module').then((m) => m.AppModule.register(logger)) });
  await records.seedDirectory({
    departments: [city, districtA, bureauA1, districtB],
    users: [cadre1, cadre2, colleague, reviewerA, reviewerB, revCadre, assessor, assessorB, admin, inactive, publisherA],
  });
}

/** The records service's file store, as the gateway writes to it. */
export async function fileStore(): Promise<FileStore> {
  const { FILE_STORE } = await import('../../src/files/file-store.provider');
  return records.app.get<FileStore>(FILE_STORE);
}

/** Uploads `bytes` as `who` (what the gateway does for `POST /files`); answers the stored file. */
export async function upload(who: UserSeed, bytes: Buffer, { name = '佐证.txt', purpose = 'record' as const, maxBytes = 20 * 1024 * 1024, chunk = 64 * 1024 } = {}) {
  const parts = Array.from({ length: Math.ceil(bytes.length / chunk) || 1 }, (_, i) => bytes.subarray(i * chunk, (i + 1) * chunk));
  return (await fileStore()).upload(Readable.from(parts), { name, purpose, uploader: { userId: who.id, name: who.name }, maxBytes });
}

/** `body` with every `evidence(key)` uploaded by `who` and replaced by its `{ fileId }`. */
export async function withFiles<T extends Record<string, unknown>>(who: UserSeed, body: T): Promise<T> {
  if (!Array.isArray(body.evidence)) return body;
  const entries = await Promise.all(
    (body.evidence as unknown[]).map(async (e) => (e && typeof e === 'object' && 'upload' in e ? { fileId: (await upload(who, contentOf(String(e.upload)))).fileId } : e)),
  );
  return { ...body, evidence: entries };
}

export async function stopRecords(): Promise<void> {
  await records?.stop();
}

/** Publishes an event as another service would (`selection.appeal.decided` for the appeal reopening). */
export const publish = (subject: string, data: unknown, options?: { producer?: string; eventId?: string }) => records.publish(subject, data, options);
export const call = <T = Detail>(who: UserSeed, pattern: string, payload: unknown) => records.request<T>(pattern, payload, callerOf(who));
export const refused = (who: UserSeed | undefined, pattern: string, payload: unknown) => records.refusal(pattern, payload, who && callerOf(who));
export const file = async (who: UserSeed, fields: Record<string, unknown> = {}) => call(who, RPC.records.create, await withFiles(who, draft(fields)));
export const get = (who: UserSeed, id: string) => call(who, RPC.records.get, { id });
export const submit = (who: UserSeed, id: string) => call(who, RPC.records.submit, { id });
export const review = (who: UserSeed, id: string, decision: string, comment = '') => call(who, RPC.records.review, { id, decision, comment });
export const assess = (who: UserSeed, id: string, body: Record<string, unknown>) => call(who, RPC.records.assess, { id, ...body });
export const list = (who: UserSeed, query: Record<string, unknown> = {}) => call<Page<Detail>>(who, RPC.records.list, { pageSize: '100', ...query });
export const ids = (page: Page<Detail>) => page.items.map((r) => r.id);
export const stored = () => records.db.collection('records').countDocuments({});
/** Runs the duplicate-evidence index's start-up step again, as a new version's first start would. */
export async function enterEarlierRecords(): Promise<void> {
  const { DuplicateEvidence } = await import('../../src/records/duplicate-evidence');
  await records.app.get(DuplicateEvidence).onModuleInit();
}
export const evidenceIndex = () => records.db.collection<{ _id: string; records: string[] }>('evidence_index');
export const recordsCollection = () => records.db.collection<{ _id: string }>('records');
/** A collection of the records service's database, read and written directly. */
export const collection = <T extends object = { _id: string }>(name: string) => records.db.collection<T>(name);
export const storedRecord = (id: string) => records.db.collection<{ _id: string }>('records').findOne({ _id: id });
/** Moves a stored record's verification back in time, as if it had been verified `days` ago. */
export const verifiedDaysAgo = (id: string, days: number) =>
  records.db.collection<{ _id: string }>('records').updateOne({ _id: id }, { $set: { verifiedAt: new Date(Date.now() - days * 24 * 60 * 60 * 1000) } });

const published = () => records.published<Transition['data']>('records.>') as Promise<Transition[]>;

/** The events published about one record, once `times` of type `until` have gone out. */
export async function eventsOf(id: string, until: string, times = 1): Promise<Transition[]> {
  return waitUntil(
    async () => {
      const events = (await published()).filter((e) => e.data.recordId === id);
      return events.filter((e) => e.type === until).length >= times ? events : undefined;
    },
    { what: `${until} of ${id}` },
  );
}

/** The last event of type `subject` about one record. */
export const last = async (id: string, subject: string) => (await eventsOf(id, subject)).filter((e) => e.type === subject).at(-1);
