import { Inject, Injectable } from '@nestjs/common';
import { ScoringJobs } from '../../jobs/scoring-jobs';
import { mayRecalculateRankings, requireAllowed } from '../../domain/access';
import type { RecalculateRankingsCommand } from './command';

/** An admin asks for a recalculation of every ranking: a job (202 with its id), followed with `GET /rankings/jobs/:id`. */
@Injectable()
export class RecalculateRankings {
  constructor(@Inject(ScoringJobs) private readonly jobs: ScoringJobs) {}

  execute({ caller }: RecalculateRankingsCommand): Promise<{ jobId: string }> {
    const who = requireAllowed(caller, mayRecalculateRankings);
    return this.jobs.recalculateRankings(who.userId);
  }
}
