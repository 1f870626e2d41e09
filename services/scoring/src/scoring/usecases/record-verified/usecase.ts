import { Inject, Injectable } from '@nestjs/common';
import { Ledger } from '../../ledger/ledger';
import { ScoreSource } from '../score-source';
import type { RecordVerifiedCommand } from './command';

/** A verified record: its facts kept, its entries written under the active standard, its cadres recomputed. */
@Injectable()
export class RecordVerified {
  constructor(
    @Inject(Ledger) private readonly ledger: Ledger,
    @Inject(ScoreSource) private readonly score: ScoreSource,
  ) {}

  async execute({ event }: RecordVerifiedCommand): Promise<void> {
    const source = await this.ledger.keepSource('record', event.data.recordId, event.data as unknown as Record<string, unknown>);
    await this.score.execute(source);
  }
}
