import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { processTraced, reportQueueDepth } from '@cadre/platform';
import type { FileStore } from './file-store';

export interface PendingFilesCleanupOptions {
  redisUrl: string;
  /** Keeps the queues of separate deployments (and test runs) sharing one Redis apart. */
  prefix: string;
  /** How often the job runs. */
  everyMs: number;
  /** A file nothing has referenced for this long is removed (24 h by default in the services). */
  maxAgeMs: number;
  logger: Logger;
  /** Runs a file's removal under the lock its attachment takes, so a file being attached is never removed. */
  lock?: <T>(fileId: string, work: () => Promise<T>) => Promise<T>;
}

const SCHEDULER = 'remove-pending-files';

/**
 * Removes files nobody attached within `maxAgeMs` of their upload (or of an edit that dropped them), and the
 * chunks of uploads that never finished (their writer died; `files.uploads` marks each upload under way): a BullMQ job scheduler (one run at a time across replicas, upserted by every replica),
 * in the owning service. Each removal is conditional on the file being still unreferenced and old enough.
 */
export class PendingFilesCleanup {
  private connection?: Redis;
  private workerConnection?: Redis;
  private queue?: Queue;
  private worker?: Worker;
  private stopReporting?: () => void;

  constructor(
    private readonly store: FileStore,
    private readonly options: PendingFilesCleanupOptions,
  ) {}

  private get queueName() {
    return `${this.store.owner}-files-cleanup`;
  }

  async start(): Promise<void> {
    this.connection = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue(this.queueName, { connection: this.connection, prefix: this.options.prefix });
    this.stopReporting = reportQueueDepth(this.queue);
    this.workerConnection = this.connection.duplicate({ maxRetriesPerRequest: null });
    this.worker = new Worker(this.queueName, (job: Job) => processTraced(job, () => this.runOnce()), {
      connection: this.workerConnection,
      prefix: this.options.prefix,
      concurrency: 1,
    });
    this.worker.on('failed', (_job, error) => this.options.logger.warn({ err: error }, 'removing pending files failed; the next run retries'));
    await this.queue.upsertJobScheduler(SCHEDULER, { every: this.options.everyMs }, { name: SCHEDULER, opts: { removeOnComplete: true, removeOnFail: 100 } });
  }

  /** Started and stopped with the owning service's Nest application (a provider's lifecycle hooks). */
  onApplicationBootstrap(): Promise<void> {
    return this.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  async stop(): Promise<void> {
    this.stopReporting?.();
    await this.worker?.close();
    await this.queue?.close();
    this.workerConnection?.disconnect();
    this.connection?.disconnect();
  }

  /** Removes what is due now; answers how many files it removed. */
  async runOnce(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.options.maxAgeMs);
    const lock = this.options.lock ?? (<T>(_id: string, work: () => Promise<T>) => work());
    let removed = 0;
    for (;;) {
      const due = await this.store.unreferencedSince(cutoff, 200);
      if (due.length === 0) break;
      for (const file of due) {
        if (await lock(file._id, () => this.store.removeIfUnreferenced(file._id, cutoff))) removed++;
      }
      if (due.length < 200) break;
    }
    for (const fileId of await this.store.abandonedUploads(cutoff)) {
      const file = await this.store.find(fileId);
      // A finished upload whose marker outlived it keeps its file; an unfinished one goes, chunks and all.
      if (file) await lock(fileId, () => this.store.forgetUpload(fileId));
      else {
        await lock(fileId, () => this.store.remove(fileId));
        removed++;
      }
    }
    if (removed) this.options.logger.info({ removed, owner: this.store.owner }, 'removed files nobody attached');
    return removed;
  }
}
