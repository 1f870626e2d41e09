import { Inject, Injectable } from '@nestjs/common';
import { Ledger } from '../../ledger/ledger';
import { ScoreSource } from '../score-source';
import { revocationOf, verifiedFactsOf } from '../../domain/sources';
import type { RecordRevokedCommand } from './command';

/**
 * A revoked record: the reversal of each of its entries (and the entries themselves, if its verification has not
 * arrived yet: the revocation carries the record whole), its cadres recomputed.
 */
@Injectable()
export class RecordRevoked {
  constructor(
    @Inject(Ledger) private readonly ledger: Ledger,
    @Inject(ScoreSource) private readonly score: ScoreSource,
  ) {}

  async execute({ event }: RecordRevokedCommand): Promise<void> {
    const kept = await this.ledger.keepSource('record', event.data.recordId, verifiedFactsOf(event.data));
    const source = await this.ledger.markRevoked(kept, revocationOf(event.data));
    await this.score.execute(source);
  }
}
