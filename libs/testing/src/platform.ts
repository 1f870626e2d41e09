import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { DepartmentView, UserView } from '@cadre/contracts';
import { httpCall, type CallOptions, type Reply } from './http';
import { startNatsServer, type NatsServerHandle } from './nats-server';
import { infra, startServiceReady, type ServiceHandle } from './services';
import { TEST_JWT } from './tokens';
import { uniqueName, waitUntil } from './wait';

export const BACKEND_SERVICES = ['records', 'tasks', 'scoring', 'analytics'] as const;
export type PlatformService = (typeof BACKEND_SERVICES)[number] | 'gateway';

export interface PlatformOptions {
  /** Names the run's databases (`<run>-<service>`). */
  name: string;
  adminPassword?: string;
  /** Extra environment for every service, or per service. */
  env?: (service: PlatformService) => Record<string, string>;
}

export interface Signed {
  get<T = any>(path: string): Promise<Reply<T>>;
  post<T = any>(path: string, body?: unknown): Promise<Reply<T>>;
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<Reply<T>>;
}

/** The whole system from its build: a private NATS with JetStream, the four services and the gateway, own databases. */
export interface Platform {
  run: string;
  nats: NatsServerHandle;
  services: Record<PlatformService, ServiceHandle>;
  adminToken: string;
  /** `/api/v1` calls on the gateway. */
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<Reply<T>>;
  as(token: string): Signed;
  login(username: string, password: string): Promise<{ token: string; user: UserView }>;
  rootDepartment(): Promise<DepartmentView>;
  createDepartment(name: string, code: string, parentId: string): Promise<DepartmentView>;
  /** A user with a unique username (`<key>-<suffix>`), signed in. */
  createUser(key: string, fields: { departmentId: string; roles: string[]; name?: string; rankLevel?: string }): Promise<{ user: UserView; token: string }>;
  /** Waits until the services' directory replicas (fed by `directory.user.upserted`) know these users. */
  replicasKnow(userIds: string[], services?: PlatformService[]): Promise<void>;
  /** Stops every service, the NATS server, and drops the run's databases. */
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
  const nats = await startNatsServer();
  const env = (service: PlatformService) => ({
    NATS_URL: nats.url,
    JWT_SECRET: TEST_JWT.secret,
    ADMIN_PASSWORD: adminPassword,
    MONGODB_DB: `${run}-${service}`,
    ...(options.env?.(service) ?? {}),
  });
  const stop = async () => {
    await Promise.all(started.map((service) => service.stop()));
    await nats.stop();
    const mongo = await mongoose.createConnection(infra.mongoUri).asPromise();
    for (const service of [...BACKEND_SERVICES, 'gateway']) await mongo.useDb(`${run}-${service}`).dropDatabase().catch(() => undefined);
    await mongo.close();
  };
  try {
    const backends = await Promise.all(BACKEND_SERVICES.map((name) => startServiceReady(name, env(name), (handle) => started.push(handle))));
    const gateway = await startServiceReady(
      'gateway',
      // Redis counters are shared with other test files: limits a test cannot reach.
      { RATE_LIMIT_IP_PER_MINUTE: '1000000', RATE_LIMIT_USER_PER_MINUTE: '1000000', LOGIN_SLOW_AFTER_FAILURES: '100000', LOGIN_LOCK_IP_AFTER_FAILURES: '1000000', ...env('gateway') },
      (handle) => started.push(handle),
    );
    const services = Object.fromEntries([...BACKEND_SERVICES.map((name, i) => [name, backends[i]]), ['gateway', gateway]]) as Record<PlatformService, ServiceHandle>;
    const call = <T = any>(method: string, path: string, callOptions: CallOptions = {}) => httpCall<T>(`http://127.0.0.1:${gateway.port}/api/v1`, method, path, callOptions);
    const as = (token: string): Signed => ({
      get: (path) => call('GET', path, { token }),
      post: (path, body = {}) => call('POST', path, { token, body }),
      call: (method, path, callOptions = {}) => call(method, path, { ...callOptions, token }),
    });
    const login = async (username: string, password: string) => {
      const body = expectOk(await call<{ accessToken: string; user: UserView }>('POST', '/auth/login', { body: { username, password } }), 200, `sign-in of ${username}`);
      return { token: body.accessToken, user: body.user };
    };
    const adminToken = (await login('admin', adminPassword)).token;
    const admin = as(adminToken);
    return {
      run,
      nats,
      services,
      adminToken,
      call,
      as,
      login,
      stop,
      async replicasKnow(userIds, which = ['records', 'scoring']) {
        const mongo = await mongoose.createConnection(infra.mongoUri).asPromise();
        try {
          for (const service of which) {
            const users = mongo.useDb(`${run}-${service}`).collection('directory_users');
            await waitUntil(async () => (await users.countDocuments({ _id: { $in: userIds } as never })) === userIds.length, {
              timeoutMs: 60_000,
              intervalMs: 200,
              what: `the ${service} service to know every user`,
            });
          }
        } finally {
          await mongo.close();
        }
      },
      async rootDepartment() {
        const { items } = expectOk(await admin.get<{ items: DepartmentView[] }>('/departments'), 200, 'listing departments');
        return items.find((d) => d.parentId === null)!;
      },
      async createDepartment(name, code, parentId) {
        return expectOk(await admin.post<DepartmentView>('/departments', { name, code, parentId }), 201, `creating department ${code}`);
      },
      async createUser(key, fields) {
        const username = `${key.toLowerCase()}-${suffix}`;
        const user = expectOk(
          await admin.post<UserView>('/users', {
            username,
            password: TEST_USER_PASSWORD,
            name: fields.name ?? key,
            staffNo: `S-${randomBytes(6).toString('hex')}`,
            departmentId: fields.departmentId,
            roles: fields.roles,
            rankLevel: fields.rankLevel ?? 'section',
            title: '科员',
          }),
          201,
          `creating ${username}`,
        );
        return { user, token: (await login(username, TEST_USER_PASSWORD)).token };
      },
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
