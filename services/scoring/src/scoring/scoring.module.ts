import { Module, type DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { BullMQOtel } from 'bullmq-otel';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { MONGO } from '@cadre/messaging';
import { DirectoryReplicaModule } from '@cadre/directory';
import { CADRE_LEDGERS, LEDGER, RANKING_ROWS, RANKING_RUNS, SOURCES, STANDARDS, TOTALS, models } from './scoring.schema';
import { Ledger } from './ledger/ledger';
import { Standards } from './standards/standards';
import { StandardActivation } from './standards/standard-activation';
import { ScoreTotals } from './totals/score-totals';
import { RankingBoard, REDIS_PREFIX, SCORING_REDIS } from './rankings/ranking-board';
import { DirectoryNames } from './rankings/directory-names';
import { RankingCalculation } from './rankings/ranking-calculation';
import { ScoringJobs, SCORING_QUEUE } from './jobs/scoring-jobs';
import { ScoringProcessor } from './jobs/scoring-processor';
import { GetScore } from './usecases/get-score/usecase';
import { ListRankings } from './usecases/list-rankings/usecase';
import { RecalculateRankings } from './usecases/recalculate-rankings/usecase';
import { GetJobStatus } from './usecases/get-job-status/usecase';
import { ListStandards } from './usecases/list-standards/usecase';
import { GetStandard } from './usecases/get-standard/usecase';
import { CreateStandard } from './usecases/create-standard/usecase';
import { DryRunStandard } from './usecases/dry-run-standard/usecase';
import { ActivateStandard } from './usecases/activate-standard/usecase';
import { RecordVerified } from './usecases/record-verified/usecase';
import { RecordRevoked } from './usecases/record-revoked/usecase';
import { RecordReopened } from './usecases/record-reopened/usecase';
import { TaskConcluded } from './usecases/task-concluded/usecase';
import { GradeConfirmed } from './usecases/grade-confirmed/usecase';
import { GradeReturned } from './usecases/grade-returned/usecase';
import { ScoreSource } from './usecases/score-source';
import { RecomputeCadre } from './usecases/recompute-cadre/usecase';
import { ScoringController } from './scoring.controller';
import { ScoringEventsController } from './scoring-events.controller';

export interface ScoringModuleOptions {
  redisUrl: string;
  /** Keeps the queues and rankings of deployments (and test runs) sharing one Redis apart. */
  prefix: string;
}

const USE_CASES = [
  GetScore,
  ListRankings,
  RecalculateRankings,
  GetJobStatus,
  ListStandards,
  GetStandard,
  CreateStandard,
  DryRunStandard,
  ActivateStandard,
  ScoreSource,
  RecordVerified,
  RecordRevoked,
  RecordReopened,
  TaskConcluded,
  GradeConfirmed,
  GradeReturned,
  RecomputeCadre,
];

@Module({})
export class ScoringModule {
  static register(options: ScoringModuleOptions): DynamicModule {
    const telemetry = new BullMQOtel({ tracerName: 'scoring' });
    return {
      module: ScoringModule,
      imports: [
        DirectoryReplicaModule,
        BullModule.forRoot({ connection: { url: options.redisUrl, maxRetriesPerRequest: null } as never, prefix: options.prefix, telemetry }),
        BullModule.registerQueue({ name: SCORING_QUEUE }),
      ],
      controllers: [ScoringController, ScoringEventsController],
      providers: [
        { provide: LEDGER, inject: [MONGO], useFactory: (c: Connection) => models.ledger(c) },
        { provide: SOURCES, inject: [MONGO], useFactory: (c: Connection) => models.sources(c) },
        { provide: CADRE_LEDGERS, inject: [MONGO], useFactory: (c: Connection) => models.cadreLedgers(c) },
        { provide: STANDARDS, inject: [MONGO], useFactory: (c: Connection) => models.standards(c) },
        { provide: TOTALS, inject: [MONGO], useFactory: (c: Connection) => models.totals(c) },
        { provide: RANKING_ROWS, inject: [MONGO], useFactory: (c: Connection) => models.rankingRows(c) },
        { provide: RANKING_RUNS, inject: [MONGO], useFactory: (c: Connection) => models.rankingRuns(c) },
        { provide: SCORING_REDIS, useFactory: () => new Redis(options.redisUrl, { maxRetriesPerRequest: 3 }) },
        { provide: REDIS_PREFIX, useValue: options.prefix },
        Standards,
        Ledger,
        ScoreTotals,
        RankingBoard,
        DirectoryNames,
        RankingCalculation,
        StandardActivation,
        ScoringJobs,
        ScoringProcessor,
        ...USE_CASES,
      ],
    };
  }
}
