import { Inject, Injectable } from '@nestjs/common';
import { Ledger } from '../../ledger/ledger';
import { ScoreSource } from '../score-source';
import { gradeReturn } from '../../domain/sources';
import type { GradeReturnedCommand } from './command';

/**
 * A returned grade: a confirmed one's entry is reversed (as a revoked record's are) until it is confirmed again,
 * which opens a new round. A grade scoring never saw confirmed (returned from 待审核) has nothing to reverse; a
 * repeat, or a return older than a later confirmation, changes nothing.
 */
@Injectable()
export class GradeReturned {
  constructor(
    @Inject(Ledger) private readonly ledger: Ledger,
    @Inject(ScoreSource) private readonly score: ScoreSource,
  ) {}

  async execute({ event }: GradeReturnedCommand): Promise<void> {
    if (typeof event.data?.appraisalId !== 'string') return;
    const kept = await this.ledger.findSource('appraisal', event.data.appraisalId);
    if (!kept) return;
    const reversal = gradeReturn(kept, event.data);
    await this.score.execute(reversal ? await this.ledger.markRevoked(kept, reversal) : kept);
  }
}
