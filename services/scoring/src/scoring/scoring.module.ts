import { Module, type DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { BullMQOtel } from 'bullmq-otel';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { MONGO } from '@cadre/messaging';
import { DirectoryReplicaModule } from '@cadre/directory';
import { CADRE_LEDGERS, LEDGER, RANKING_ROWS, RANKING_RUNS, SOURCES, STANDARDS, TOTALS, models } from './scoring.schema';
import { StandardsService } from './standards.service';
import { LedgerService } from './ledger.service';
import { ScoresService } from './scores.service';
import { RankingsService, SCORING_REDIS } from './rankings.service';
import { ActivationService } from './activation.service';
import { ScoringJobs, ScoringProcessor, SCORING_QUEUE } from './scoring.jobs';
import { ScoringController } from './scoring.controller';
import { ScoringEventsController } from './scoring-events.controller';

export interface ScoringModuleOptions {
  redisUrl: string;
  /** Keeps the queues and rankings of deployments (and test runs) sharing one Redis apart. */
  prefix: string;
}

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
        { provide: 'REDIS_PREFIX', useValue: options.prefix },
        StandardsService,
        LedgerService,
        ScoresService,
        RankingsService,
        ActivationService,
        ScoringJobs,
        ScoringProcessor,
      ],
    };
  }
}
