import { z } from 'zod';
import { env, loadConfig } from '@cadre/platform';

const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789abcdef';

const raw = loadConfig({
  NODE_ENV: env.nodeEnv(),
  GATEWAY_PORT: env.port(3000),
  OPS_PORT: env.port(9100),
  MONGODB_URI: env.mongoUri(),
  MONGODB_DB: env.databaseName('cadre-gateway'),
  NATS_URL: env.natsUrl(),
  REDIS_URL: env.redisUrl(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().min(1).default('cadre-platform'),
  JWT_AUDIENCE: z.string().min(1).default('cadre-platform-api'),
  RPC_TIMEOUT_MS: env.positiveInt(5_000),
  BODY_LIMIT_BYTES: env.positiveInt(1_048_576),
  LOG_LEVEL: env.logLevel(),
});

if (!raw.JWT_SECRET && raw.NODE_ENV === 'production') {
  process.stderr.write('Configuration error, the service cannot start:\n  JWT_SECRET: is required in production\n');
  process.exit(78);
}

export const config = { ...raw, JWT_SECRET: raw.JWT_SECRET ?? DEV_JWT_SECRET, usingDevJwtSecret: !raw.JWT_SECRET };
export type GatewayConfig = typeof config;
