import { Inject, Injectable } from '@nestjs/common';
import { Ledger } from '../../ledger/ledger';
import { Standards } from '../../standards/standards';
import { ScoringJobs } from '../../jobs/scoring-jobs';
import { sourceEntries } from '../../domain/sources';
import type { TaskConcludedCommand } from './command';

/** A concluded task: every awarded member's participation and contribution and each lead's bonus, recomputed. */
@Injectable()
export class TaskConcluded {
  constructor(
    @Inject(Ledger) private readonly ledger: Ledger,
    @Inject(Standards) private readonly standards: Standards,
    @Inject(ScoringJobs) private readonly jobs: ScoringJobs,
  ) {}

  async execute({ event }: TaskConcludedCommand): Promise<void> {
    const source = await this.ledger.keepSource('task', event.data.taskId, event.data as unknown as Record<string, unknown>);
    const { version, standard } = await this.standards.active();
    await this.jobs.recomputeCadres(await this.ledger.write(sourceEntries(source, version, standard)));
  }
}
