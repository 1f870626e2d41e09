import { Inject, Injectable } from '@nestjs/common';
import { Ledger } from '../../ledger/ledger';
import { Standards } from '../../standards/standards';
import { ScoringJobs } from '../../jobs/scoring-jobs';
import { sourceEntries } from '../../domain/sources';
import type { RecordVerifiedCommand } from './command';

/** A verified record: its facts kept, its entries written under the active standard, its cadres recomputed. */
@Injectable()
export class RecordVerified {
  constructor(
    @Inject(Ledger) private readonly ledger: Ledger,
    @Inject(Standards) private readonly standards: Standards,
    @Inject(ScoringJobs) private readonly jobs: ScoringJobs,
  ) {}

  async execute({ event }: RecordVerifiedCommand): Promise<void> {
    const source = await this.ledger.keepSource('record', event.data.recordId, event.data as unknown as Record<string, unknown>);
    const { version, standard } = await this.standards.active();
    await this.jobs.recomputeCadres(await this.ledger.write(sourceEntries(source, version, standard)));
  }
}
