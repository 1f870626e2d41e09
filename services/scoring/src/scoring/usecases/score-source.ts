import { Inject, Injectable } from '@nestjs/common';
import { Ledger } from '../ledger/ledger';
import { Standards } from '../standards/standards';
import { ScoringJobs } from '../jobs/scoring-jobs';
import { sourceEntries } from '../domain/sources';
import type { SourceDocument } from '../scoring.schema';

/** The step every scored event ends with: a kept source's entries under the active standard written, its cadres recomputed. */
@Injectable()
export class ScoreSource {
  constructor(
    @Inject(Ledger) private readonly ledger: Ledger,
    @Inject(Standards) private readonly standards: Standards,
    @Inject(ScoringJobs) private readonly jobs: ScoringJobs,
  ) {}

  async execute(source: SourceDocument): Promise<void> {
    const { version, standard } = await this.standards.active();
    await this.jobs.recomputeCadres(await this.ledger.write(sourceEntries(source, version, standard)));
  }
}
