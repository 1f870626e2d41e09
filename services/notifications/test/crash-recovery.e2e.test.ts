/**
 * The notifications service killed (SIGKILL) mid-burst, twice, and started again: nothing lost, nothing doubled.
 *
 * The built service alone (`services/notifications/dist/main.js`; build first: `nx build @cadre/service-notifications
 * --outputStyle=static`), with a private NATS+JetStream server and its own database on the shared FerretDB. Its
 * directory replica is fed the gateway's events (a city, two districts with a bureau each, a reviewer per district,
 * the cadres in the bureaus); then a burst as the records service publishes it (JetStream, msgID = eventId): every
 * record submitted, then some of them returned by the district's reviewer. While the service works through it, it is
 * killed when about a third of the RECORDS stream is acknowledged and again at about two thirds (during the catch-up
 * of the first restart), each time started again at once. Once the durable consumer has nothing pending or in flight:
 *
 * - each district reviewer's 待审核 holds exactly the submitted-and-not-returned records of their district, nothing
 *   of the other district, no other kind, each item once;
 * - each filer has one 待修改 and one `record_returned` message per returned record of theirs, each once, all unread,
 *   and the unread count equals the messages;
 * - a slice of the burst published again under new msgIDs (a redelivery JetStream cannot drop) changes nothing.
 *
 * The messages that the killed process had pulled come back after the consumer's ack_wait (15 s), so the catch-up
 * takes at least that long after the last kill. FerretDB is read directly only to count what the RPCs already show
 * (the stored messages and items, a second view of "nothing doubled").
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import {
  DIRECTORY_EVENTS,
  RECORD_EVENTS,
  RPC,
  STREAMS,
  createEnvelope,
  type DepartmentUpsertedV1,
  type EventEnvelope,
  type InboxView,
  type NotificationListView,
  type RecordTransitionV1,
  type UserUpsertedV1,
} from '@cadre/contracts';
import { EventPublisher, RpcClient } from '@cadre/messaging';
import {
  callerOf,
  department,
  infra,
  pool,
  startNatsServer,
  startServiceReady,
  stopThenDrop,
  uniqueName,
  user,
  waitUntil,
  type NatsServerHandle,
  type ServiceHandle,
  type UserSeed,
} from '@cadre/testing';
import { recordAt } from './component/inbox-fixtures';

jest.setTimeout(240_000);

/** Cadres per district, records per cadre: 2 × 50 × 4 = 400 submissions. */
const CADRES_PER_DISTRICT = Number(process.env.CRASH_CADRES_PER_DISTRICT ?? 50);
const RECORDS_PER_CADRE = 4;
/** Cadre k has 1 + (k mod 3) of their records returned (1, 2 or 3: about half of the burst). */
const returnedOf = (k: number) => 1 + (k % 3);
const COMMENT = '佐证材料不全，请补充合同扫描件';
/** Kill points: fractions of the burst's events acknowledged by the durable consumer. */
const KILL_AT = [1 / 3, 2 / 3];

const city = department('海口市');
const districts = [department('龙华区', city), department('美兰区', city)];
const bureaus = [department('龙华区发改局', districts[0]), department('美兰区发改局', districts[1])];
const reviewers = [user('张审核', districts[0], ['reviewer']), user('赵审核', districts[1], ['reviewer'])];
const cadres = districts.flatMap((_, d) => Array.from({ length: CADRES_PER_DISTRICT }, (__, k) => ({ seed: user(`干部${d + 1}-${k + 1}`, bureaus[d], ['cadre']), district: d, k })));

interface Filed {
  recordId: string;
  filer: UserSeed;
  district: number;
  returned: boolean;
}

