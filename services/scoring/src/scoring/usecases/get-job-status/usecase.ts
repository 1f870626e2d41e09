import { Inject, Injectable } from '@nestjs/common';
import type { RecalculationJobView } from '@cadre/contracts';
import { ScoringJobs } from '../../jobs/scoring-jobs';
import { mayRecalculateRankings, requireAllowed } from '../../domain/access';
import type { GetJobStatusCommand } from './command';

/** Where a recalculation (or activation) job stands: for admins, who start them. */
@Injectable()
export class GetJobStatus {
  constructor(@Inject(ScoringJobs) private readonly jobs: ScoringJobs) {}

  execute({ caller, jobId }: GetJobStatusCommand): Promise<RecalculationJobView> {
    requireAllowed(caller, mayRecalculateRankings);
    return this.jobs.status(jobId);
  }
}
