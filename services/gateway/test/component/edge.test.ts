/**
 * The edge, the gateway in process: bodies nested too deep refused before parsing, malformed URLs and oversized
 * headers answered as problems, unsafe request ids replaced, a 413 its streaming client can read, and the
 * token rules (expiry required, no issue time in the future).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { TEST_JWT } from '@cadre/testing';
import { startGateway, type ComponentGateway } from './harness';

jest.setTimeout(120_000);

const PROBLEM = /^application\/problem\+json/;
const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A request through Node's http client on a real socket, the body written in chunks as a client streams it.
 * Answers once the response has ended AND the whole body went out; a reset on either side rejects.
 */
function send(port: number, options: http.RequestOptions, chunks: Buffer[] = []): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let answer: RawAnswer | undefined;
    let sent = false;
    const settle = () => answer && sent && resolve(answer);
    const request = http.request({ host: '127.0.0.1', port, ...options }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      response.on('error', reject);
      response.on('end', () => {
        answer = { status: response.statusCode ?? 0, headers: response.headers, body };
        settle();
      });
    });
    request.on('error', reject);
    request.on('finish', () => {
      sent = true;
      settle();
    });
    const write = (i: number) => {
      if (i === chunks.length) return void request.end();
      if (request.write(chunks[i])) setTimeout(() => write(i + 1), 1);
      else request.once('drain', () => write(i + 1));
    };
    write(0);
  });
}

