// The NATS configuration the production overlay renders, run by the nats-server release the manifests deploy
// (built into .infra/bin by scripts/k8s-tools.mjs): it parses, it means what its comments say (fsync, store
// limits, routes), and its accounts let each service do what the code does and nothing a service must not.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AckPolicy, JSONCodec, connect, type NatsConnection, type Subscription } from 'nats';
import { TOOLS_TIMEOUT_MS, ensureTools } from './k8s-tools';
import { freePort, productionNats, runAccountsServer, runNatsServer, type ProductionNats } from './production-nats';

const codec = JSONCodec();
let natsServer: string;
let production: ProductionNats;
let conf: Record<string, string>;
let passwords: Record<string, string>;
const containerEnv = () => production.containerEnv();
const cleanup: (() => unknown)[] = [];

beforeAll(() => {
  natsServer = ensureTools()['nats-server'];
  production = productionNats();
  conf = production.conf;
  passwords = production.passwords;
}, TOOLS_TIMEOUT_MS);

afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function startServer(files: Record<string, string>, env: Record<string, string>, port: number): Promise<void> {
  const server = await runNatsServer(natsServer, files, env, port);
  cleanup.push(() => server.stop());
}

describe('the rendered nats.conf', () => {
  test('is valid for the deployed nats-server release, with the container environment', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cadre-nats-check-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    for (const [name, text] of Object.entries(conf)) writeFileSync(path.join(dir, name), text);
    const check = spawnSync(natsServer, ['-t', '-c', path.join(dir, 'nats.conf')], { env: { PATH: process.env.PATH, ...containerEnv() }, encoding: 'utf8' });
    expect(`${check.stdout}${check.stderr}`).toMatch(/configuration file .* is valid/);
    expect(check.status).toBe(0);
  });

  test('runs as its comments say: fsync on every write, the store limit, three routes, the accounts', async () => {
    const [client, monitor, cluster] = [await freePort(), await freePort(), await freePort()];
    const store = mkdtempSync(path.join(tmpdir(), 'cadre-nats-store-'));
    cleanup.push(() => rmSync(store, { recursive: true, force: true }));
    // Only addresses and paths change, to run beside anything else on this machine.
    const local = conf['nats.conf']
      .replace('listen: 0.0.0.0:4222', `listen: 127.0.0.1:${client}`)
      .replace('http: 0.0.0.0:8222', `http: 127.0.0.1:${monitor}`)
      .replace('listen: 0.0.0.0:6222', `listen: 127.0.0.1:${cluster}`)
      .replace('store_dir: /data/jetstream', `store_dir: "${store}"`)
      .replace('pid_file: /var/run/nats/nats.pid', `pid_file: "${path.join(store, 'nats.pid')}"`);
    expect(local).not.toMatch(/0\.0\.0\.0|\/data\/|\/var\/run/);
    await startServer({ ...conf, 'nats.conf': local }, containerEnv(), client);
    const varz = (await (await fetch(`http://127.0.0.1:${monitor}/varz`)).json()) as {
      server_name: string;
      jetstream: { config: { sync_always?: boolean; max_storage: number; store_dir: string } };
      cluster: { name: string; urls: string[] };
    };
    expect(varz.server_name).toBe('nats-0');
    expect(varz.jetstream.config.sync_always).toBe(true);
    const [, amount, unit] = /^(\d+)([GT])$/.exec(containerEnv().JETSTREAM_MAX_FILE_STORE)!;
    expect(varz.jetstream.config.max_storage).toBe(Number(amount) * 1000 ** (unit === 'G' ? 3 : 4));
    expect(varz.cluster.name).toBe('cadre');
    expect(varz.cluster.urls.map((url) => url.replace(/^.*@/, '')).sort()).toEqual(['nats-0.nats-headless:6222', 'nats-1.nats-headless:6222', 'nats-2.nats-headless:6222']);
    const accountz = (await (await fetch(`http://127.0.0.1:${monitor}/accountz`)).json()) as { accounts: string[] };
    expect(accountz.accounts).toContain('CADRE');
  });
});

