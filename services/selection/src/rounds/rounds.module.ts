import { Module } from '@nestjs/common';
import { DirectoryReplicaModule } from '@cadre/directory';
import { RoundsController } from './rounds.controller';
import { RoundsService } from './rounds.service';
import { ObjectionsService } from './objections.service';
import { SelectionReads } from './selection-reads.service';
import { RoundWriter } from './round-writer';

/**
 * Rounds (选人用人): opening, the draw, 考察, decisions, the 任前公示 with objections, the conclusion; the notices,
 * `mine` and the outcomes. The round data and ROUNDS_PORT come from RoundsDataModule (global); APPLICATIONS_PORT from
 * the applications module.
 */
@Module({
  imports: [DirectoryReplicaModule],
  controllers: [RoundsController],
  providers: [RoundWriter, RoundsService, ObjectionsService, SelectionReads],
})
export class RoundsModule {}
