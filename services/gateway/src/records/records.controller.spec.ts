import 'reflect-metadata';
import { RPC, type Caller } from '@cadre/contracts';
import type { RpcClient } from '@cadre/messaging';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { RecordsController } from './records.controller';

/** The gateway forwards; the records service decides (its component and e2e tests cover the refusals). */
describe('records routes of the gateway', () => {
  const caller = { userId: 'u1', roles: ['cadre'] } as unknown as Caller;
  const request = { caller } as AuthenticatedRequest;

  function controller(answer: unknown = { id: 'r1', status: 'deleted' }) {
    const sent: [string, unknown, unknown][] = [];
    const rpc = { request: async (subject: string, payload: unknown, who: unknown) => (sent.push([subject, payload, who]), answer) } as unknown as RpcClient;
    return { routes: new RecordsController(rpc), sent };
  }

  it('DELETE /records/:id asks the records service with the caller and answers nothing (204)', async () => {
    const { routes, sent } = controller();
    await expect(routes.remove(request, 'r1', undefined)).resolves.toBeUndefined();
    expect(sent).toEqual([[RPC.records.delete, { id: 'r1' }, caller]]);
  });

  it('POST /records/:id/withdraw forwards the body with the path id (a body id never wins)', async () => {
    const { routes, sent } = controller({ id: 'r1', status: 'draft' });
    await routes.withdraw(request, 'r1', { comment: '补充佐证', id: 'other' });
    expect(sent).toEqual([[RPC.records.withdraw, { comment: '补充佐证', id: 'r1' }, caller]]);
  });
});
