import { Inject, Injectable } from '@nestjs/common';
import { Ledger } from '../../ledger/ledger';
import { ScoreSource } from '../score-source';
import { reopening } from '../../domain/sources';
import type { RecordReopenedCommand } from './command';

/**
 * A verified record reopened by a share disputed after verification: its current verification's entries are
 * reversed (as a revocation reverses them) until it is verified again, which opens a new round. A record whose
 * verification scoring never kept has nothing to reverse; a repeat or a stale reopening changes nothing.
 */
@Injectable()
export class RecordReopened {
  constructor(
    @Inject(Ledger) private readonly ledger: Ledger,
    @Inject(ScoreSource) private readonly score: ScoreSource,
  ) {}

  async execute({ event }: RecordReopenedCommand): Promise<void> {
    const kept = await this.ledger.findSource('record', event.data.recordId);
    if (!kept) return;
    const reversal = reopening(kept, event.data);
    await this.score.execute(reversal ? await this.ledger.markRevoked(kept, reversal) : kept);
  }
}
