import { RPC } from '@cadre/contracts';
import { callerOf, department, startComponent, user, type Component } from '@cadre/testing';

jest.setTimeout(120_000);

describe('records in-process (smoke)', () => {
  let records: Component;
  const city = department('海口市');
  const bureau = department('市发改委', city);
  const cadre = user('王海军', bureau, ['cadre']);
  beforeAll(async () => {
    records = await startComponent({ service: 'records', module: (logger) => import('../../src/app.module').then((m) => m.AppModule.register(logger)) });
    await records.seedDirectory({ users: [cadre] });
  });
  afterAll(() => records?.stop());

  it('answers and refuses', async () => {
    const taxonomy = await records.request(RPC.records.taxonomyGet, {}, callerOf(cadre));
    expect(taxonomy.items.length).toBeGreaterThan(0);
    const problem = await records.refusal(RPC.records.get, { id: '00000000-0000-4000-8000-000000000000' }, callerOf(cadre));
    expect(problem.status).toBe(404);
    expect(await records.published()).toEqual([]);
  });
});
