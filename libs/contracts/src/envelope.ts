import { randomUUID } from 'node:crypto';

/** Every domain event on the bus travels in this envelope; `eventId` doubles as the JetStream msgID. */
export interface EventEnvelope<TData = unknown> {
  eventId: string;
  type: string;
  version: number;
  occurredAt: string;
  producer: string;
  data: TData;
}

export function createEnvelope<TData>(
  type: string,
  producer: string,
  data: TData,
  options: { version?: number; eventId?: string; occurredAt?: Date } = {},
): EventEnvelope<TData> {
  return {
    eventId: options.eventId ?? randomUUID(),
    type,
    version: options.version ?? 1,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    producer,
    data,
  };
}

const REQUIRED_FIELDS = ['eventId', 'type', 'version', 'occurredAt', 'producer'] as const;

/** Returns the envelope if `value` has the envelope's shape, otherwise a reason. */
export function parseEnvelope(value: unknown): { envelope: EventEnvelope } | { error: string } {
  if (typeof value !== 'object' || value === null) return { error: 'not an object' };
  const candidate = value as Record<string, unknown>;
  const missing = REQUIRED_FIELDS.filter((field) => candidate[field] === undefined);
  if (missing.length > 0) return { error: `missing ${missing.join(', ')}` };
  if (!('data' in candidate)) return { error: 'missing data' };
  return { envelope: candidate as unknown as EventEnvelope };
}
