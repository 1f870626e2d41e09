import { startService } from '@cadre/testing';

jest.setTimeout(30_000);

describe('records configuration', () => {
  it('exits non-zero naming MONGODB_URI when it is malformed', async () => {
    const service = await startService('records', { MONGODB_URI: 'mongo://nowhere' }, { waitReady: false });
    const code = await service.exited();
    expect(code).toBe(78);
    expect(service.output()).toMatch(/MONGODB_URI: must be a MongoDB connection string/);
  });
});
