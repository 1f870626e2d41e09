import { Inject, Injectable } from '@nestjs/common';
import { Ledger } from '../../ledger/ledger';
import { ScoreSource } from '../score-source';
import type { TaskConcludedCommand } from './command';

/** A concluded task: every awarded member's participation and contribution and each lead's bonus, recomputed. */
@Injectable()
export class TaskConcluded {
  constructor(
    @Inject(Ledger) private readonly ledger: Ledger,
    @Inject(ScoreSource) private readonly score: ScoreSource,
  ) {}

  async execute({ event }: TaskConcludedCommand): Promise<void> {
    const source = await this.ledger.keepSource('task', event.data.taskId, event.data as unknown as Record<string, unknown>);
    await this.score.execute(source);
  }
}
