/**
 * The batched projector against real JetStream, FerretDB and Redis: a batch cut short by a crash (after some of
 * its documents, or after all of them but before its facts) and taken up by a new projector with nothing in memory,
 * while more events have arrived since (so the new reader would cut its batches elsewhere), leaves the models
 * exactly as a projector that never stopped, and as a rebuild from the streams: nothing lost, nothing doubled; and
 * the copy of the small collections held in memory for the dashboards equals the store.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { connect } from 'nats';
import pino from 'pino';
import { mongo } from 'mongoose';
import { createEnvelope, STREAMS } from '@cadre/contracts';
import { infra, startConnectedNats, uniqueName, waitUntil, type ConnectedNats } from '@cadre/testing';
import { MODEL_COLLECTIONS, type DocChange } from '../../src/projection/domain/cells';
import { HELD_COLLECTIONS } from '../../src/projection/held-models';
import { ModelStore } from '../../src/projection/model-store';
import { Projector, type CheckpointDocument } from '../../src/projection/projector';
import { buildGeneration } from '../../src/projection/rebuild';
import { lastSequence } from '../../src/projection/stream-reader';

jest.setTimeout(300_000);

const logger = pino({ level: 'silent' });
const STREAM_LIST = [STREAMS.RECORDS, STREAMS.TASKS, STREAMS.SCORING, STREAMS.NOTIFICATIONS];
let nats: ConnectedNats;
let client: mongo.MongoClient;
let db: mongo.Db;
let redis: Redis;
let checkpoints: mongo.Collection<CheckpointDocument>;
/** Leaderboard keys of this run only: a run that failed must leave nothing that a later run would read. */
const run = uniqueName('projector-recovery');
const prefix = (generation: number) => `${run}-${generation}`;

beforeAll(async () => {
  nats = await startConnectedNats();
  const jsm = await nats.nc.jetstreamManager();
  for (const { name, subjects } of STREAM_LIST) await jsm.streams.add({ name, subjects: [...subjects] });
  client = await new mongo.MongoClient(infra.mongoUri).connect();
  db = client.db(uniqueName('projector-recovery'));
  redis = new Redis(infra.redisUrl);
  checkpoints = db.collection<CheckpointDocument>('analytics_meta');
});

/** Projectors of the running test: stopped whatever its outcome, before the server they read goes. */
const running: Projector[] = [];
const started = async (projector: Projector) => {
  running.push(projector);
  await projector.start();
  return projector;
};

afterEach(async () => {
  await Promise.all(running.splice(0).map((projector) => Promise.race([projector.stop(), new Promise((resolve) => setTimeout(resolve, 2_000))])));
});

