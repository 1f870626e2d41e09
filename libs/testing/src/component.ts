import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import mongoose from 'mongoose';
import { JSONCodec, connect, type NatsConnection } from 'nats';
import pino, { type Logger } from 'pino';
import {
  DIRECTORY_EVENTS,
  STREAMS,
  createEnvelope,
  type Caller,
  type DepartmentUpsertedV1,
  type EventEnvelope,
  type Problem,
  type RankLevel,
  type Role,
  type ServiceName,
  type UserUpsertedV1,
} from '@cadre/contracts';
import { NestPinoLogger, RpcProblemFilter } from '@cadre/platform';
import { EventPublisher, JetStreamServer, RpcClient, TracingNatsServer, natsOptions } from '@cadre/messaging';
import { startNatsServer, type NatsServerHandle } from './nats-server';
import { infra } from './services';
import { freePort, uniqueName, waitUntil } from './wait';

export interface ComponentOptions {
  service: ServiceName;
  /**
   * The service's root module, imported only once the environment is set (each service reads its configuration
   * when its `config.ts` is first imported): `(logger) => import('../src/app.module').then((m) => m.AppModule.register(logger))`.
   */
  module: (logger: Logger) => Promise<DynamicModule>;
  /** Extra environment (e.g. `DEADLINE_SWEEP_MS`). */
  env?: Record<string, string>;
  /** Consume the module's durable event handlers from JetStream (default true). */
  consume?: boolean;
}

export interface DepartmentSeed {
  id: string;
  name: string;
  code?: string;
  /** Ids from the root down to this department, inclusive. */
  path: string[];
}

export interface UserSeed {
  id: string;
  name: string;
  department: DepartmentSeed;
  roles: Role[];
  rankLevel?: RankLevel;
  title?: string;
  active?: boolean;
}

/**
 * One service in this process (NestJS's testing module) with a private NATS server with JetStream and its own
 * database on the shared FerretDB, but none of the other services: the tier between unit tests and the
 * whole-system tests. Requests go over NATS as the gateway sends them; the directory replica is fed with the
 * gateway's events by `seedDirectory`.
 */
export interface Component {
  app: INestApplication;
  nats: NatsServerHandle;
  /** The service's database (for assertions on what it stored). */
  db: mongoose.Connection;
  /** A request-reply call as the gateway makes it: the answer, or a rejection with the service's problem. */
  request<T = any>(pattern: string, payload: unknown, caller?: Caller): Promise<T>;
  /** The problem a refused call answers (fails the test when the call succeeds). */
  refusal(pattern: string, payload: unknown, caller?: Caller): Promise<Problem>;
  /** Publishes the gateway's directory events for these and waits until the service's replica holds them. */
  seedDirectory(seed: { departments?: DepartmentSeed[]; users?: UserSeed[] }, options?: { ready?: () => Promise<unknown> }): Promise<void>;
  /** Every event published on a stream since the component started, in order (subject filter, e.g. `records.>`; default the service's own). */
  published<T = any>(filter?: string): Promise<EventEnvelope<T>[]>;
  /** Publishes an event as another service would (for consumers). */
  publish(subject: string, data: unknown, options?: { producer?: string; eventId?: string }): Promise<EventEnvelope>;
  /** Closes the service, then drops its database and stops the NATS server (also when the start failed half-way); idempotent. */
  stop(): Promise<void>;
}

/** A department for `seedDirectory`, under `parent` when given. */
export function department(name: string, parent?: DepartmentSeed): DepartmentSeed {
  const id = randomUUID();
  return { id, name, code: `D${id.slice(0, 6).toUpperCase()}`, path: [...(parent?.path ?? []), id] };
}

/** A user for `seedDirectory`. */
export function user(name: string, dept: DepartmentSeed, roles: Role[], fields: Partial<Omit<UserSeed, 'name' | 'department' | 'roles'>> = {}): UserSeed {
  return { id: randomUUID(), name, department: dept, roles, ...fields };
}

/** The caller the gateway would forward for a seeded user. */
export function callerOf(seed: UserSeed): Caller {
  return { userId: seed.id, name: seed.name, roles: seed.roles, departmentId: seed.department.id, departmentPath: seed.department.path };
}