describe('gateway in process: the edge', () => {
  let gateway: ComponentGateway;
  let port: number;
  let token: (claims: { exp?: number; iat?: number }) => Promise<string>;

  beforeAll(async () => {
    gateway = await startGateway({ BODY_MAX_DEPTH: '64' });
    await gateway.app.listen(0, '127.0.0.1');
    port = (gateway.app.getHttpServer().address() as AddressInfo).port;
    const me = (await gateway.call('GET', '/me', { token: gateway.adminToken })).body;
    token = ({ exp, iat }) => {
      const jwt = new SignJWT({ name: me.name, roles: me.roles, dep: me.department.id, depPath: me.departmentPath })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(me.id)
        .setIssuer(TEST_JWT.issuer)
        .setAudience(TEST_JWT.audience);
      if (exp !== undefined) jwt.setExpirationTime(exp);
      if (iat !== undefined) jwt.setIssuedAt(iat);
      return jwt.sign(new TextEncoder().encode(TEST_JWT.secret));
    };
  });
  afterAll(() => gateway?.stop());

  const post = (payload: string) =>
    gateway.app.inject({ method: 'POST', url: '/api/v1/departments', remoteAddress: gateway.ip, headers: { authorization: `Bearer ${gateway.adminToken}`, 'content-type': 'application/json' }, payload });

  it('refuses a body nested deeper than BODY_MAX_DEPTH with 400 naming the body, however deep (never 500)', async () => {
    for (const levels of [65, 3_000, 5_000, 100_000]) {
      const answer = await post(nested(levels));
      expect({ levels, status: answer.statusCode, type: answer.headers['content-type'] }).toEqual({ levels, status: 400, type: expect.stringMatching(PROBLEM) });
      expect(answer.json().detail).toBe('The request body nests deeper than 64 levels.');
    }
    // Within the limit the body is parsed and validated as before; brackets inside strings are text, not nesting.
    const shallow = await post(JSON.stringify({ name: '['.repeat(200), code: nested(30) }));
    expect(shallow.statusCode).toBe(400);
    expect(shallow.json().detail).not.toMatch(/nests deeper/);
  });

  it('accepts a command sent with Content-Type application/json and an empty body (no body), still refusing malformed JSON', async () => {
    const command = (payload: string) =>
      gateway.app.inject({ method: 'POST', url: '/api/v1/tasks/00000000-0000-4000-8000-000000000001/publish', remoteAddress: gateway.ip, headers: { authorization: `Bearer ${gateway.adminToken}`, 'content-type': 'application/json' }, payload });
    // The tasks service does not run here: an accepted body reaches the forwarding step (503), never a 400 about the body.
    for (const payload of ['', '  ']) expect((await command(payload)).statusCode).not.toBe(400);
    const empty = await send(port, { method: 'POST', path: '/api/v1/tasks/00000000-0000-4000-8000-000000000001/publish', headers: { authorization: `Bearer ${gateway.adminToken}`, 'content-type': 'application/json', 'content-length': '0' } });
    expect(empty.status).not.toBe(400);
    expect((await post('{"name": ')).statusCode).toBe(400);
    // JSON in and out: a form body is refused as a problem, not parsed.
    const form = await gateway.app.inject({ method: 'POST', url: '/api/v1/departments', remoteAddress: gateway.ip, headers: { authorization: `Bearer ${gateway.adminToken}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=x' });
    expect({ status: form.statusCode, type: form.headers['content-type'] }).toEqual({ status: 415, type: expect.stringMatching(PROBLEM) });
  });

  it('answers a URL with malformed percent-encoding with 400 problem+json', async () => {
    for (const url of ['/api/v1/users/%E0%A4%A', '/api/v1/departments/%zz']) {
      const answer = await gateway.app.inject({ method: 'GET', url, remoteAddress: gateway.ip, headers: { authorization: `Bearer ${gateway.adminToken}` } });
      expect({ url, status: answer.statusCode, type: answer.headers['content-type'] }).toEqual({ url, status: 400, type: expect.stringMatching(PROBLEM) });
      expect(answer.json()).toMatchObject({ status: 400, detail: 'The URL is malformed (bad percent-encoding).' });
    }
  });

  it('answers headers over the server limit with 431 problem+json', async () => {
    const answer = await send(port, { method: 'GET', path: '/api/v1/me', headers: { 'x-padding': 'x'.repeat(20_000) } });
    expect({ status: answer.status, type: answer.headers['content-type'] }).toEqual({ status: 431, type: expect.stringMatching(PROBLEM) });
    expect(JSON.parse(answer.body)).toMatchObject({ status: 431, title: 'Request header fields too large' });
  });

  it('echoes a safe x-request-id and replaces an unsafe one by a generated id', async () => {
    const echo = async (id: string) =>
      (await gateway.app.inject({ method: 'GET', url: '/api/v1/me', remoteAddress: gateway.ip, headers: { authorization: `Bearer ${gateway.adminToken}`, 'x-request-id': id } })).headers['x-request-id'];
    expect(await echo('req-2026.12_02')).toBe('req-2026.12_02');
    for (const unsafe of ['../../<script>', 'a b', 'x'.repeat(129), 'id\u0000']) {
      const answered = await echo(unsafe);
      expect(answered).not.toBe(unsafe);
      expect(answered).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it.each([
    ['with a Content-Length', true],
    ['chunked', false],
  ])('answers an oversized body streamed %s with a 413 problem the client reads (no reset)', async (_how, withLength) => {
    const chunks = Array.from({ length: 128 }, () => Buffer.alloc(64 * 1024, 0x20));
    const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const answer = await send(
      port,
      {
        method: 'POST',
        path: '/api/v1/departments',
        headers: { authorization: `Bearer ${gateway.adminToken}`, 'content-type': 'application/json', ...(withLength ? { 'content-length': String(length) } : {}) },
      },
      chunks,
    );
    expect({ status: answer.status, type: answer.headers['content-type'], connection: answer.headers.connection }).toEqual({
      status: 413,
      type: expect.stringMatching(PROBLEM),
      connection: 'close',
    });
    expect(JSON.parse(answer.body)).toMatchObject({ status: 413, title: 'Payload too large' });
  });

  it('requires exp in a token and refuses one issued in the future (beyond 30 s of clock skew)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const me = (jwt: string) => gateway.call('GET', '/me', { token: jwt });
    expect((await me(await token({ exp: now + 600, iat: now }))).status).toBe(200);
    expect((await me(await token({ exp: now + 600, iat: now + 10 }))).status).toBe(200);
    for (const claims of [{ iat: now }, { exp: now + 600, iat: now + 300 }]) {
      const answer = await me(await token(claims));
      expect({ claims, status: answer.status, type: answer.headers['content-type'] }).toEqual({ claims, status: 401, type: expect.stringMatching(PROBLEM) });
      expect(answer.body.detail).toBe('The token is invalid or has expired.');
    }
  });
});
