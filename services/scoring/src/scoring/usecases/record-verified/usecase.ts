import { Inject, Injectable } from '@nestjs/common';
import { Ledger } from '../../ledger/ledger';
import { ScoreSource } from '../score-source';
import { verifiedAgain } from '../../domain/sources';
import type { RecordVerifiedCommand } from './command';

/**
 * A verified record: its facts kept, its entries written under the active standard, its cadres recomputed. A record
 * verified again after a reopening (a share disputed) opens a new round: new entries under the new version, the
 * earlier round's reversed.
 */
@Injectable()
export class RecordVerified {
  constructor(
    @Inject(Ledger) private readonly ledger: Ledger,
    @Inject(ScoreSource) private readonly score: ScoreSource,
  ) {}

  async execute({ event }: RecordVerifiedCommand): Promise<void> {
    const kept = await this.ledger.keepSource('record', event.data.recordId, event.data as unknown as Record<string, unknown>);
    const rounds = verifiedAgain(kept, event.data);
    await this.score.execute(rounds ? await this.ledger.startRound(kept, rounds) : kept);
  }
}
