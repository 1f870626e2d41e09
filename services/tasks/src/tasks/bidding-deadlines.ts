import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { processTraced, reportQueueDepth } from '@cadre/platform';
import { TaskStore } from './task-store';
import { CloseBiddingUseCase } from './usecases/close-bidding/usecase';

export const DEADLINES_OPTIONS = Symbol('DEADLINES_OPTIONS');
export interface DeadlinesOptions {
  redisUrl: string;
  /** Keeps the queues of separate deployments (and test runs) sharing one Redis apart. */
  prefix: string;
  sweepMs: number;
  logger: Logger;
}

const QUEUE = 'bidding-deadlines';

/**
 * Bidding closes by itself at the deadline (docs/DOMAIN.md §2): publishing schedules a delayed BullMQ job per task
 * (job id = task id, so re-scheduling is harmless), and a sweep closes whatever is overdue in case a job was
 * lost (Redis flushed, a deadline changed). Closing is idempotent: a task no longer open is left alone.
 */
@Injectable()
export class BiddingDeadlines implements OnApplicationBootstrap, OnModuleDestroy {
  private connection?: Redis;
  /** The worker's own (BullMQ does not close a connection it was given). */
  private workerConnection?: Redis;
  private queue?: Queue;
  private worker?: Worker;
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;
  private stopReporting?: () => void;

  constructor(
    @Inject(TaskStore) private readonly tasks: TaskStore,
    @Inject(CloseBiddingUseCase) private readonly closing: CloseBiddingUseCase,
    @Inject(DEADLINES_OPTIONS) private readonly options: DeadlinesOptions,
  ) {}

  async onApplicationBootstrap() {
    this.connection = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue(QUEUE, { connection: this.connection, prefix: this.options.prefix });
    this.stopReporting = reportQueueDepth(this.queue);
    this.workerConnection = this.connection.duplicate({ maxRetriesPerRequest: null });
    this.worker = new Worker(QUEUE, (job: Job<{ taskId: string }>) => processTraced(job, () => this.closing.closeIfDue(job.data.taskId)), {
      connection: this.workerConnection,
      prefix: this.options.prefix,
      concurrency: 4,
    });
    this.worker.on('failed', (job, error) => this.options.logger.warn({ err: error, taskId: job?.data.taskId }, 'closing bidding failed; will retry'));
    for (const task of await this.tasks.openTasksWithDeadlines()) await this.schedule(task.id, task.biddingDeadline);
    this.timer = setInterval(() => void this.sweep(), this.options.sweepMs);
    this.timer.unref();
  }

  async onModuleDestroy() {
    this.stopReporting?.();
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
    await this.worker?.close();
    await this.queue?.close();
    this.workerConnection?.disconnect();
    this.connection?.disconnect();
  }

  /** Schedules the close at `deadline`; a task already scheduled (its deadline corrected) is moved to the new one. */
  async schedule(taskId: string, deadline: Date | string): Promise<void> {
    const delay = Math.max(0, new Date(deadline).getTime() - Date.now());
    const waiting = await this.queue?.getJob(taskId);
    // The job id is the task id, so adding again would be ignored while the earlier job waits.
    if (waiting && (await waiting.isDelayed())) {
      await waiting.changeDelay(delay);
      return;
    }
    await this.queue?.add('close-bidding', { taskId }, { jobId: taskId, delay, attempts: 5, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: true, removeOnFail: 1_000 });
  }

  /** When the scheduled close of `taskId` will run, or null when none waits. */
  async scheduledClose(taskId: string): Promise<Date | null> {
    const waiting = await this.queue?.getJob(taskId);
    if (!waiting || !(await waiting.isDelayed())) return null;
    return new Date(waiting.timestamp + waiting.delay);
  }

  /** Closes every open task past its deadline; answers how many it closed. */
  sweep(): Promise<number> {
    this.sweeping ??= (async () => {
      let closed = 0;
      try {
        for (const id of await this.tasks.overdueTaskIds()) if (await this.closing.closeIfDue(id)) closed++;
      } catch (error) {
        this.options.logger.warn({ err: error }, 'bidding deadline sweep failed; will retry');
      }
      return closed;
    })().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }
}