const codec = JSONCodec();

export async function startComponent(options: ComponentOptions): Promise<Component> {
  const nats = await startNatsServer();
  const dbName = uniqueName(`component-${options.service}`);
  Object.assign(process.env, {
    MONGODB_URI: infra.mongoUri,
    MONGODB_DB: dbName,
    REDIS_URL: infra.redisUrl,
    NATS_URL: nats.url,
    OPS_PORT: String(await freePort()),
    LOG_LEVEL: process.env.COMPONENT_LOG_LEVEL ?? 'warn',
    ...options.env,
  });
  const logger = pino({ level: process.env.LOG_LEVEL });
  let app: INestApplication | undefined;
  let client: RpcClient | undefined;
  let nc: NatsConnection | undefined;
  let db: mongoose.Connection | undefined;
  let directoryPublisher: EventPublisher | undefined;
  let stopped: Promise<void> | undefined;
  /**
   * The service in this process closes first (its connections to the database and NATS with it), then the test's
   * own clients; only then is the database dropped (a drop under a connected service is what coincided with
   * FerretDB dying), and the NATS server stopped whatever happened. When the service cannot be closed, its database
   * is left and the failure is thrown. Idempotent.
   */
  const stop = () =>
    (stopped ??= (async () => {
      let failure: unknown;
      try {
        await app?.close();
      } catch (error) {
        failure = error;
      }
      await client?.close().catch(() => undefined);
      await nc?.drain().catch(() => undefined);
      if (failure === undefined) {
        const dropper = db ?? mongoose.createConnection(infra.mongoUri, { dbName, autoIndex: false });
        await dropper.asPromise().then(() => dropper.dropDatabase()).catch(() => undefined);
        await dropper.close().catch(() => undefined);
      } else await db?.close().catch(() => undefined);
      await nats.stop();
      if (failure !== undefined) throw failure;
    })());
  try {
    const moduleRef = await Test.createTestingModule({ imports: [await options.module(logger)] }).compile();
    app = moduleRef.createNestApplication(new FastifyAdapter(), { logger: new NestPinoLogger(logger) });
    app.useGlobalFilters(new RpcProblemFilter(logger));
    app.connectMicroservice(
      { strategy: new TracingNatsServer({ ...natsOptions(nats.url), queue: options.service, name: `${options.service}-rpc` } as never) },
      { inheritAppConfig: true },
    );
    if (options.consume !== false) {
      app.connectMicroservice({ strategy: new JetStreamServer({ durable: options.service, servers: nats.url, logger }) }, { inheritAppConfig: true });
    }
    await app.init();
    await app.startAllMicroservices();

    client = new RpcClient({ servers: nats.url, name: 'component-test', timeoutMs: 15_000 });
    await client.connect();
    nc = await connect({ servers: nats.url, name: 'component-test-events' });
    directoryPublisher = new EventPublisher(nc, [STREAMS.DIRECTORY]);
    await directoryPublisher.init();
    db = mongoose.createConnection(infra.mongoUri, { dbName, autoIndex: false });
    await db.asPromise();
  } catch (error) {
    // A start that fails half-way stops what it started: no NATS server or open app outlives the test file.
    await stop().catch(() => undefined);
    throw error;
  }
  return componentOf(options, { app, nats, db, client, nc, directoryPublisher, stop });
}

interface Started {
  app: INestApplication;
  nats: NatsServerHandle;
  db: mongoose.Connection;
  client: RpcClient;
  nc: NatsConnection;
  directoryPublisher: EventPublisher;
  stop: () => Promise<void>;
}

