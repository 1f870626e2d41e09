import { Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { STREAMS } from '@cadre/contracts';
import { EventPublisher, MONGO, ensureStream, reportConsumerPositions } from '@cadre/messaging';
import { Readiness } from '@cadre/platform';
import { PeopleDirectory } from './directory/people-directory';
import { ModelGenerations } from './projection/models.service';
import { CachedAnswers } from './queries/cached-answers';
import { ANALYTICS_LOGGER as LOGGER, ANALYTICS_REDIS } from './analytics.tokens';
import { AnalyticsController } from './analytics.controller';
import { Overview } from './usecases/overview/usecase';
import { Departments } from './usecases/departments/usecase';
import { Portrait } from './usecases/portrait/usecase';
import { Shortlist } from './usecases/shortlist/usecase';
import { AppraisalAnalytics } from './usecases/appraisal/usecase';
import { SelectionAnalytics } from './usecases/selection/usecase';
import { Rebuild } from './usecases/rebuild/usecase';
import { RebuildStatus } from './usecases/rebuild-status/usecase';

/** Starts the directory and the models before the service reports ready, and stops them on shutdown. */
class AnalyticsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private stopReporting?: () => void;

  constructor(
    private readonly directory: PeopleDirectory,
    private readonly models: ModelGenerations,
    private readonly redis: Redis,
    private readonly publisher: EventPublisher,
    readiness: Readiness,
  ) {
    readiness.add('analytics-models', async () => {
      if (!this.directory.ready || !this.models.ready) throw new Error('the directory or the read models are still loading');
    });
  }

  async onApplicationBootstrap() {
    // The producers create their streams; analytics may start first and reads them from the beginning anyway.
    const jsm = await this.publisher.connection.jetstreamManager();
    for (const stream of Object.values(STREAMS)) await ensureStream(jsm, stream);
    // The projection reads with ordered consumers from its own checkpoint: its lag is the stream's end minus its position.
    this.stopReporting = reportConsumerPositions(async () =>
      Promise.all(
        Object.entries(this.models.positions()).map(async ([stream, position]) => {
          const { state } = await jsm.streams.info(stream);
          return { stream, consumer: 'analytics', pending: Math.max(0, state.last_seq - position), ackPending: 0, redelivered: 0 };
        }),
      ),
    );
    await this.directory.start();
    await this.models.start();
  }

  async onApplicationShutdown() {
    this.stopReporting?.();
    await this.models.stop();
    await this.directory.stop();
    this.redis.disconnect();
  }
}

@Module({})
export class AnalyticsModule {
  static register(options: { redisUrl: string; prefix: string; logger: Logger }): DynamicModule {
    return {
      module: AnalyticsModule,
      controllers: [AnalyticsController],
      providers: [
        { provide: LOGGER, useValue: options.logger },
        { provide: ANALYTICS_REDIS, useFactory: () => new Redis(options.redisUrl, { maxRetriesPerRequest: 3 }) },
        {
          provide: PeopleDirectory,
          inject: [EventPublisher, LOGGER],
          useFactory: (publisher: EventPublisher, logger: Logger) => new PeopleDirectory(publisher.connection, logger),
        },
        {
          provide: ModelGenerations,
          inject: [MONGO, EventPublisher, ANALYTICS_REDIS, LOGGER],
          useFactory: (mongo: Connection, publisher: EventPublisher, redis: Redis, logger: Logger) =>
            new ModelGenerations(mongo, publisher.connection, redis, `${options.prefix}:analytics`, logger),
        },
        {
          provide: CachedAnswers,
          inject: [ModelGenerations, PeopleDirectory],
          useFactory: (models: ModelGenerations, directory: PeopleDirectory) => new CachedAnswers(models, directory),
        },
        Overview,
        Departments,
        Portrait,
        Shortlist,
        AppraisalAnalytics,
        SelectionAnalytics,
        Rebuild,
        RebuildStatus,
        {
          provide: AnalyticsLifecycle,
          inject: [PeopleDirectory, ModelGenerations, ANALYTICS_REDIS, EventPublisher, Readiness],
          useFactory: (directory: PeopleDirectory, models: ModelGenerations, redis: Redis, publisher: EventPublisher, readiness: Readiness) =>
            new AnalyticsLifecycle(directory, models, redis, publisher, readiness),
        },
      ],
    };
  }
}
