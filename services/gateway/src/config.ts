import path from 'node:path';
import { z } from 'zod';
import { env, loadConfig } from '@cadre/platform';
import { isNetworkList } from './http/trusted-networks';

const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789abcdef';

const raw = loadConfig({
  NODE_ENV: env.nodeEnv(),
  GATEWAY_PORT: env.port(3000),
  OPS_PORT: env.port(9100),
  MONGODB_URI: env.mongoUri(),
  MONGODB_DB: env.databaseName('cadre-gateway'),
  NATS_URL: env.natsUrl(),
  REDIS_URL: env.redisUrl(),
  /** Prepended to every Redis key the gateway writes, so deployments sharing a Redis never count each other's traffic. */
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:._-]{0,64}$/, 'must be letters, digits, ":", ".", "_" or "-"').default('cadre:'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().min(1).default('cadre-platform'),
  JWT_AUDIENCE: z.string().min(1).default('cadre-platform-api'),
  JWT_EXPIRES_IN_SECONDS: env.positiveInt(3_600),
  ADMIN_PASSWORD: z.string().optional(),
  ROOT_DEPARTMENT_CODE: z.string().regex(/^[A-Z][A-Z0-9_-]{1,31}$/, 'must be an upper-case code').default('CITY'),
  ROOT_DEPARTMENT_NAME: z.string().min(1).default('海口市'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .refine((value) => value === '' || value.split(',').every((origin) => /^https?:\/\/[^\s/]+$/.test(origin.trim())), 'must be comma-separated http(s)://host origins'),
  TRUST_PROXY: z
    .string()
    .default('')
    .refine((value) => value === '' || /^\d+$/.test(value) || value.split(',').every((entry) => /^[0-9a-fA-F.:/]+$/.test(entry.trim())), 'must be a hop count or comma-separated proxy addresses/CIDRs'),
  RATE_LIMIT_IP_PER_MINUTE: env.positiveInt(6_000),
  RATE_LIMIT_USER_PER_MINUTE: env.positiveInt(600),
  RATE_LIMIT_TRUSTED_NETWORKS: z.string().default('').refine(isNetworkList, 'must be comma-separated IP addresses or CIDRs'),
  RATE_LIMIT_TRUSTED_IP_PER_MINUTE: env.positiveInt(60_000),
  LOGIN_SLOW_AFTER_FAILURES: env.positiveInt(3),
  LOGIN_LOCK_AFTER_FAILURES: env.positiveInt(10),
  LOGIN_SLOW_IP_AFTER_USERNAMES: env.positiveInt(10),
  /** Distinct usernames failing from one address (not failures: one user's typos never lock an office out). */
  LOGIN_LOCK_IP_AFTER_FAILURES: env.positiveInt(20),
  LOGIN_LOCK_SECONDS: env.positiveInt(900),
  DIRECTORY_CACHE_TTL_MS: env.positiveInt(5_000),
  /** How long the answer to a POST with an `Idempotency-Key` is kept and replayed to retries (d, h, m, s or ms). */
  IDEMPOTENCY_TTL: env.duration('24h').refine((duration) => duration.unit === 'ms' && duration.ms > 0, 'must be a positive plain duration (e.g. 24h, 30m), not working days'),
  RPC_TIMEOUT_MS: env.positiveInt(5_000),
  /** API requests in progress at once; beyond it a fast 503 with Retry-After. */
  GATEWAY_MAX_INFLIGHT: env.positiveInt(256),
  BODY_LIMIT_BYTES: env.positiveInt(1_048_576),
  /** Live streams (`GET /notifications/stream`) open in this process at once; beyond it a 503. Not counted in GATEWAY_MAX_INFLIGHT. */
  SSE_MAX_STREAMS: env.positiveInt(5_000),
  /** Live streams one user may hold open (tabs, devices); a new one closes the user's oldest. */
  SSE_MAX_STREAMS_PER_USER: env.positiveInt(5),
  /** How often every live stream gets a keep-alive comment (and its caller is read again from the directory). */
  SSE_KEEPALIVE_MS: env.positiveInt(15_000),
  /** The largest file `POST /files` takes (streamed into the owning service's bucket, never held in memory). */
  FILES_MAX_BYTES: env.positiveInt(20 * 1024 * 1024),
  /** Where the records service keeps its files (its own database; the gateway uses only the `files` bucket there). */
  RECORDS_MONGODB_URI: env.mongoUri().optional(),
  RECORDS_MONGODB_DB: env.databaseName('cadre-records'),
  TASKS_MONGODB_URI: env.mongoUri().optional(),
  TASKS_MONGODB_DB: env.databaseName('cadre-tasks'),
  BODY_MAX_DEPTH: env.positiveInt(64),
  /**
   * The font with Chinese glyphs the 实绩档案 PDF embeds (a .ttf, .otf or .ttc); by default the first installed of
   * WenQuanYi Micro Hei (Debian's fonts-wqy-microhei) and Noto Sans CJK. Without one the PDF answers 503.
   */
  DOSSIER_FONT: z.string().min(1).optional(),
  /** The PostScript name of the font inside DOSSIER_FONT when it is a collection (.ttc), e.g. WenQuanYiMicroHei. */
  DOSSIER_FONT_FAMILY: z.string().min(1).optional(),
  LOG_LEVEL: env.logLevel(),
  /** The built web console (web/dist), served at `/` when the folder exists; `none` turns it off. */
  WEB_ROOT: z.string().default(path.resolve(__dirname, '..', '..', '..', 'web', 'dist')),
});

const DEV_ADMIN_PASSWORD = 'admin-dev-password';

const missingInProduction = raw.NODE_ENV === 'production' ? (['JWT_SECRET', 'ADMIN_PASSWORD'] as const).filter((name) => !raw[name]) : [];
if (missingInProduction.length > 0) {
  process.stderr.write(`Configuration error, the service cannot start:\n${missingInProduction.map((name) => `  ${name}: is required in production`).join('\n')}\n`);
  process.exit(78);
}

export const config = {
  ...raw,
  JWT_SECRET: raw.JWT_SECRET ?? DEV_JWT_SECRET,
  usingDevJwtSecret: !raw.JWT_SECRET,
  ADMIN_PASSWORD: raw.ADMIN_PASSWORD ?? DEV_ADMIN_PASSWORD,
  usingDevAdminPassword: !raw.ADMIN_PASSWORD,
};
export type GatewayConfig = typeof config;

/** Fastify's `trustProxy`: nobody by default, so a client cannot pick its own address with X-Forwarded-For. */
export function trustProxySetting(value: string): boolean | number | string {
  if (value === '') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}