describe('notifications: kill -9 mid-burst (built service, private NATS)', () => {
  const dbName = uniqueName('crash-notifications');
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let db: mongoose.Connection;
  let service: ServiceHandle | undefined;
  const env = () => ({ NATS_URL: nats.url, MONGODB_DB: dbName, LOG_LEVEL: 'warn' });
  const start = async () => (service = await startServiceReady('notifications', env(), (handle) => (service = handle)));

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url, name: 'crash-test' });
    await start();
    rpc = new RpcClient({ servers: nats.url, name: 'crash-test-rpc', timeoutMs: 15_000 });
    await rpc.connect();
    db = mongoose.createConnection(infra.mongoUri, { dbName, autoIndex: false });
    await db.asPromise();
  });

  afterAll(async () => {
    // Stop the service first (and wait for its exit); only then drop its database and its Redis keys, then NATS.
    await rpc?.close().catch(() => undefined);
    await nc?.drain().catch(() => undefined);
    await stopThenDrop(service ? [service] : [], { killAfterMs: 15_000 }, async () => {
      await db?.dropDatabase().catch(() => undefined);
      await db?.close().catch(() => undefined);
      await dropRedisKeys(`cadre:${dbName}:*`);
    }).finally(() => nats?.stop());
  });

  const publisherOf = async (stream: (typeof STREAMS)[keyof typeof STREAMS]) => {
    const publisher = new EventPublisher(nc, [stream]);
    await publisher.init();
    return publisher;
  };

  /** The durable consumer `notifications` on a stream, as the server keeps it. */
  const consumer = async (stream: string) => {
    const info = await (await nc.jetstreamManager()).consumers.info(stream, 'notifications');
    return { pending: info.num_pending, ackPending: info.num_ack_pending, ackFloor: info.ack_floor.stream_seq, delivered: info.delivered.stream_seq, redelivered: info.num_redelivered };
  };
  const drained = async () => {
    const c = await consumer(STREAMS.RECORDS.name).catch(() => undefined);
    return c !== undefined && c.pending === 0 && c.ackPending === 0;
  };

  const inbox = (who: UserSeed, query: Record<string, unknown> = {}) => rpc.request<InboxView>(RPC.notifications.inbox, { limit: 200, ...query }, callerOf(who));
  const messages = (who: UserSeed, query: Record<string, unknown> = {}) => rpc.request<NotificationListView>(RPC.notifications.list, { limit: 200, ...query }, callerOf(who));
  /** Every inbox item id of a person (all pages). */
  const inboxIds = async (who: UserSeed) => {
    const ids: string[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = await inbox(who, { offset });
      ids.push(...page.items.map((i) => i.id));
      if (page.items.length < 200) return { ids, view: page };
    }
  };

  it('kill -9 at a third and at two thirds of the burst: every item and message once, unread counts right, a redelivery changes nothing', async () => {
    // The directory, as the gateway announces it; the service's replica must hold it before records arrive.
    const directory = await publisherOf(STREAMS.DIRECTORY);
    for (const d of [city, ...districts, ...bureaus]) {
      const data: DepartmentUpsertedV1 = { departmentId: d.id, code: d.code ?? d.id.slice(0, 8), name: d.name, parentId: d.path.at(-2) ?? null, path: d.path, version: 1 };
      await directory.publish(DIRECTORY_EVENTS.departmentUpserted, createEnvelope(DIRECTORY_EVENTS.departmentUpserted, 'gateway', data));
    }
    const people = [...reviewers, ...cadres.map((c) => c.seed)];
    await pool(people, 8, async (u) => {
      const data: UserUpsertedV1 = {
        userId: u.id,
        username: `u-${u.id.slice(0, 8)}`,
        name: u.name,
        staffNo: u.id.slice(0, 8),
        departmentId: u.department.id,
        departmentPath: u.department.path,
        roles: u.roles,
        rankLevel: 'section',
        title: '',
        active: true,
        version: 1,
      };
      await directory.publish(DIRECTORY_EVENTS.userUpserted, createEnvelope(DIRECTORY_EVENTS.userUpserted, 'gateway', data));
    });
    await waitUntil(async () => (await db.collection('directory_users').countDocuments({})) === people.length, { timeoutMs: 60_000, intervalMs: 250, what: 'the directory replica to hold every person' });
    await waitUntil(async () => (await db.collection('directory_departments').countDocuments({})) === 5, { timeoutMs: 30_000, what: 'the directory replica to hold the departments' });

    // The burst: every record submitted, then the returns (stream order: a record's return after its submission).
    const filed: Filed[] = cadres.flatMap(({ seed, district, k }) =>
      Array.from({ length: RECORDS_PER_CADRE }, (_, n) => ({ recordId: randomUUID(), filer: seed, district, returned: n < returnedOf(k) })),
    );
    const submitted = filed.map((r) =>
      createEnvelope(RECORD_EVENTS.submitted, 'records', recordAt(r.filer, r.recordId, 2, { title: `纪实 ${r.filer.name}-${r.recordId.slice(0, 4)}` })),
    );
    const returned = filed
      .filter((r) => r.returned)
      .map((r) =>
        createEnvelope(
          RECORD_EVENTS.returned,
          'records',
          recordAt(r.filer, r.recordId, 3, {
            title: `纪实 ${r.filer.name}-${r.recordId.slice(0, 4)}`,
            status: 'draft',
            fromStatus: 'submitted',
            action: 'review:return',
            actorId: reviewers[r.district].id,
            comment: COMMENT,
          }),
        ),
      );
    const burst: EventEnvelope<RecordTransitionV1>[] = [...submitted, ...returned];
    const records = await publisherOf(STREAMS.RECORDS);
    const firstSeq = (await (await nc.jetstreamManager()).streams.info(STREAMS.RECORDS.name)).state.last_seq;

    const began = Date.now();
    let published = 0;
    const publishing = (async () => {
      // Submissions 16 at a time, then the returns the same way: every return is on the stream after its submission.
      await pool(submitted, 16, async (e) => void (await records.publish(e.type, e), published++));
      await pool(returned, 16, async (e) => void (await records.publish(e.type, e), published++));
    })();

    // The kills: each when the durable consumer's ack floor has passed its fraction of the burst; started again at once.
    const kills: { at: number; ackedAtKill: number; downMs: number }[] = [];
    for (const fraction of KILL_AT) {
      const target = firstSeq + Math.round(burst.length * fraction);
      // Handled: delivered less in flight (the ack floor stays behind a killed process's messages until ack_wait).
      const acked = await waitUntil(
        async () => {
          const c = await consumer(STREAMS.RECORDS.name).catch(() => undefined);
          return c && c.delivered - c.ackPending >= target ? c.delivered - c.ackPending - firstSeq : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 20, what: `${Math.round(fraction * 100)}% of the burst acknowledged` },
      );
      const at = Date.now();
      await service?.kill();
      await start();
      kills.push({ at: at - began, ackedAtKill: acked, downMs: Date.now() - at });
    }
    await publishing;
    expect(published).toBe(burst.length);
    const lastRestart = Date.now();

    let redelivered = 0;
    await waitUntil(async () => {
      const c = await consumer(STREAMS.RECORDS.name).catch(() => undefined);
      redelivered = Math.max(redelivered, c?.redelivered ?? 0);
      return c !== undefined && c.pending === 0 && c.ackPending === 0;
    }, { timeoutMs: 90_000, intervalMs: 250, what: 'the durable consumer to have nothing pending' }).catch(async (error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(await consumer(STREAMS.RECORDS.name))}\n${service?.output().slice(-3_000)}`);
    });
    const caughtUp = Date.now();

    // What must hold, from the burst alone.
    const snapshot = async () => {
      const view: Record<string, unknown> = {};
      for (const [d, reviewer] of reviewers.entries()) {
        const waiting = filed.filter((r) => r.district === d && !r.returned);
        const { ids, view: first } = await inboxIds(reviewer);
        expect(first.total).toBe(waiting.length);
        expect(first.counts.record_review).toBe(waiting.length);
        expect(Object.entries(first.counts).filter(([kind, n]) => kind !== 'record_review' && n !== 0)).toEqual([]);
        expect(ids).toHaveLength(new Set(ids).size);
        expect(new Set(ids)).toEqual(new Set(waiting.map((r) => `record_review:${r.recordId}`)));
        view[`reviewer${d}`] = { total: first.total, ids: [...ids].sort() };
        // The reviewer is told nothing (the filers are).
        expect((await messages(reviewer)).total).toBe(0);
      }
      await pool(cadres, 4, async ({ seed }) => {
        const mine = filed.filter((r) => r.filer.id === seed.id && r.returned);
        const { ids, view: items } = await inboxIds(seed);
        expect(items.counts.record_fix).toBe(mine.length);
        expect(items.total).toBe(mine.length);
        expect([...ids].sort()).toEqual(mine.map((r) => `record_fix:${r.recordId}`).sort());
        const list = await messages(seed);
        expect(list.items.map((m) => m.kind)).toEqual(mine.map(() => 'record_returned'));
        expect(list.items.map((m) => m.link).sort()).toEqual(mine.map((r) => `/records/${r.recordId}`).sort());
        expect(new Set(list.items.map((m) => m.id)).size).toBe(mine.length);
        expect(list.items.every((m) => m.body.includes(COMMENT) && m.body.includes(reviewers[mine[0].district].name) && m.readAt === null)).toBe(true);
        expect(list.total).toBe(mine.length);
        expect(list.unread).toBe(mine.length);
        expect((await messages(seed, { unread: 'true' })).items).toHaveLength(mine.length);
        view[seed.id] = { items: [...ids].sort(), messages: list.items.map((m) => m.id).sort(), unread: list.unread };
      });
      // Stored once each (what the RPCs answer from mailboxes and counts, counted at the source).
      const returns = filed.filter((r) => r.returned).length;
      expect(await db.collection('notifications').countDocuments({ kind: 'record_returned' })).toBe(returns);
      expect(await db.collection('notifications').countDocuments({})).toBe(returns);
      return view;
    };
    const after = await snapshot();

    // A slice of the burst again, under new msgIDs (JetStream cannot drop it): submissions and returns both.
    const slice = [...submitted.slice(0, 40), ...returned.slice(0, 40)];
    const js = nc.jetstream();
    for (const e of slice) await js.publish(e.type, new TextEncoder().encode(JSON.stringify(e)), { msgID: randomUUID() });
    await waitUntil(async () => (await consumer(STREAMS.RECORDS.name)).ackFloor >= firstSeq + burst.length + slice.length && (await drained()), {
      timeoutMs: 60_000,
      intervalMs: 250,
      what: 'the redelivered slice to be handled',
    });
    expect(await snapshot()).toEqual(after);

    const returns = returned.length;
    console.info(
      `notifications crash recovery: burst ${burst.length} events (${submitted.length} submitted, ${returns} returned, ${cadres.length} cadres); ` +
        kills.map((k, i) => `kill ${i + 1} at ${(k.at / 1000).toFixed(1)} s with ${k.ackedAtKill}/${burst.length} handled, restarted in ${(k.downMs / 1000).toFixed(1)} s`).join('; ') +
        `; caught up ${((caughtUp - lastRestart) / 1000).toFixed(1)} s after the last restart (${((caughtUp - began) / 1000).toFixed(1)} s after the burst began), ${redelivered} redelivered (most at once)`,
    );
  });
});

/** Removes the service's Redis keys (its queues) under this test's prefix. */
async function dropRedisKeys(match: string): Promise<void> {
  const redis = new Redis(infra.redisUrl);
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match, count: 1_000 })) keys.push(...(batch as string[]));
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  } finally {
    redis.disconnect();
  }
}
