import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { RecalculationJobView } from '@cadre/contracts';
import { problems, reportQueueDepth } from '@cadre/platform';

export const SCORING_QUEUE = 'scoring';
export const JOBS = { recomputeCadre: 'recompute-cadre', recalculateRankings: 'recalculate-rankings', activate: 'activate-standard' } as const;
/** Nightly at 02:30, Beijing time. */
export const NIGHTLY_RANKINGS = { id: 'nightly-rankings', pattern: '0 30 2 * * *', tz: 'Asia/Shanghai' } as const;

const RETRY = { attempts: 8, backoff: { type: 'exponential' as const, delay: 500 }, removeOnComplete: { age: 3_600, count: 10_000 }, removeOnFail: { age: 86_400 } };

/** What enqueues scoring work (BullMQ), and what a job reports. */
@Injectable()
export class ScoringJobs implements OnApplicationBootstrap {
  constructor(@InjectQueue(SCORING_QUEUE) private readonly queue: Queue) {}

  async onApplicationBootstrap() {
    reportQueueDepth(this.queue);
    await this.queue.upsertJobScheduler(NIGHTLY_RANKINGS.id, { pattern: NIGHTLY_RANKINGS.pattern, tz: NIGHTLY_RANKINGS.tz }, { name: JOBS.recalculateRankings, opts: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 } } });
  }

  /**
   * "Recompute cadre X", once per cadre however many events arrive: while a job for the cadre waits, more
   * events add nothing; while one runs, one more is kept to run after it (so nothing written meanwhile is missed).
   */
  async recomputeCadres(cadreIds: string[]): Promise<void> {
    await Promise.all(cadreIds.map((cadreId) => this.queue.add(JOBS.recomputeCadre, { cadreId }, { ...RETRY, deduplication: { id: `cadre:${cadreId}`, keepLastIfActive: true } })));
  }

  async recalculateRankings(requestedBy: string): Promise<{ jobId: string }> {
    const job = await this.queue.add(JOBS.recalculateRankings, { requestedBy }, { attempts: 3, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 86_400 } });
    return { jobId: job.id! };
  }

  async activate(version: number, requestedBy: string): Promise<{ jobId: string }> {
    const job = await this.queue.add(JOBS.activate, { version, requestedBy }, { attempts: 3, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 86_400 } });
    return { jobId: job.id! };
  }

  /** A recalculation's or an activation's progress and outcome (404 for anything else). */
  async status(jobId: unknown): Promise<RecalculationJobView> {
    const id = typeof jobId === 'string' && /^[A-Za-z0-9:_-]{1,64}$/.test(jobId) ? jobId : undefined;
    let job = id ? await this.queue.getJob(id) : undefined;
    if (!job || (job.name !== JOBS.recalculateRankings && job.name !== JOBS.activate)) throw problems.notFound('No such recalculation job.');
    const state = await job.getState();
    // The job and its state are two reads: a job that finished between them is read again, so that a completed
    // job always comes with its finish time and result.
    if ((state === 'completed' || state === 'failed') && !job.finishedOn) job = (await this.queue.getJob(id!)) ?? job;
    const progress = typeof job.progress === 'number' ? job.progress : 0;
    return {
      jobId: job.id!,
      state: state === 'completed' || state === 'failed' || state === 'active' ? state : 'waiting',
      progress: state === 'completed' ? 100 : progress,
      startedAt: job.processedOn ? new Date(job.processedOn).toISOString() : null,
      finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      ...(job.returnvalue ? { result: job.returnvalue as { cadres: number; rankings: number } } : {}),
      ...(job.failedReason ? { failedReason: job.failedReason } : {}),
    };
  }
}
