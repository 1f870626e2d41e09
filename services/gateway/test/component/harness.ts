import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { JSONCodec, connect, type NatsConnection } from 'nats';
import pino from 'pino';
import { STREAMS, type EventEnvelope, type UserView } from '@cadre/contracts';
import { NestPinoLogger } from '@cadre/platform';
import type { GatewayConfig } from '../../src/config';
import { TEST_JWT, freePort, infra, startNatsServer, uniqueName, type NatsServerHandle } from '@cadre/testing';

export const ADMIN_PASSWORD = 'Root-Component-2026';
export const PASSWORD = 'Haikou2026Gov';

export interface Answer<T = any> {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: T;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** The client's address (every test file uses its own, so the shared Redis counters never meet). */
  ip?: string;
}

/**
 * The gateway in this process (NestJS's testing module and its real AppModule, the edge and problem filter as
 * main.ts sets them up: admission, the live stream's tokens), with a private NATS server, its own database on FerretDB and the shared Redis, but none of
 * the other four services. Requests go through Fastify's `inject`, from an address of the file's own.
 */
export interface ComponentGateway {
  app: NestFastifyApplication;
  nats: NatsServerHandle;
  /** The gateway's database (departments, users). */
  db: mongoose.Connection;
  adminToken: string;
  /** The client address requests come from unless a call names another. */
  ip: string;
  call<T = any>(method: string, url: string, options?: CallOptions): Promise<Answer<T>>;
  login(username: string, password: string, ip?: string): Promise<Answer<any>>;
  /** A token for a user signed in with the test password. */
  tokenOf(username: string): Promise<string>;
  /** Creates a user as the admin (a unique username and staff number) in `departmentId`. */
  createUser(departmentId: string, roles: string[], fields?: Record<string, unknown>): Promise<UserView>;
  /** Listens on a free local port (for clients that need a real connection: the live stream) and answers it. */
  listen(): Promise<number>;
  /** Every event on the DIRECTORY stream so far, those of `subject` only when given. */
  events(subject?: string): Promise<EventEnvelope[]>;
  stop(): Promise<void>;
}

const codec = JSONCodec();

/**
 * `env` is read once per test file (when config.ts is first imported); `overrides` change the configuration of this
 * gateway only, for a second gateway in the same file.
 */
export async function startGateway(env: Record<string, string> = {}, overrides: Partial<GatewayConfig> = {}): Promise<ComponentGateway> {
  const nats = await startNatsServer();
  const dbName = uniqueName('component-gateway');
  Object.assign(process.env, {
    MONGODB_URI: infra.mongoUri,
    MONGODB_DB: dbName,
    REDIS_URL: infra.redisUrl,
    NATS_URL: nats.url,
    OPS_PORT: String(await freePort()),
    LOG_LEVEL: process.env.COMPONENT_LOG_LEVEL ?? 'warn',
    JWT_SECRET: TEST_JWT.secret,
    ADMIN_PASSWORD,
    WEB_ROOT: 'none',
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
    LOGIN_SLOW_AFTER_FAILURES: '100000',
    LOGIN_LOCK_SECONDS: '120',
    ...env,
  });
  // Imported once the environment is set: the configuration is read when config.ts is first imported.
  const config = { ...(await import('../../src/config')).config, ...overrides };
  const { AppModule } = await import('../../src/app.module');
  const { HttpProblemFilter } = await import('../../src/http/problem.filter');
  const { edgeServerOptions, hardenEdge, rateLimiterOf } = await import('../../src/http/edge');
  const { acceptEmptyJsonBodies } = await import('../../src/http/json-body');
  const { acceptMultipartUploads } = await import('../../src/files/multipart');
  const { limitInflight } = await import('../../src/http/admission');
  const { acceptStreamTokens } = await import('../../src/notifications/stream-path');
  const { REDIS } = await import('../../src/tokens');
  const { BootstrapDirectory } = await import('../../src/directory/usecases/bootstrap-directory/usecase');

  const logger = pino({ level: config.LOG_LEVEL });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(config, logger)] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(edgeServerOptions(config)), {
    logger: new NestPinoLogger(logger),
  });
  app.useGlobalFilters(new HttpProblemFilter(logger));
  acceptEmptyJsonBodies(app, config.BODY_LIMIT_BYTES);
  await acceptMultipartUploads(app, config.FILES_MAX_BYTES);
  acceptStreamTokens(app.getHttpAdapter().getInstance());
  limitInflight(app.getHttpAdapter().getInstance(), config.GATEWAY_MAX_INFLIGHT);
  await hardenEdge(app.getHttpAdapter().getInstance(), config, rateLimiterOf(app.get<Redis>(REDIS), config));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await app.get(BootstrapDirectory).execute({ rootDepartment: { code: 'CITY', name: '海口市' }, adminPassword: ADMIN_PASSWORD, isDevelopmentPassword: false });

  const db = mongoose.createConnection(infra.mongoUri, { dbName, autoIndex: false });
  await db.asPromise();
  const nc: NatsConnection = await connect({ servers: nats.url, name: 'component-gateway-test' });
  const ip = `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0] % 250)}`;
  const suffix = randomBytes(3).toString('hex');
  let created = 0;

  const call = async <T>(method: string, url: string, options: CallOptions = {}): Promise<Answer<T>> => {
    const reply = await app.inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      remoteAddress: options.ip ?? ip,
      headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
    });
    const json = /json/.test(String(reply.headers['content-type'])) ? (reply.json() as T) : (reply.body as T);
    return { status: reply.statusCode, headers: reply.headers, body: json };
  };
  const login = (username: string, password: string, from?: string) => call<any>('POST', '/auth/login', { body: { username, password }, ip: from });
  const tokenOf = async (username: string) => {
    const answer = await login(username, PASSWORD);
    if (answer.status !== 200) throw new Error(`sign-in of ${username}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.accessToken as string;
  };
  const signedIn = await login('admin', ADMIN_PASSWORD);
  if (signedIn.status !== 200) throw new Error(`the admin's sign-in: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
  const adminToken = signedIn.body.accessToken as string;

  return {
    app,
    nats,
    db,
    adminToken,
    ip,
    call,
    login,
    tokenOf,
    async createUser(departmentId, roles, fields = {}) {
      created += 1;
      const username = `u${suffix}-${created}`;
      const answer = await call<UserView>('POST', '/users', {
        token: adminToken,
        body: { username, password: PASSWORD, name: `用户${created}`, staffNo: `S-${suffix}-${created}`, departmentId, roles, rankLevel: 'section', title: '科员', ...fields },
      });
      if (answer.status !== 201) throw new Error(`creating ${username}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async listen() {
      await app.listen(0, '127.0.0.1');
      return (app.getHttpServer().address() as { port: number }).port;
    },
    async events(subject) {
      const jsm = await nc.jetstreamManager();
      const info = await jsm.streams.info(STREAMS.DIRECTORY.name).catch(() => undefined);
      if (!info || info.state.messages === 0) return [];
      const found: EventEnvelope[] = [];
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq += 1) {
        const message = await jsm.streams.getMessage(STREAMS.DIRECTORY.name, { seq });
        if (!subject || message.subject === subject) found.push(codec.decode(message.data) as EventEnvelope);
      }
      return found;
    },
    async stop() {
      await app.close();
      await nc.drain().catch(() => undefined);
      await db.dropDatabase().catch(() => undefined);
      await db.close();
      await nats.stop();
    },
  };
}
