/**
 * Analytics catching up on a backlog: the live models are stopped (as when the service is down), 5,000 events are
 * published into RECORDS, TASKS and SCORING, and the models are started again from their checkpoints. The
 * projection must catch up with a bounded number of consumers (one ordered consumer per stream, counted on the
 * JetStream API) and answer what a fresh rebuild from the streams answers.
 */
import { JSONCodec, connect, type NatsConnection } from 'nats';
import { RECORD_EVENTS, RPC, SCORING_EVENTS, STREAMS, TASK_EVENTS, createEnvelope, currentScoringYear, type RebuildView } from '@cadre/contracts';
import { callerOf, department, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';
import { ModelGenerations } from '../../src/projection/models.service';
import { analyticsModule, caughtUp, createdRecord, dropRedisKeys, publishedTask, scoreUpdated, seedPeople, transition } from './fixtures';

jest.setTimeout(120_000);

const YEAR = currentScoringYear();
const city = department('海口市');
const districts = [department('龙华区', city), department('美兰区', city), department('秀英区', city)];
const cadres = Array.from({ length: 30 }, (_, i) => user(`干部${i}`, districts[i % districts.length]!, ['cadre'], { rankLevel: i % 2 ? 'section' : 'division' }));
const admin = user('管理员', city, ['admin']);
const ITEMS = ['INVEST-03', 'PARTY-01', 'ECOLOGY-01', 'HONOR-01', 'REFORM-01'];
const codec = JSONCodec();

/** 5,000 events: 1,000 records (created, submitted, then verified or returned), 1,500 score updates, 500 tasks. */
function backlog(): { subject: string; data: unknown }[] {
  const events: { subject: string; data: unknown }[] = [];
  for (let i = 0; i < 1_000; i++) {
    const created = createdRecord(cadres[i % cadres.length]!, ITEMS[i % ITEMS.length]!, `成果${i}`);
    events.push({ subject: RECORD_EVENTS.created, data: created });
    events.push({ subject: RECORD_EVENTS.submitted, data: transition(created, 'submitted', 2, { fromStatus: 'draft' }) });
    // Distinct times: a portrait's timeline lists records by time, and ties have no order.
    const verifiedAt = new Date(Date.now() - i * 60_000).toISOString();
    events.push(i % 4 ? { subject: RECORD_EVENTS.verified, data: transition(created, 'verified', 3, { verifiedAt }) } : { subject: RECORD_EVENTS.returned, data: transition(created, 'draft', 3, { submittedAt: null }) });
  }
  for (let revision = 1; revision <= 50; revision++) {
    for (const cadre of cadres) events.push({ subject: SCORING_EVENTS.scoreUpdated, data: scoreUpdated(cadre, YEAR, { INVEST: revision * 100, TASK: revision * 37 }, { [`record:r${revision}`]: revision * 100 }, revision) });
  }
  for (let i = 0; i < 500; i++) events.push({ subject: TASK_EVENTS.published, data: publishedTask(districts[i % districts.length]!, { domain: i % 2 ? 'legacy' : 'livelihood' }) });
  return events;
}

describe('analytics catching up on 5,000 events', () => {
  let analytics: Component;
  let nc: NatsConnection;
  const as = (who: UserSeed) => callerOf(who);
  const answers = async () => ({
    overview: { ...(await analytics.request(RPC.analytics.overview, {}, as(admin))), asOf: {} },
    departments: await analytics.request(RPC.analytics.departments, {}, as(admin)),
    candidates: await analytics.request(RPC.analytics.candidates, { limit: 100 }, as(admin)),
    portraits: await Promise.all(cadres.slice(0, 5).map((c) => analytics.request(RPC.analytics.portrait, { id: c.id }, as(admin)))),
  });

  beforeAll(async () => {
    analytics = await startComponent({ service: 'analytics', module: analyticsModule, consume: false });
    await seedPeople(analytics, [city, ...districts], [...cadres, admin], admin);
    nc = await connect({ servers: analytics.nats.url, name: 'catch-up-test' });
  });
  afterAll(async () => {
    await nc?.close();
    await analytics?.stop();
    await dropRedisKeys();
  });

  it('catches up with one consumer per stream and answers what a rebuild answers', async () => {
    const models = analytics.app.get(ModelGenerations);
    await models.stop();
    const js = nc.jetstream();
    const events = backlog();
    for (let i = 0; i < events.length; i += 250) {
      await Promise.all(events.slice(i, i + 250).map(({ subject, data }) => js.publish(subject, codec.encode(createEnvelope(subject, subject.split('.')[0]!, data)))));
    }

    // Every consumer created from now on, as the JetStream API sees it.
    const created: string[] = [];
    const api = nc.subscribe('$JS.API.CONSUMER.>', { callback: (_err, msg) => /\.CREATE\./.test(msg.subject) && created.push(msg.subject) });
    const started = Date.now();
    await models.start();
    await caughtUp(analytics, admin);
    const seconds = (Date.now() - started) / 1000;
    api.unsubscribe();
    // eslint-disable-next-line no-console
    console.info(`analytics caught up on ${events.length} events in ${seconds.toFixed(1)} s (${Math.round(events.length / seconds)} events/s), ${created.length} consumers created`);

    const streams = [STREAMS.RECORDS.name, STREAMS.TASKS.name, STREAMS.SCORING.name];
    expect(created.length).toBeGreaterThanOrEqual(streams.length);
    expect(created.length).toBeLessThanOrEqual(2 * streams.length);
    for (const stream of streams) expect(created.filter((s) => s.includes(`.${stream}`)).length).toBeLessThanOrEqual(2);

    const caught = await answers();
    expect(caught.overview).toMatchObject({ records: { total: 1_000, byStatus: { verified: 750, draft: 250 } }, tasks: { published: 500 }, points: { scored: cadres.length } });

    const { generation } = await analytics.request<RebuildView>(RPC.analytics.rebuild, {}, as(admin));
    await waitUntil(
      async () => {
        const now = await analytics.request<RebuildView>(RPC.analytics.rebuildStatus, {}, as(admin));
        if (now.state === 'failed') throw new Error(`the rebuild failed: ${now.error}`);
        return now.state === 'swapped' && now.liveGeneration === generation;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the rebuild to swap' },
    );
    expect(await answers()).toEqual(caught);
  });
});
