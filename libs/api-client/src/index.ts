/**
 * @cadre/api-client — the 激励一张网 HTTP API, typed.
 *
 * `schema.ts` is generated from the gateway's OpenAPI document (`npm run api-client:generate`; a gateway test fails
 * when it is stale): `paths` (every route with its parameters, body and answers) and `components` (the schemas).
 * `createApiClient` is an openapi-fetch client typed with those paths:
 *
 *   const client = createApiClient({ baseUrl: 'https://incentive.example.gov.cn', token: () => session.token });
 *   const { data, error, response } = await client.GET('/api/v1/records/{recordId}', { params: { path: { recordId } } });
 *
 * Paths are the document's, `/api/v1/…` included, so `baseUrl` is the gateway's origin. Errors come back as `error`
 * (an RFC 9457 problem), never thrown; only a network failure throws.
 */
import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

export type { paths, components, operations } from './schema';

export interface ApiClientOptions {
  /** The gateway's origin (`https://host`); the paths carry `/api/v1`. */
  baseUrl: string;
  /** The fetch to send with (default: the global one, looked up at each request). */
  fetch?: (request: Request) => Promise<Response>;
  /** The session's bearer token, read at each request; null or undefined sends none. */
  token?: () => string | null | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** How a query object becomes the query string (default: openapi-fetch's). */
  querySerializer?: ClientOptions['querySerializer'];
}

export type ApiClient = Client<paths>;

/** Sets `Authorization: Bearer <token>` on each request while `token()` answers one. */
function bearer(token: () => string | null | undefined): Middleware {
  return {
    onRequest({ request }) {
      const value = token();
      if (value) request.headers.set('authorization', `Bearer ${value}`);
      return request;
    },
  };
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    headers: options.headers,
    querySerializer: options.querySerializer,
  });
  if (options.token) client.use(bearer(options.token));
  return client;
}