afterAll(async () => {
  await db?.dropDatabase().catch(() => undefined);
  await client?.close();
  if (redis) {
    const keys = await redis.keys(`${run}-*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
  await nats?.stop();
});

const cadres = Array.from({ length: 12 }, () => randomUUID());
const departmentPath = [randomUUID(), randomUUID()];
let round = 0;

/** A record's life (created, submitted, verified) for each cadre and a score update each: 4 events a cadre. */
async function publishRound(): Promise<void> {
  const js = nats.nc.jetstream();
  round++;
  for (const cadreId of cadres) {
    const at = new Date(Date.UTC(2026, 5, 1 + round)).toISOString();
    const record = { recordId: randomUUID(), cadreId, departmentId: departmentPath[1]!, departmentPath, itemCode: 'INVEST-03', firstLevelCode: 'INVEST', title: `成果${round}`, createdAt: at };
    const step = (status: string, version: number, fields: object) => ({ ...record, version, status, fromStatus: 'submitted', action: status, actorId: cadreId, comment: '', taxonomyVersion: 1, periodStart: at.slice(0, 10), periodEnd: at.slice(0, 10), claimedImpactLevel: 'city', confirmedImpactLevel: null, rating: null, participants: [{ userId: cadreId, role: 'lead', share: 100 }], submittedAt: at, verifiedAt: null, occurredAt: at, ...fields });
    const hundredths = round * 250;
    const events: [string, object][] = [
      ['records.record.created', { ...record, version: 1, status: 'draft' }],
      ['records.record.submitted', step('submitted', 2, { fromStatus: 'draft' })],
      ['records.record.verified', step('verified', 3, { confirmedImpactLevel: 'city', rating: 'good', verifiedAt: at })],
      ['scoring.score.updated', { cadreId, period: '2026', total: hundredths / 100, totalHundredths: hundredths, byItem: { INVEST: hundredths }, byMonth: { [at.slice(0, 7)]: hundredths }, bySource: { [`record:${record.recordId}`]: hundredths }, departmentId: departmentPath[1], departmentPath, standardVersion: 1, revision: round, updatedAt: at }],
    ];
    for (const [type, data] of events) await js.publish(type, JSON.stringify(createEnvelope(type, type.split('.')[0]!, data)));
  }
}

/** Every model document and fact of a generation. */
async function snapshot(store: ModelStore): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of MODEL_COLLECTIONS) {
    for (const doc of await store.model(name).find().toArray()) {
      // Without the batch stamp (which differs with the cut); a live document whose counters all went back to 0 is
      // a build's absent document.
      const body: Record<string, unknown> = { ...doc };
      delete body.seq;
      delete body._id;
      const kept = dropZeros(body) as object;
      if (Object.keys(kept).length) out[`${name}/${String(doc._id)}`] = kept;
    }
  }
  for (const { _id, fact } of await store.facts.find().toArray()) out[`fact/${_id}`] = fact;
  return out;
}

function dropZeros(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const kept = dropZeros(inner);
    if (kept === 0 || (typeof kept === 'object' && kept !== null && !Array.isArray(kept) && !Object.keys(kept).length)) continue;
    out[key] = kept;
  }
  return out;
}

/** The store's small collections as held in memory for the dashboards, against what the store holds. */
async function heldAndStored(store: ModelStore): Promise<[held: unknown[], stored: unknown[]]> {
  const held = await store.held();
  const byId = (a: { _id: unknown }, b: { _id: unknown }) => String(a._id).localeCompare(String(b._id));
  const out: [unknown[], unknown[]] = [[], []];
  for (const name of HELD_COLLECTIONS) {
    out[0].push(...[...held.of(name)!.values()].sort(byId).map((doc) => ({ name, ...doc })));
    out[1].push(...(await store.model(name).find().toArray()).sort(byId).map((doc) => ({ name, ...doc })));
  }
  return out;
}

async function caughtUp(projector: Projector): Promise<void> {
  for (const { name } of STREAM_LIST) {
    const end = await lastSequence(nats.nc, name);
    await waitUntil(() => (projector.positions[name] ?? 0) >= end, { timeoutMs: 120_000, what: `${name} applied through ${end}` });
  }
}

/** A store that dies (never returns, as a killed process) at a chosen write of the RECORDS batch it is given. */
class CrashingStore extends ModelStore {
  crashed = false;
  constructor(
    generation: number,
    private readonly crashAt: 'halfway-through-documents' | 'before-facts',
  ) {
    super(db, redis, prefix(generation), generation);
  }

  override async applyChanges(changes: readonly DocChange[], seq: number): Promise<void> {
    if (this.crashed) return hang();
    if (this.crashAt === 'halfway-through-documents' && changes.length > 4) {
      await super.applyChanges(changes.slice(0, Math.floor(changes.length / 2)), seq);
      this.crashed = true;
      return hang();
    }
    await super.applyChanges(changes, seq);
  }

  override async saveFacts(facts: ReadonlyMap<string, unknown>, seq: number): Promise<void> {
    if (this.crashed) return hang();
    if (this.crashAt === 'before-facts' && facts.size > 4) {
      this.crashed = true;
      return hang();
    }
    await super.saveFacts(facts, seq);
  }
}

const hang = () => new Promise<void>(() => undefined);

it.each([
  ['halfway through its documents', 'halfway-through-documents', 10],
  ['after its documents, before its facts', 'before-facts', 20],
] as const)('a batch cut short %s is applied again as it was cut: the models equal an uninterrupted projection and a rebuild', async (_label, crashAt, generation) => {
  await publishRound();
  await publishRound();
  // The uninterrupted projection, for comparison.
  const reference = new ModelStore(db, redis, prefix(generation + 1), generation + 1);
  const steady = await started(new Projector(reference, nats.nc, checkpoints, logger));

  const crashing = new CrashingStore(generation, crashAt);
  const doomed = await connect({ servers: nats.nats.url });
  const first = await started(new Projector(crashing, doomed, checkpoints, logger));
  await waitUntil(() => crashing.crashed, { timeoutMs: 30_000, what: 'the crash' });
  // The batch cut short may be of either stream the rounds publish on (how batches fall depends on timing).
  const positions = await Promise.all(STREAM_LIST.map((stream) => checkpoints.findOne({ _id: Projector.checkpointId(generation, stream.name) })));
  const cut = positions.find((position) => typeof position?.through === 'number');
  expect(cut?.through).toBeGreaterThan(cut?.seq ?? 0);
  // The process dies: its readers stop, its connection drops, what it held in memory is gone with it.
  void first.stop();
  await doomed.close();

  // More events arrive while it is down: the new reader would cut its batches elsewhere.
  await publishRound();
  const store = new ModelStore(db, redis, prefix(generation), generation);
  // Its copy in memory is loaded with the cut batch partly (or wholly) written, and must take that batch again
  // under the same guards as the store.
  await store.held();
  const second = await started(new Projector(store, nats.nc, checkpoints, logger));
  await caughtUp(second);
  await caughtUp(steady);

  const rebuilt = new ModelStore(db, redis, prefix(generation + 2), generation + 2);
  const written = [rebuilt.facts, ...MODEL_COLLECTIONS.map((name) => rebuilt.model(name))].map((collection) => collection as unknown as mongo.Collection);
  const inserts = written.map((collection) => jest.spyOn(collection, 'insertMany'));
  await buildGeneration(rebuilt, nats.nc, logger, { state: 'replaying', events: {} });
  // A build writes each collection in `_id` order (appending to its indexes rather than scattering over them).
  for (const spy of inserts) {
    const ids = spy.mock.calls.flatMap(([docs]) => [...docs].map((doc) => String(doc._id)));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual([...ids].sort());
    spy.mockRestore();
  }

  const expected = await snapshot(reference);
  expect(Object.keys(expected).length).toBeGreaterThan(cadres.length * 3);
  expect(await snapshot(store)).toEqual(expected);
  expect(await snapshot(rebuilt)).toEqual(expected);
  expect(await redis.zrange(store.leaderboardKey('2026'), 0, -1, 'WITHSCORES')).toEqual(await redis.zrange(reference.leaderboardKey('2026'), 0, -1, 'WITHSCORES'));
  // What the dashboards read from memory equals the store, the recovered store's included.
  for (const s of [store, reference, rebuilt]) {
    const [held, stored] = await heldAndStored(s);
    expect(stored.length).toBeGreaterThan(0);
    expect(held).toEqual(stored);
  }
  for (const s of [store, reference, rebuilt]) await s.drop();
});
