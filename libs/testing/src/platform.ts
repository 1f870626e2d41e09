import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { departmentListViewSchema, departmentViewSchema, loginViewSchema, userViewSchema, type DepartmentView, type UserView } from '@cadre/contracts';
import { httpCall, type CallOptions, type Reply } from './http';
import { matchesSchema } from './response-schemas';
import { startNatsServer, type NatsServerHandle } from './nats-server';
import { infra, startServiceReady, stopThenDrop, type ServiceHandle } from './services';
import { TEST_JWT } from './tokens';
import { uniqueName, waitUntil } from './wait';

export const BACKEND_SERVICES = ['records', 'tasks', 'scoring', 'analytics', 'notifications', 'appraisal', 'selection'] as const;
export type PlatformService = (typeof BACKEND_SERVICES)[number] | 'gateway';

export interface PlatformOptions {
  /** Names the run's databases (`<run>-<service>`). */
  name: string;
  adminPassword?: string;
  /** Extra environment for every service, or per service. */
  env?: (service: PlatformService) => Record<string, string>;
  /**
   * At `stop()`, a service still running this long after its SIGTERM is killed (with a warning), so that a test's
   * failure cannot hang the file. Without it, `stop()` waits for every clean stop.
   */
  killAfterMs?: number;
  /** A NATS server the caller started (and stops); by default the platform starts a private one. */
  nats?: NatsServerHandle;
}

export interface Signed {
  get<T = any>(path: string): Promise<Reply<T>>;
  post<T = any>(path: string, body?: unknown): Promise<Reply<T>>;
  patch<T = any>(path: string, body: unknown): Promise<Reply<T>>;
  put<T = any>(path: string, body: unknown): Promise<Reply<T>>;
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<Reply<T>>;
}

/** The whole system from its build: a private NATS with JetStream, the seven backend services and the gateway, own databases. */
export interface Platform {
  run: string;
  /** Unique to this run: the tail of every username `createUser` makes; tests use it to name what they create. */
  suffix: string;
  nats: NatsServerHandle;
  /** The running process of each service (`startAgain` replaces one). */
  services: Record<PlatformService, ServiceHandle>;
  adminToken: string;
  adminId: string;
  /** The gateway's API root, `http://127.0.0.1:<port>/api/v1`, for calls `call` does not make (CSV downloads). */
  apiUrl: string;
  /** `/api/v1` calls on the gateway. */
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<Reply<T>>;
  as(token: string): Signed;
  login(username: string, password: string): Promise<{ token: string; user: UserView }>;
  rootDepartment(): Promise<DepartmentView>;
  createDepartment(name: string, code: string, parentId: string): Promise<DepartmentView>;
  /** A user with a unique username (`<key>-<suffix>`), signed in. */
  createUser(
    key: string,
    fields: { departmentId: string; roles: string[]; name?: string; rankLevel?: string; title?: string },
  ): Promise<{ user: UserView; token: string }>;
  /**
   * Waits until the services' directory replicas (fed by `directory.user.upserted`) know these users: one service
   * after the other, each within `timeoutMs` (60 s).
   */
  replicasKnow(userIds: string[], services?: PlatformService[], options?: { timeoutMs?: number }): Promise<void>;
  /** A service's database of this run, read directly (over the connection the platform holds until `stop()`). */
  database(service: PlatformService): mongoose.Connection;
  /**
   * Starts a service again, with the same environment (database, NATS, Redis prefix, durable consumers), after the
   * test stopped or killed it; it becomes `services[service]` and `stop()` stops it.
   */
  startAgain(service: PlatformService): Promise<ServiceHandle>;
  /**
   * Stops every service and the NATS server, waits until each has exited, and only then drops the run's databases.
   * Safe to call twice (the second call awaits the first).
   */
  stop(): Promise<void>;
}

export const TEST_USER_PASSWORD = 'Haikou2026Gov';

function expectOk<T>(reply: Reply<T>, status: number, what: string): T {
  if (reply.status !== status) throw new Error(`${what}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.body)?.slice(0, 600)}`);
  return reply.body;
}

