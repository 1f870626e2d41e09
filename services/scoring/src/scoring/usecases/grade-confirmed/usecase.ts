import { Inject, Injectable } from '@nestjs/common';
import { Ledger } from '../../ledger/ledger';
import { ScoreSource } from '../score-source';
import { checkConfirmedGrade } from '../../domain/entries';
import { confirmedAgain } from '../../domain/sources';
import type { GradeConfirmedCommand } from './command';

/**
 * A confirmed grade (考核等次): its facts kept (the appraisal's event whole), its entry written under the active
 * standard (the standard's points for the cycle's kind and the grade), the cadre recomputed. A grade confirmed again
 * after a return opens a new round (a new entry under the new version, the earlier one's reversed); a redelivered or
 * late confirmation (a version not above the one kept) changes nothing. An event scoring cannot give points for is
 * refused before anything is kept (retried, then dead-lettered).
 */
@Injectable()
export class GradeConfirmed {
  constructor(
    @Inject(Ledger) private readonly ledger: Ledger,
    @Inject(ScoreSource) private readonly score: ScoreSource,
  ) {}

  async execute({ event }: GradeConfirmedCommand): Promise<void> {
    checkConfirmedGrade(event.data);
    const kept = await this.ledger.keepSource('appraisal', event.data.appraisalId, event.data as unknown as Record<string, unknown>);
    const rounds = confirmedAgain(kept, event.data);
    await this.score.execute(rounds ? await this.ledger.startRound(kept, rounds) : kept);
  }
}
