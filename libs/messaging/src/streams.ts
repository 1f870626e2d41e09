import { DiscardPolicy, RetentionPolicy, StorageType, nanos, type JetStreamManager } from 'nats';
import type { StreamSpec } from '@cadre/contracts';

export interface EnsureStreamOptions {
  /** How long JetStream remembers a msgID to drop re-publications. */
  duplicateWindowMs?: number;
  /** Copies of each message across the JetStream cluster (default: JETSTREAM_REPLICAS, else 1). */
  replicas?: number;
}

/** JETSTREAM_REPLICAS: 1 on a single server; 3 on a production cluster, so a stream survives the loss of a node. */
export function streamReplicas(value = process.env.JETSTREAM_REPLICAS): number {
  if (value === undefined || value === '') return 1;
  const replicas = Number(value);
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 5) throw new Error(`JETSTREAM_REPLICAS must be a whole number from 1 to 5, not "${value}"`);
  return replicas;
}

/** Creates the stream, or brings an existing one's subjects and replicas in line; safe to call from every process. */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec, options: EnsureStreamOptions = {}): Promise<void> {
  const config = {
    name: spec.name,
    subjects: [...spec.subjects],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    num_replicas: options.replicas ?? streamReplicas(),
    duplicate_window: nanos(options.duplicateWindowMs ?? 2 * 60_000),
  };
  try {
    const info = await jsm.streams.info(spec.name);
    const current = [...info.config.subjects].sort().join(',');
    if (current !== [...config.subjects].sort().join(',') || info.config.num_replicas !== config.num_replicas) {
      await jsm.streams.update(spec.name, { ...info.config, subjects: config.subjects, num_replicas: config.num_replicas });
    }
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await jsm.streams.add(config);
    } catch (addError) {
      // Another process created it between our look-up and our add.
      if (!/already in use|exists/i.test(String((addError as Error).message))) throw addError;
    }
  }
}

export function isNotFound(error: unknown): boolean {
  const e = error as { code?: string | number; api_error?: { err_code?: number }; message?: string };
  return e?.code === '404' || e?.code === 404 || e?.api_error?.err_code === 10059 || e?.api_error?.err_code === 10014 || /not found/i.test(e?.message ?? '');
}