export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const run = uniqueName(options.name);
  const suffix = `${Date.now().toString(36).slice(-5)}${randomBytes(2).toString('hex')}`;
  const adminPassword = options.adminPassword ?? 'Root-Test-2026x';
  const started: ServiceHandle[] = [];
  const nats: NatsServerHandle = options.nats ? { ...options.nats, stop: async () => undefined } : await startNatsServer();
  const mongo = await mongoose
    .createConnection(infra.mongoUri)
    .asPromise()
    .catch(async (error: unknown) => {
      await nats.stop();
      throw error;
    });
  const database = (service: PlatformService) => mongo.useDb(`${run}-${service}`, { useCache: true });
  const env = (service: PlatformService): Record<string, string> => ({
    ...(service === 'gateway'
      ? // Redis counters are shared with other test files: limits a test cannot reach.
        {
          RATE_LIMIT_IP_PER_MINUTE: '1000000',
          RATE_LIMIT_USER_PER_MINUTE: '1000000',
          LOGIN_SLOW_AFTER_FAILURES: '100000',
          LOGIN_LOCK_IP_AFTER_FAILURES: '1000000',
          // The gateway streams files into the owning services' buckets: their databases of this run.
          RECORDS_MONGODB_DB: `${run}-records`,
          TASKS_MONGODB_DB: `${run}-tasks`,
        }
      : {}),
    NATS_URL: nats.url,
    JWT_SECRET: TEST_JWT.secret,
    ADMIN_PASSWORD: adminPassword,
    MONGODB_DB: `${run}-${service}`,
    ...(options.env?.(service) ?? {}),
  });
  const start = (service: PlatformService) => startServiceReady(service, env(service), (handle) => started.push(handle));
  let stopped: Promise<void> | undefined;
  // Every service (and a private NATS) has exited before the databases are dropped; idempotent: a second call
  // awaits the first. The connection is closed whatever happens.
  const stop = () =>
    (stopped ??= (async () => {
      try {
        await stopThenDrop(started, { killAfterMs: options.killAfterMs }, async () => {
          await nats.stop();
          for (const service of [...BACKEND_SERVICES, 'gateway'] as const) await database(service).dropDatabase().catch(() => undefined);
        });
      } finally {
        await nats.stop().catch(() => undefined);
        await mongo.close();
      }
    })());
  try {
    // Settled, all of them, before a failure is thrown: a service still starting would escape the `stop()` below.
    const starts = await Promise.allSettled(BACKEND_SERVICES.map(start));
    const failed = starts.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const backends = starts.map((result) => (result as PromiseFulfilledResult<ServiceHandle>).value);
    const gateway = await start('gateway');
    const services = Object.fromEntries([...BACKEND_SERVICES.map((name, i) => [name, backends[i]]), ['gateway', gateway]]) as Record<PlatformService, ServiceHandle>;
    const apiUrl = `http://127.0.0.1:${gateway.port}/api/v1`;
    const call = <T = any>(method: string, path: string, callOptions: CallOptions = {}) => httpCall<T>(apiUrl, method, path, callOptions);
    const as = (token: string): Signed => ({
      get: (path) => call('GET', path, { token }),
      post: (path, body = {}) => call('POST', path, { token, body }),
      patch: (path, body) => call('PATCH', path, { token, body }),
      put: (path, body) => call('PUT', path, { token, body }),
      call: (method, path, callOptions = {}) => call(method, path, { ...callOptions, token }),
    });
    const login = async (username: string, password: string) => {
      const body = matchesSchema(loginViewSchema, expectOk(await call<{ accessToken: string; user: UserView }>('POST', '/auth/login', { body: { username, password } }), 200, `sign-in of ${username}`));
      return { token: body.accessToken, user: body.user };
    };
    const admin = await login('admin', adminPassword);
    const signedAdmin = as(admin.token);
    return {
      run,
      suffix,
      nats,
      services,
      adminToken: admin.token,
      adminId: admin.user.id,
      apiUrl,
      call,
      as,
      login,
      database,
      stop,
      async startAgain(service) {
        services[service] = await start(service);
        return services[service];
      },
      async replicasKnow(userIds, which = ['records', 'scoring'], { timeoutMs = 60_000 } = {}) {
        for (const service of which) {
          const users = database(service).collection('directory_users');
          await waitUntil(async () => (await users.countDocuments({ _id: { $in: userIds } as never })) === userIds.length, {
            timeoutMs,
            intervalMs: 200,
            what: `the ${service} service to know every user`,
          });
        }
      },
      async rootDepartment() {
        const { items } = matchesSchema(departmentListViewSchema, expectOk(await signedAdmin.get<{ items: DepartmentView[] }>('/departments'), 200, 'listing departments'));
        return items.find((d) => d.parentId === null) as DepartmentView;
      },
      async createDepartment(name, code, parentId) {
        return matchesSchema(departmentViewSchema, expectOk(await signedAdmin.post<DepartmentView>('/departments', { name, code, parentId }), 201, `creating department ${code}`));
      },
      async createUser(key, fields) {
        const username = `${key.toLowerCase()}-${suffix}`;
        const user = matchesSchema(userViewSchema, expectOk(
          await signedAdmin.post<UserView>('/users', {
            username,
            password: TEST_USER_PASSWORD,
            name: fields.name ?? key,
            staffNo: `S-${randomBytes(6).toString('hex')}`,
            departmentId: fields.departmentId,
            roles: fields.roles,
            rankLevel: fields.rankLevel ?? 'section',
            title: fields.title ?? '科员',
          }),
          201,
          `creating ${username}`,
        ));
        return { user, token: (await login(username, TEST_USER_PASSWORD)).token };
      },
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
