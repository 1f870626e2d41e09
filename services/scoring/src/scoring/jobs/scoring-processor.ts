import { Inject } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { processTraced } from '@cadre/platform';
import { RecomputeCadre } from '../usecases/recompute-cadre/usecase';
import { RankingCalculation } from '../rankings/ranking-calculation';
import { StandardActivation } from '../standards/standard-activation';
import { JOBS, SCORING_QUEUE } from './scoring-jobs';

/** The workers: recomputation is idempotent, so a retried or repeated job does no harm. */
@Processor(SCORING_QUEUE, { concurrency: 4 })
export class ScoringProcessor extends WorkerHost {
  constructor(
    @Inject(RecomputeCadre) private readonly recompute: RecomputeCadre,
    @Inject(RankingCalculation) private readonly rankings: RankingCalculation,
    @Inject(StandardActivation) private readonly activation: StandardActivation,
  ) {
    super();
  }

  process(job: Job): Promise<unknown> {
    return processTraced(job, () => this.run(job));
  }

  private async run(job: Job): Promise<unknown> {
    switch (job.name) {
      case JOBS.recomputeCadre:
        return this.recompute.execute({ cadreId: (job.data as { cadreId: string }).cadreId });
      case JOBS.recalculateRankings:
        return this.rankings.recalculate((percent) => job.updateProgress(percent));
      case JOBS.activate:
        return this.activation.apply((job.data as { version: number }).version, (percent) => job.updateProgress(percent));
      default:
        throw new Error(`unknown scoring job ${job.name}`);
    }
  }
}
