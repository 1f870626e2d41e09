import { env, loadConfig } from './config';

/**
 * The admission limits of a service's request-reply handlers, from its environment (defaults sized for a 2-core box):
 * `RPC_MAX_CONCURRENCY` requests in progress, `RPC_MAX_QUEUE` waiting, none waiting longer than `RPC_MAX_QUEUE_WAIT_MS`.
 */
export function rpcAdmissionConfig(source: NodeJS.ProcessEnv = process.env) {
  const raw = loadConfig(
    {
      RPC_MAX_CONCURRENCY: env.positiveInt(16),
      RPC_MAX_QUEUE: env.positiveInt(256),
      RPC_MAX_QUEUE_WAIT_MS: env.positiveInt(300),
    },
    source,
  );
  return { maxConcurrency: raw.RPC_MAX_CONCURRENCY, maxQueue: raw.RPC_MAX_QUEUE, maxQueueWaitMs: raw.RPC_MAX_QUEUE_WAIT_MS };
}
