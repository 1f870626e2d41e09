import { Inject, Injectable } from '@nestjs/common';
import { Ledger } from '../../ledger/ledger';
import { Standards } from '../../standards/standards';
import { ScoringJobs } from '../../jobs/scoring-jobs';
import { revocationOf, sourceEntries, verifiedFactsOf } from '../../domain/sources';
import type { RecordRevokedCommand } from './command';

/**
 * A revoked record: the reversal of each of its entries (and the entries themselves, if its verification has not
 * arrived yet: the revocation carries the record whole), its cadres recomputed.
 */
@Injectable()
export class RecordRevoked {
  constructor(
    @Inject(Ledger) private readonly ledger: Ledger,
    @Inject(Standards) private readonly standards: Standards,
    @Inject(ScoringJobs) private readonly jobs: ScoringJobs,
  ) {}

  async execute({ event }: RecordRevokedCommand): Promise<void> {
    const kept = await this.ledger.keepSource('record', event.data.recordId, verifiedFactsOf(event.data));
    const source = await this.ledger.markRevoked(kept, revocationOf(event.data));
    const { version, standard } = await this.standards.active();
    await this.jobs.recomputeCadres(await this.ledger.write(sourceEntries(source, version, standard)));
  }
}
