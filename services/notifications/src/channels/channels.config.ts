import { z } from 'zod';
import { parseConfig } from '@cadre/platform';

/**
 * The channels' configuration, read when the service's module is built (so a test can start the service with the
 * e-mail channel on and off): NOTIFY_EMAIL_ENABLED (default false), SMTP_URL, NOTIFY_EMAIL_FROM, CONSOLE_URL.
 */
export function channelsConfig(source: NodeJS.ProcessEnv = process.env) {
  return parseConfig(
    {
      NOTIFY_EMAIL_ENABLED: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
      SMTP_URL: z.string().default('smtp://127.0.0.1:25').refine((v) => /^smtps?:\/\/[^\s]+$/.test(v), 'must be an smtp:// or smtps:// URL'),
      NOTIFY_EMAIL_FROM: z.string().default('激励一张网 <noreply@localhost>'),
      CONSOLE_URL: z.string().default('http://localhost:3000').refine((v) => /^https?:\/\/[^\s]+$/.test(v), 'must be an http(s):// URL'),
      /** Attempts of one delivery (exponential backoff from 2 s). */
      NOTIFY_DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    },
    source,
  );
}

export type ChannelsConfig = ReturnType<typeof channelsConfig>;
