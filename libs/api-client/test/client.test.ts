/** createApiClient: typed paths against the generated schema, the gateway origin as base, the bearer token per request. */
import { createApiClient } from '../src';

function recorder(answer: () => Response) {
  const requests: Request[] = [];
  return { requests, fetch: async (request: Request) => (requests.push(request), answer()) };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('createApiClient', () => {
  it('sends a typed request to the document path under the origin, with the token read at each request', async () => {
    let token: string | null = 'first';
    const stub = recorder(() => json(200, { items: [], total: 0, page: 1, pageSize: 20 }));
    const client = createApiClient({ baseUrl: 'https://incentive.example.cn/', fetch: stub.fetch, token: () => token });
    const { data } = await client.GET('/api/v1/records', { params: { query: { status: 'draft' } } });
    token = null;
    await client.GET('/api/v1/me');
    expect(data).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    expect(stub.requests.map((request) => request.url)).toEqual(['https://incentive.example.cn/api/v1/records?status=draft', 'https://incentive.example.cn/api/v1/me']);
    expect(stub.requests.map((request) => request.headers.get('authorization'))).toEqual(['Bearer first', null]);
  });

  it('answers a problem as `error` with the response, and sends a JSON body', async () => {
    const problem = { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'username: required' };
    const stub = recorder(() => json(400, problem));
    const client = createApiClient({ baseUrl: 'http://localhost', fetch: stub.fetch, headers: { 'idempotency-key': 'k-1' } });
    const { error, response } = await client.POST('/api/v1/auth/login', { body: { username: '', password: 'x' } });
    expect(response.status).toBe(400);
    expect(error).toEqual(problem);
    expect(stub.requests[0].method).toBe('POST');
    expect(stub.requests[0].headers.get('idempotency-key')).toBe('k-1');
    expect(await stub.requests[0].json()).toEqual({ username: '', password: 'x' });
  });
});
