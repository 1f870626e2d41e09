import { z } from 'zod';
import ConnectionString from 'mongodb-connection-string-url';
import { parseDateList, parseDuration, type Duration } from './work-calendar';

/** Reusable validators for the variables every service reads. */
export const env = {
  mongoUri: () =>
    z
      .string()
      .default('mongodb://127.0.0.1:27017')
      .refine(isMongoUri, 'must be a MongoDB connection string (mongodb:// or mongodb+srv://host...)'),
  natsUrl: () =>
    z
      .string()
      .default('nats://127.0.0.1:4222')
      .refine(
        (value) => value.split(',').every((url) => /^(nats|tls|ws|wss):\/\/[^\s/]+$/.test(url.trim())),
        'must be one or more comma-separated nats://host:port URLs',
      ),
  redisUrl: () =>
    z
      .string()
      .default('redis://127.0.0.1:6379')
      .refine((value) => /^rediss?:\/\/[^\s]+$/.test(value), 'must be a redis:// or rediss:// URL'),
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  nodeEnv: () => z.enum(['development', 'test', 'production']).default('development'),
  databaseName: (fallback: string) =>
    z
      .string()
      .default(fallback)
      .refine((value) => /^[A-Za-z0-9_-]{1,63}$/.test(value), 'must be letters, digits, - or _ (at most 63)'),
  /** A duration (`5wd`, `7d`, `3s`: see work-calendar.ts). */
  duration: (fallback: string) => z.string().default(fallback).transform(toDuration),
  /** A duration, or null when unset. */
  optionalDuration: () =>
    z
      .string()
      .optional()
      .transform((text, ctx) => (text === undefined || text.trim() === '' ? null : toDuration(text, ctx))),
  /** A comma-separated list of Beijing dates (the work calendar's holidays or 调休 workdays). */
  dateList: () =>
    z
      .string()
      .default('')
      .transform((text, ctx): Set<string> => {
        try {
          return parseDateList(text);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
};

function toDuration(text: string, ctx: z.RefinementCtx): Duration {
  try {
    return parseDuration(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
}

function isMongoUri(value: string): boolean {
  try {
    const parsed = new ConnectionString(value);
    return parsed.hosts.length > 0;
  } catch {
    return false;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Configuration error, the service cannot start:\n' +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Validates `source` against `shape` (keys are variable names); throws a ConfigError naming each bad variable. */
export function parseConfig<T extends z.ZodRawShape>(shape: T, source: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<T>> {
  const values = Object.fromEntries(
    Object.keys(shape).map((key) => [key, source[key] === '' ? undefined : source[key]]),
  );
  const result = z.object(shape).safeParse(values);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '?'), message: issue.message })),
  );
}

/** As parseConfig, but a bad configuration ends the process with exit code 78 (EX_CONFIG) and a clear message. */
export function loadConfig<T extends z.ZodRawShape>(shape: T, source: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<T>> {
  try {
    return parseConfig(shape, source);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}
