/**
 * 实绩档案's routes in the gateway in process, with stand-ins for analytics, scoring and records on the private NATS
 * server: the composer asks each owner as the caller (the portrait's or the score's refusal is the answer; a record
 * the records service will not show the caller only loses its own period; the shortlist is asked for assessors and
 * admins only), and without a font with Chinese glyphs (DOSSIER_FONT names a missing file) the PDF answers 503
 * problem+json saying so, never a PDF of empty boxes.
 */
import { JSONCodec, connect, type NatsConnection, type Subscription } from 'nats';
import { RPC, dossierViewSchema, type Caller, type DossierView } from '@cadre/contracts';
import { portraitOf, scoreOf } from '../dossier/fixtures';
import { startGateway, type ComponentGateway } from './harness';

jest.setTimeout(120_000);

const codec = JSONCodec();
const forbidden = (detail: string) => ({ type: 'about:blank', title: 'Forbidden', status: 403, detail });
const notFound = (detail: string) => ({ type: 'about:blank', title: 'Not Found', status: 404, detail });

describe('gateway in process: 实绩档案 routes', () => {
  let gateway: ComponentGateway;
  let nc: NatsConnection;
  let subscriptions: Subscription[] = [];
  let token: string;
  let assessorToken: string;
  const asked: { subject: string; caller: Caller; payload: Record<string, any> }[] = [];

  beforeAll(async () => {
    gateway = await startGateway({ RPC_TIMEOUT_MS: '1000', DOSSIER_FONT: '/nonexistent/fonts/missing-cjk.ttf' });
    nc = await connect({ servers: gateway.nats.url });
    const root = (await gateway.call('GET', '/departments', { token: gateway.adminToken })).body.items[0];
    token = await gateway.tokenOf((await gateway.createUser(root.id, ['reviewer'])).username);
    assessorToken = await gateway.tokenOf((await gateway.createUser(root.id, ['assessor'])).username);
    const answers: Record<string, (payload: Record<string, any>) => unknown> = {
      [RPC.analytics.portrait]: (payload) => {
        if (payload.id === 'hidden') throw forbidden('Not your subtree.');
        return portraitOf({ period: payload.period });
      },
      [RPC.scoring.score]: (payload) => {
        if (payload.id === 'nobody') throw notFound('No such cadre.');
        return scoreOf({ period: payload.period });
      },
      [RPC.records.get]: () => {
        throw notFound('No such record.');
      },
      [RPC.records.taxonomyGet]: () => {
        throw notFound('No taxonomy.');
      },
      [RPC.analytics.candidates]: (payload) => ({ period: payload.period, items: [{ cadreId: 'c-1', cityRank: 2, cityCadres: 40 }] }),
    };
    subscriptions = Object.entries(answers).map(([subject, answer]) =>
      nc.subscribe(subject, {
        callback: (_error, message) => {
          const request = codec.decode(message.data) as { id: string; data: { caller: Caller; payload: Record<string, any> } };
          asked.push({ subject, caller: request.data.caller, payload: request.data.payload });
          try {
            message.respond(codec.encode({ id: request.id, response: answer(request.data.payload), isDisposed: true }));
          } catch (problem) {
            message.respond(codec.encode({ id: request.id, err: problem, isDisposed: true }));
          }
        },
      }),
    );
    await nc.flush();
  });

  afterAll(async () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
    await nc?.drain().catch(() => undefined);
    await gateway?.stop();
  });

  it('composes the dossier as the caller; a record it may not read keeps no period; no place for a reviewer', async () => {
    asked.length = 0;
    const reply = await gateway.call<DossierView>('GET', '/cadres/c-1/dossier?period=2026', { token });
    expect(reply.status).toBe(200);
    expect(dossierViewSchema.safeParse(reply.body).success).toBe(true);
    expect(reply.body.records[0]).toMatchObject({ recordId: 'r-1', periodStart: null, periodEnd: null, itemName: '招商引资 / 500强企业引进' });
    expect(reply.body.points.cityRank).toBeNull();
    expect(asked.map((a) => a.subject)).not.toContain(RPC.analytics.candidates);
    const portrait = asked.find((a) => a.subject === RPC.analytics.portrait)!;
    expect(portrait.payload).toMatchObject({ id: 'c-1', period: '2026' });
    expect(portrait.caller.roles).toEqual(['reviewer']);
  });

  it('gives assessors the city-wide place from the shortlist', async () => {
    const reply = await gateway.call<DossierView>('GET', '/cadres/c-1/dossier?period=2026', { token: assessorToken });
    expect(reply.status).toBe(200);
    expect(reply.body.points).toMatchObject({ cityRank: 2, cityCadres: 40 });
    expect(asked.find((a) => a.subject === RPC.analytics.candidates)?.payload).toEqual({ cadreIds: ['c-1'], period: '2026' });
  });

  it('answers the owners’ refusal: 403 before 404, for the JSON and the PDF', async () => {
    expect((await gateway.call('GET', '/cadres/hidden/dossier', { token })).status).toBe(403);
    expect((await gateway.call('GET', '/cadres/hidden/dossier.pdf', { token })).status).toBe(403);
    expect((await gateway.call('GET', '/cadres/nobody/dossier', { token })).status).toBe(404);
  });

  it('answers 503 problem+json for the PDF when the font is missing, and still the JSON', async () => {
    const pdf = await gateway.call('GET', '/cadres/c-1/dossier.pdf?period=2026', { token });
    expect(pdf.status).toBe(503);
    expect(String(pdf.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(pdf.body.detail).toContain('DOSSIER_FONT (/nonexistent/fonts/missing-cjk.ttf) does not exist');
    expect((await gateway.call('GET', '/cadres/c-1/dossier?period=2026', { token })).status).toBe(200);
  });

  it('names a bad period (400) before asking anyone', async () => {
    asked.length = 0;
    const reply = await gateway.call('GET', '/cadres/c-1/dossier?period=26', { token });
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((e: { path: string }) => e.path)).toEqual(['period']);
    expect(asked).toEqual([]);
  });
});
