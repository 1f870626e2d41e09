import { DiscardPolicy, RetentionPolicy, StorageType, nanos, type JetStreamManager } from 'nats';
import type { StreamSpec } from '@cadre/contracts';

export interface EnsureStreamOptions {
  /** How long JetStream remembers a msgID to drop re-publications. */
  duplicateWindowMs?: number;
  replicas?: number;
}

/** Creates the stream, or brings an existing one's subjects in line; safe to call from every process. */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec, options: EnsureStreamOptions = {}): Promise<void> {
  const config = {
    name: spec.name,
    subjects: [...spec.subjects],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    num_replicas: options.replicas ?? 1,
    duplicate_window: nanos(options.duplicateWindowMs ?? 2 * 60_000),
  };
  try {
    const info = await jsm.streams.info(spec.name);
    const current = [...info.config.subjects].sort().join(',');
    if (current !== [...config.subjects].sort().join(',')) {
      await jsm.streams.update(spec.name, { ...info.config, subjects: config.subjects });
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
