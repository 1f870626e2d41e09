/**
 * The versioned taxonomy in process: anyone reads the current version, administrators alone publish the next,
 * and records keep the version they were filed under. A file of its own: publishing changes the current
 * taxonomy for everything after it.
 */
import { RPC, type RecordDetailView, type TaxonomyView } from '@cadre/contracts';
import { callerOf, department, errorPaths, startComponent, user, type Component } from '@cadre/testing';

jest.setTimeout(60_000);

const city = department('海口市');
const bureau = department('市商务局', city);
const cadre = user('干部甲', bureau, ['cadre']);
const reviewer = user('审核员', city, ['reviewer']);
const assessor = user('研判员', city, ['assessor']);
const admin = user('管理员', bureau, ['admin']);

const draft = (itemCode: string) => ({ itemCode, title: '纪实', periodStart: '2026-01-01', periodEnd: '2026-03-31', impactLevel: 'unit' });
const next = {
  items: [
    { code: 'INVEST', name: '招商引资', children: [{ code: 'INVEST-01', name: '项目签约' }, { code: 'INVEST-03', name: '500强企业引进' }] },
    { code: 'HONOR', name: '表彰与其他实绩', children: [{ code: 'HONOR-01', name: '上级表彰' }, { code: 'HONOR-04', name: '典型案例' }] },
  ],
};

describe('taxonomy in process', () => {
  let records: Component;

  beforeAll(async () => {
    records = await startComponent({ service: 'records', module: (logger) => import('../../src/app.module').then((m) => m.AppModule.register(logger)) });
    await records.seedDirectory({ users: [cadre, reviewer, assessor, admin] });
  });
  afterAll(() => records?.stop());

  const current = () => records.request<TaxonomyView>(RPC.records.taxonomyGet, {}, callerOf(cadre));

  it('starts with the seeded version 1 of 16 first-level items', async () => {
    const taxonomy = await current();
    expect(taxonomy).toMatchObject({ version: 1, createdAt: expect.any(String) });
    expect(taxonomy.items).toHaveLength(16);
    expect(taxonomy.items.find((item) => item.code === 'INVEST')?.children.map((child) => child.code)).toContain('INVEST-03');
  });

  it('lets only administrators publish: 403 for everyone else, even with an invalid body', async () => {
    for (const who of [cadre, reviewer, assessor]) {
      expect(await records.refusal(RPC.records.taxonomyPut, next, callerOf(who))).toMatchObject({ status: 403, detail: 'Only administrators publish the taxonomy.' });
    }
    expect((await records.refusal(RPC.records.taxonomyPut, next)).status).toBe(403);
    expect((await records.refusal(RPC.records.taxonomyPut, { items: [] }, callerOf(cadre))).status).toBe(403);
    expect((await current()).version).toBe(1);
  });

  it('names what is wrong with a version and publishes nothing', async () => {
    const refuse = async (body: unknown) => errorPaths(await records.refusal(RPC.records.taxonomyPut, body, callerOf(admin)));
    expect(await refuse({ items: [{ code: 'INVEST', name: '招商引资', children: [{ code: 'INVEST-03', name: 'a' }, { code: 'HONOR-09', name: '错位' }] }] })).toEqual([
      'items.0.children.1.code',
    ]);
    expect(await refuse({ items: [...next.items, next.items[0]] })).toEqual(['items.2.children.0.code', 'items.2.children.1.code', 'items.2.code']);
    expect(await refuse({ ...next, version: 99 })).toEqual(['version']);
    expect(await refuse({ items: [] })).toEqual(['items']);
    expect((await current()).version).toBe(1);
  });

  it('publishes the next version; new records take it, earlier ones keep theirs', async () => {
    const before = await records.request<RecordDetailView>(RPC.records.create, draft('PARTY-01'), callerOf(cadre));
    expect(before.taxonomyVersion).toBe(1);

    const published = await records.request<TaxonomyView>(RPC.records.taxonomyPut, next, callerOf(admin));
    expect(published).toMatchObject({ version: 2, items: next.items });
    expect(await current()).toMatchObject({ version: 2, items: next.items });
    expect(await records.db.collection('taxonomy_versions').findOne({ _id: 2 } as never)).toMatchObject({ createdBy: admin.id });

    expect(await records.request<RecordDetailView>(RPC.records.create, draft('HONOR-04'), callerOf(cadre))).toMatchObject({ taxonomyVersion: 2, firstLevelCode: 'HONOR' });
    expect(errorPaths(await records.refusal(RPC.records.create, draft('PARTY-01'), callerOf(cadre)))).toEqual(['itemCode']);
    // The earlier record keeps version 1: its item stays valid on an edit, a new item must be in version 2.
    const edited = await records.request<RecordDetailView>(RPC.records.update, { id: before.id, version: 1, title: '发布后修改' }, callerOf(cadre));
    expect(edited).toMatchObject({ version: 2, itemCode: 'PARTY-01', taxonomyVersion: 1 });
    expect(errorPaths(await records.refusal(RPC.records.update, { id: before.id, version: 2, itemCode: 'PARTY-02' }, callerOf(cadre)))).toEqual(['itemCode']);
    const moved = await records.request<RecordDetailView>(RPC.records.update, { id: before.id, version: 2, itemCode: 'INVEST-01' }, callerOf(cadre));
    expect(moved).toMatchObject({ version: 3, itemCode: 'INVEST-01', taxonomyVersion: 2 });
  });
});