describe('the NATS accounts (accounts.conf) against what the services do', () => {
  let url: string;
  const open: NatsConnection[] = [];

  beforeAll(async () => {
    const server = await runAccountsServer(natsServer, production);
    cleanup.push(() => server.stop());
    url = server.url;
  }, 30_000);

  afterAll(async () => {
    await Promise.all(open.map((nc) => nc.close()));
  });

  /** Connects as a user, recording every permission violation the server reports. */
  async function as(user: string) {
    const nc = await connect({ servers: url, user, pass: passwords[`${user.toUpperCase()}_PASSWORD`], name: `test-${user}` });
    open.push(nc);
    const refused: string[] = [];
    void (async () => {
      for await (const status of nc.status()) {
        const context = (status as { permissionContext?: { operation: string; subject: string } }).permissionContext;
        if (context) refused.push(`${context.operation} ${context.subject}`);
      }
    })();
    const settle = async () => {
      await nc.flush();
      await new Promise((resolve) => setTimeout(resolve, 200));
    };
    return { nc, refused, settle, jsm: () => nc.jetstreamManager({ timeout: 1_500 }), js: () => nc.jetstream({ timeout: 1_500 }) };
  }

  async function received(sub: Subscription, ms = 300): Promise<string[]> {
    const subjects: string[] = [];
    const timer = setTimeout(() => sub.unsubscribe(), ms);
    for await (const m of sub) subjects.push(m.subject);
    clearTimeout(timer);
    return subjects;
  }

  test('the gateway calls a service over request-reply; the service answers through allow_responses', async () => {
    const gateway = await as('gateway');
    const records = await as('records');
    const sub = records.nc.subscribe('rpc.records.>', { queue: 'records' });
    void (async () => {
      for await (const m of sub) m.respond(codec.encode({ service: 'records', status: 'ok' }));
    })();
    await records.settle();
    const reply = await gateway.nc.request('rpc.records.health', codec.encode({}), { timeout: 1_000 });
    expect(codec.decode(reply.data)).toEqual({ service: 'records', status: 'ok' });
    expect([...gateway.refused, ...records.refused]).toEqual([]);
  });

  test('only the gateway may publish requests: a service cannot call another service', async () => {
    const tasks = await as('tasks');
    const records = await as('records');
    const sub = tasks.nc.subscribe('rpc.tasks.>', { queue: 'tasks' });
    await tasks.settle();
    records.nc.publish('rpc.tasks.task.create', codec.encode({ caller: { id: 'forged' } }));
    await records.settle();
    expect(await received(sub)).toEqual([]);
    expect(records.refused).toContain('publish rpc.tasks.task.create');
  });

  test('a service subscribes to its own requests only; the gateway cannot answer for a service', async () => {
    const records = await as('records');
    const foreign = records.nc.subscribe('rpc.tasks.>');
    const gateway = await as('gateway');
    const impostor = gateway.nc.subscribe('rpc.records.>');
    await Promise.all([records.settle(), gateway.settle()]);
    expect(foreign.isClosed()).toBe(true);
    expect(impostor.isClosed()).toBe(true);
    expect(records.refused).toContain('subscription rpc.tasks.>');
    expect(gateway.refused).toContain('subscription rpc.records.>');
  });

  test('a service cannot forge a reply: publishing to an inbox it was not asked on is refused', async () => {
    const gateway = await as('gateway');
    const spy = gateway.nc.subscribe('_INBOX.gateway-test');
    await gateway.settle();
    const scoring = await as('scoring');
    scoring.nc.publish('_INBOX.gateway-test', codec.encode({ forged: true }));
    await scoring.settle();
    expect(await received(spy)).toEqual([]);
    expect(scoring.refused).toContain('publish _INBOX.gateway-test');
  });

  test('notifications pushes live messages that the gateway relays; no other service may, and it publishes no one else’s events', async () => {
    const gateway = await as('gateway');
    const live = gateway.nc.subscribe('live.>');
    await gateway.settle();
    const notifications = await as('notifications');
    notifications.nc.publish('live.notification.u-1', codec.encode({ id: 'n-1' }));
    notifications.nc.publish('live.inbox', codec.encode({ userIds: ['u-1'], roles: [] }));
    notifications.nc.publish('records.record.verified', codec.encode({ forged: true }));
    notifications.nc.publish('rpc.records.record.get', codec.encode({ forged: true }));
    await notifications.settle();
    const records = await as('records');
    records.nc.publish('live.notification.u-1', codec.encode({ forged: true }));
    await records.settle();
    expect(await received(live)).toEqual(['live.notification.u-1', 'live.inbox']);
    expect(notifications.refused).toEqual(expect.arrayContaining(['publish records.record.verified', 'publish rpc.records.record.get']));
    expect(records.refused).toContain('publish live.notification.u-1');
    expect(gateway.refused).toEqual([]);
  });

  test('each producer creates its stream and publishes its events through JetStream; no one publishes another’s', async () => {
    const gateway = await as('gateway');
    const records = await as('records');
    const analytics = await as('analytics');
    const streams = { gateway: ['DIRECTORY', 'directory.>'], records: ['RECORDS', 'records.>'] } as const;
    for (const [user, [name, subject]] of Object.entries(streams)) {
      const client = user === 'gateway' ? gateway : records;
      await (await client.jsm()).streams.add({ name, subjects: [subject], num_replicas: 1 });
    }
    const dl = await (await records.jsm()).streams.add({ name: 'DEADLETTER', subjects: ['deadletter.>'] });
    expect(dl.config.name).toBe('DEADLETTER');
    expect((await gateway.js().publish('directory.user.upserted', codec.encode({ v: 1 }), { msgID: 'u1' })).stream).toBe('DIRECTORY');
    expect((await records.js().publish('records.record.verified', codec.encode({ v: 1 }), { msgID: 'r1' })).stream).toBe('RECORDS');
    expect((await records.js().publish('deadletter.records.directory.user.upserted', codec.encode({ v: 1 }))).stream).toBe('DEADLETTER');

    await expect(records.js().publish('directory.user.upserted', codec.encode({ forged: true }))).rejects.toThrow();
    await expect(gateway.js().publish('records.record.verified', codec.encode({ forged: true }))).rejects.toThrow();
    await expect(analytics.js().publish('records.record.verified', codec.encode({ forged: true }))).rejects.toThrow();
    await expect(records.js().publish('deadletter.scoring.x', codec.encode({ forged: true }))).rejects.toThrow();
    await Promise.all([records.settle(), gateway.settle(), analytics.settle()]);
    expect(records.refused).toEqual(expect.arrayContaining(['publish directory.user.upserted', 'publish deadletter.scoring.x']));
    expect(gateway.refused).toContain('publish records.record.verified');
    expect(analytics.refused).toContain('publish records.record.verified');
  });

  test('a consumer reads another service’s stream with a durable consumer and acks; analytics reads in order', async () => {
    const scoring = await as('scoring');
    const jsm = await scoring.jsm();
    await jsm.consumers.add('RECORDS', { durable_name: 'scoring', ack_policy: AckPolicy.Explicit });
    const consumer = await scoring.js().consumers.get('RECORDS', 'scoring');
    const msg = await consumer.next({ expires: 2_000 });
    expect(msg?.subject).toBe('records.record.verified');
    expect(await msg!.ackAck()).toBe(true);

    const analytics = await as('analytics');
    const ordered = await analytics.js().consumers.get('DIRECTORY');
    const first = await ordered.next({ expires: 2_000 });
    expect(first?.subject).toBe('directory.user.upserted');
    expect([...scoring.refused, ...analytics.refused]).toEqual([]);
  });

  test('appraisal answers the gateway on rpc.appraisal.>, publishes only its own events, reads RECORDS durably; scoring and analytics read APPRAISAL', async () => {
    const gateway = await as('gateway');
    const appraisal = await as('appraisal');
    const sub = appraisal.nc.subscribe('rpc.appraisal.>', { queue: 'appraisal' });
    void (async () => {
      for await (const m of sub) m.respond(codec.encode({ service: 'appraisal', status: 'ok' }));
    })();
    await appraisal.settle();
    const reply = await gateway.nc.request('rpc.appraisal.health', codec.encode({}), { timeout: 1_000 });
    expect(codec.decode(reply.data)).toEqual({ service: 'appraisal', status: 'ok' });

    // Its own stream and events; a forged record event, a request to another service or a ballot for another's
    // subject are refused.
    await (await appraisal.jsm()).streams.add({ name: 'APPRAISAL', subjects: ['appraisal.>'], num_replicas: 1 });
    expect((await appraisal.js().publish('appraisal.grade.confirmed', codec.encode({ v: 1 }), { msgID: 'g1' })).stream).toBe('APPRAISAL');
    await expect(appraisal.js().publish('records.record.verified', codec.encode({ forged: true }))).rejects.toThrow();
    appraisal.nc.publish('rpc.scoring.score.get', codec.encode({ forged: true }));
    appraisal.nc.publish('live.notification.u-1', codec.encode({ forged: true }));
    // Its durable consumer on another service's stream (RECORDS exists: the producers' test above created it).
    await (await appraisal.jsm()).consumers.add('RECORDS', { durable_name: 'appraisal', ack_policy: AckPolicy.Explicit });
    const fromRecords = await (await appraisal.js().consumers.get('RECORDS', 'appraisal')).next({ expires: 2_000 });
    expect(fromRecords?.subject).toBe('records.record.verified');
    expect(await fromRecords!.ackAck()).toBe(true);
    await appraisal.settle();
    expect(appraisal.refused).toEqual(expect.arrayContaining(['publish records.record.verified', 'publish rpc.scoring.score.get', 'publish live.notification.u-1']));
    expect(appraisal.refused.filter((r) => !/records\.record\.verified|rpc\.scoring|live\./.test(r))).toEqual([]);

    // No other service publishes appraisal events.
    const records = await as('records');
    await expect(records.js().publish('appraisal.grade.confirmed', codec.encode({ forged: true }))).rejects.toThrow();
    await records.settle();
    expect(records.refused).toContain('publish appraisal.grade.confirmed');

    // Scoring consumes APPRAISAL with its durable consumer and acks; analytics reads it in order.
    const scoring = await as('scoring');
    await (await scoring.jsm()).consumers.add('APPRAISAL', { durable_name: 'scoring', ack_policy: AckPolicy.Explicit });
    const graded = await (await scoring.js().consumers.get('APPRAISAL', 'scoring')).next({ expires: 2_000 });
    expect(graded?.subject).toBe('appraisal.grade.confirmed');
    expect(await graded!.ackAck()).toBe(true);
    const analytics = await as('analytics');
    const ordered = await (await analytics.js().consumers.get('APPRAISAL')).next({ expires: 2_000 });
    expect(ordered?.subject).toBe('appraisal.grade.confirmed');
    await Promise.all([gateway.settle(), scoring.settle(), analytics.settle()]);
    expect([...gateway.refused, ...scoring.refused, ...analytics.refused]).toEqual([]);
  });

  test('selection answers the gateway on rpc.selection.>, publishes only its own events, reads DIRECTORY durably; records, notifications and analytics read SELECTION', async () => {
    const gateway = await as('gateway');
    const selection = await as('selection');
    const sub = selection.nc.subscribe('rpc.selection.>', { queue: 'selection' });
    void (async () => {
      for await (const m of sub) m.respond(codec.encode({ service: 'selection', status: 'ok' }));
    })();
    await selection.settle();
    const reply = await gateway.nc.request('rpc.selection.health', codec.encode({}), { timeout: 1_000 });
    expect(codec.decode(reply.data)).toEqual({ service: 'selection', status: 'ok' });

    // Its own stream, events and dead letters; a forged record event, a request to another service (it asks none:
    // the gateway composes the shortlist), another service's requests and live messages are refused.
    await (await selection.jsm()).streams.add({ name: 'SELECTION', subjects: ['selection.>'], num_replicas: 1 });
    expect((await selection.js().publish('selection.appeal.decided', codec.encode({ v: 1 }), { msgID: 'a1' })).stream).toBe('SELECTION');
    expect((await selection.js().publish('deadletter.selection.directory.user.upserted', codec.encode({ v: 1 }))).stream).toBe('DEADLETTER');
    await expect(selection.js().publish('records.record.verified', codec.encode({ forged: true }))).rejects.toThrow();
    await expect(selection.js().publish('deadletter.records.x', codec.encode({ forged: true }))).rejects.toThrow();
    selection.nc.publish('rpc.analytics.candidates', codec.encode({ forged: true }));
    selection.nc.publish('live.notification.u-1', codec.encode({ forged: true }));
    const foreign = selection.nc.subscribe('rpc.records.>');
    // Its durable consumer on DIRECTORY (the producers' test above created the stream).
    await (await selection.jsm()).consumers.add('DIRECTORY', { durable_name: 'selection', ack_policy: AckPolicy.Explicit });
    const fromDirectory = await (await selection.js().consumers.get('DIRECTORY', 'selection')).next({ expires: 2_000 });
    expect(fromDirectory?.subject).toBe('directory.user.upserted');
    expect(await fromDirectory?.ackAck()).toBe(true);
    await selection.settle();
    expect(foreign.isClosed()).toBe(true);
    const refusals = ['publish records.record.verified', 'publish deadletter.records.x', 'publish rpc.analytics.candidates', 'publish live.notification.u-1', 'subscription rpc.records.>'];
    expect(selection.refused).toEqual(expect.arrayContaining(refusals));
    expect(selection.refused.filter((r) => !refusals.includes(r))).toEqual([]);

    // No other service publishes selection events, nor answers its requests.
    const records = await as('records');
    await expect(records.js().publish('selection.appeal.decided', codec.encode({ forged: true }))).rejects.toThrow();
    const impostor = records.nc.subscribe('rpc.selection.>');
    await records.settle();
    expect(impostor.isClosed()).toBe(true);
    expect(records.refused).toEqual(expect.arrayContaining(['publish selection.appeal.decided', 'subscription rpc.selection.>']));

    // Records (an upheld appeal reopens a rejected record) and notifications consume SELECTION with their durable
    // consumers and ack; analytics reads it in order.
    for (const user of ['records', 'notifications']) {
      const client = await as(user);
      await (await client.jsm()).consumers.add('SELECTION', { durable_name: user, ack_policy: AckPolicy.Explicit });
      const decided = await (await client.js().consumers.get('SELECTION', user)).next({ expires: 2_000 });
      expect(decided?.subject).toBe('selection.appeal.decided');
      expect(await decided?.ackAck()).toBe(true);
      await client.settle();
      expect({ user, refused: client.refused }).toEqual({ user, refused: [] });
    }
    const analytics = await as('analytics');
    const ordered = await (await analytics.js().consumers.get('SELECTION')).next({ expires: 2_000 });
    expect(ordered?.subject).toBe('selection.appeal.decided');
    await Promise.all([gateway.settle(), analytics.settle()]);
    expect([...gateway.refused, ...analytics.refused]).toEqual([]);
  });

  test('no service can delete or purge a stream, or delete a message', async () => {
    for (const user of ['gateway', 'records', 'analytics']) {
      const client = await as(user);
      const jsm = await client.jsm();
      await expect(jsm.streams.delete('RECORDS')).rejects.toThrow();
      await expect(jsm.streams.purge('DIRECTORY')).rejects.toThrow();
      await expect(jsm.streams.deleteMessage('RECORDS', 1)).rejects.toThrow();
      await client.settle();
      expect(client.refused).toEqual(expect.arrayContaining(['publish $JS.API.STREAM.DELETE.RECORDS', 'publish $JS.API.STREAM.PURGE.DIRECTORY', 'publish $JS.API.STREAM.MSG.DELETE.RECORDS']));
    }
    const admin = await as('records');
    expect((await (await admin.jsm()).streams.info('RECORDS')).state.messages).toBe(1);
  });

  test('a wrong password is refused', async () => {
    await expect(connect({ servers: url, user: 'records', pass: 'wrong', reconnect: false })).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
  });
});
