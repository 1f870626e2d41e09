import { Controller, Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { RPC, STREAMS, type RpcRequest } from '@cadre/contracts';
import { EventPublisher, MONGO, ensureStream, reportConsumerPositions } from '@cadre/messaging';
import { Readiness } from '@cadre/platform';
import { PeopleDirectory } from './directory/people-directory';
import { ModelGenerations } from './projection/models.service';
import { AnalyticsService } from './queries/analytics.service';

const ANALYTICS_REDIS = Symbol('ANALYTICS_REDIS');
const LOGGER = Symbol('ANALYTICS_LOGGER');

/** Request-reply handlers: thin; the rules live in queries/ and projection/. */
@Controller()
class AnalyticsController {
  constructor(@Inject(AnalyticsService) private readonly analytics: AnalyticsService) {}

  @MessagePattern(RPC.analytics.overview)
  overview(@Payload() r: RpcRequest) {
    return this.analytics.overview(r.caller, r.payload);
  }
  @MessagePattern(RPC.analytics.departments)
  departments(@Payload() r: RpcRequest) {
    return this.analytics.departments(r.caller, r.payload);
  }
  @MessagePattern(RPC.analytics.portrait)
  portrait(@Payload() r: RpcRequest) {
    return this.analytics.portrait(r.caller, r.payload);
  }
  @MessagePattern(RPC.analytics.candidates)
  candidates(@Payload() r: RpcRequest) {
    return this.analytics.candidates(r.caller, r.payload);
  }
  @MessagePattern(RPC.analytics.rebuild)
  rebuild(@Payload() r: RpcRequest) {
    return this.analytics.rebuild(r.caller, r.payload);
  }
  @MessagePattern(RPC.analytics.rebuildStatus)
  rebuildStatus(@Payload() r: RpcRequest) {
    return this.analytics.rebuildStatus(r.caller);
  }
}

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
          provide: AnalyticsService,
          inject: [ModelGenerations, PeopleDirectory, ANALYTICS_REDIS],
          useFactory: (models: ModelGenerations, directory: PeopleDirectory, redis: Redis) => new AnalyticsService(models, directory, redis),
        },
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