/** The harness around a started component (see `startComponent`). */
function componentOf(options: ComponentOptions, { app, nats, db, client, nc, directoryPublisher, stop }: Started): Component {
  const versions = new Map<string, number>();
  const nextVersion = (id: string) => {
    const version = (versions.get(id) ?? 0) + 1;
    versions.set(id, version);
    return version;
  };

  const request = <T>(pattern: string, payload: unknown, caller?: Caller) => client.request<T>(pattern, payload, caller);
  const streamed = new Map<string, { seq: number; subject: string; envelope: EventEnvelope }[]>();

  return {
    app,
    nats,
    db,
    request,
    async refusal(pattern, payload, caller) {
      try {
        const answer = await request(pattern, payload, caller);
        throw new Error(`${pattern} was expected to be refused but answered ${JSON.stringify(answer)?.slice(0, 400)}`);
      } catch (error) {
        if ((error as Problem)?.status === undefined) throw error;
        return error as Problem;
      }
    },
    /** `ready` replaces the wait on the replica collections for a service that keeps its directory elsewhere (analytics: in memory). */
    async seedDirectory({ departments = [], users = [] }, { ready } = {}) {
      const known = new Map<string, DepartmentSeed>();
      for (const d of [...departments, ...users.map((u) => u.department)]) known.set(d.id, d);
      for (const d of known.values()) {
        const data: DepartmentUpsertedV1 = { departmentId: d.id, code: d.code ?? d.id.slice(0, 8), name: d.name, parentId: d.path.at(-2) ?? null, path: d.path, version: nextVersion(d.id) };
        await directoryPublisher.publish(DIRECTORY_EVENTS.departmentUpserted, createEnvelope(DIRECTORY_EVENTS.departmentUpserted, 'gateway', data));
      }
      for (const u of users) {
        const data: UserUpsertedV1 = {
          userId: u.id,
          username: `u-${u.id.slice(0, 8)}`,
          name: u.name,
          staffNo: u.id.slice(0, 8),
          departmentId: u.department.id,
          departmentPath: u.department.path,
          roles: u.roles,
          rankLevel: u.rankLevel ?? 'section',
          title: u.title ?? '',
          active: u.active ?? true,
          version: nextVersion(u.id),
        };
        await directoryPublisher.publish(DIRECTORY_EVENTS.userUpserted, createEnvelope(DIRECTORY_EVENTS.userUpserted, 'gateway', data));
      }
      if (ready) {
        await waitUntil(() => ready().then(() => true), { timeoutMs: 30_000, what: 'the service to know the directory' });
        return;
      }
      const expected = (collection: string, ids: string[]) => async () =>
        ids.length === 0 || (await db.collection(collection).countDocuments({ _id: { $in: ids } } as never)) === ids.length;
      await waitUntil(expected('directory_departments', [...known.keys()]), { timeoutMs: 30_000, what: 'the directory replica to hold the departments' });
      await waitUntil(expected('directory_users', users.map((u) => u.id)), { timeoutMs: 30_000, what: 'the directory replica to hold the users' });
    },
    async published(filter = '>') {
      const subject = filter === '>' ? `${options.service}.>` : filter;
      const jsm = await nc.jetstreamManager();
      const stream = await jsm.streams.find(subject).catch(() => undefined);
      if (!stream) return [];
      // Message by message, each read once: few in a test, and no consumer options that need a newer nats-server
      // than Debian's (a filtered ordered consumer asks for 2.10).
      const seen = streamed.get(stream) ?? streamed.set(stream, []).get(stream)!;
      const { state } = await jsm.streams.info(stream);
      for (let seq = Math.max(state.first_seq, (seen.at(-1)?.seq ?? 0) + 1); state.messages > 0 && seq <= state.last_seq; seq++) {
        const message = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
        if (message) seen.push({ seq, subject: message.subject, envelope: codec.decode(message.data) as EventEnvelope });
      }
      return seen.filter((m) => subjectMatches(subject, m.subject)).map((m) => m.envelope as EventEnvelope<any>);
    },
    async publish(subject, data, { producer = 'test', eventId } = {}) {
      const envelope = createEnvelope(subject, producer, data, { eventId });
      const publisher = new EventPublisher(nc, Object.values(STREAMS).filter((s) => s.subjects.some((pattern) => subject.startsWith(pattern.replace('>', '')))));
      await publisher.init();
      await publisher.publish(subject, envelope);
      return envelope;
    },
    stop,
  };
}

/** NATS subject matching: `*` one token, `>` the rest. */
function subjectMatches(pattern: string, subject: string): boolean {
  const want = pattern.split('.');
  const have = subject.split('.');
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '>') return have.length > i;
    if (i >= have.length || (want[i] !== '*' && want[i] !== have[i])) return false;
  }
  return want.length === have.length;
}
