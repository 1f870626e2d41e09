import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Logger } from 'pino';
import { Redis } from 'ioredis';
import { RPC, SERVICES, STREAMS } from '@cadre/contracts';
import { Readiness } from '@cadre/platform';
import { InfrastructureModule, RpcClient } from '@cadre/messaging';
import type { GatewayConfig } from './config';
import { GATEWAY_CONFIG, REDIS } from './tokens';
import { AuthGuard } from './auth/auth.guard';
import { AuthController } from './auth/auth.controller';
import { SignIn } from './auth/usecases/sign-in/usecase';
import { LoginThrottle } from './auth/login-throttle';
import { HealthController } from './health/health.controller';
import { RecordsController } from './records/records.controller';
import { TasksController } from './tasks/tasks.controller';
import { ScoringController } from './scoring/scoring.controller';
import { AnalyticsController } from './analytics/analytics.controller';
import { DepartmentsController, MeController, PeopleController, UsersController } from './directory/directory.controller';
import { directoryProviders } from './directory/directory.providers';
import { FilesController } from './files/files.controller';
import { FileStores } from './files/file-stores';
import { NotificationsController } from './notifications/notifications.controller';
import { NotificationStreamController } from './notifications/stream.controller';
import { LiveStreams } from './notifications/live-streams';
import { AppraisalController } from './appraisal/appraisal.controller';
import { SelectionController } from './selection/selection.controller';
import { SelectionComposer } from './selection/selection-composer';
import { DossierController } from './dossier/dossier.controller';
import { dossierProviders } from './dossier/dossier.providers';

class GatewayLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(FileStores) private readonly files: FileStores,
  ) {}

  async onApplicationShutdown() {
    await this.rpc.close();
    await this.files.close();
    this.redis.disconnect();
  }
}

@Module({})
export class AppModule {
  static register(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot({
          service: 'gateway',
          logger,
          natsUrl: config.NATS_URL,
          mongo: { uri: config.MONGODB_URI, dbName: config.MONGODB_DB },
          publishes: [STREAMS.DIRECTORY],
        }),
      ],
      controllers: [
        HealthController,
        AuthController,
        MeController,
        DepartmentsController,
        UsersController,
        PeopleController,
        RecordsController,
        TasksController,
        ScoringController,
        AnalyticsController,
        FilesController,
        NotificationsController,
        NotificationStreamController,
        AppraisalController,
        SelectionController,
        DossierController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        {
          provide: RpcClient,
          useFactory: async () => {
            const client = new RpcClient({ servers: config.NATS_URL, name: 'gateway-rpc', timeoutMs: config.RPC_TIMEOUT_MS });
            await client.connect();
            return client;
          },
        },
        { provide: REDIS, useFactory: () => new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 }) },
        {
          provide: FileStores,
          useFactory: () =>
            new FileStores({
              records: { uri: config.RECORDS_MONGODB_URI ?? config.MONGODB_URI, dbName: config.RECORDS_MONGODB_DB },
              tasks: { uri: config.TASKS_MONGODB_URI ?? config.MONGODB_URI, dbName: config.TASKS_MONGODB_DB },
            }),
        },
        ...directoryProviders(config),
        {
          provide: LoginThrottle,
          inject: [REDIS],
          useFactory: (redis: Redis) =>
            new LoginThrottle(redis, {
              slowAfter: config.LOGIN_SLOW_AFTER_FAILURES,
              lockAfter: config.LOGIN_LOCK_AFTER_FAILURES,
              slowIpAfterUsernames: config.LOGIN_SLOW_IP_AFTER_USERNAMES,
              lockIpAfterUsernames: config.LOGIN_LOCK_IP_AFTER_FAILURES,
              lockSeconds: config.LOGIN_LOCK_SECONDS,
              keyPrefix: config.REDIS_KEY_PREFIX,
            }),
        },
        SignIn,
        LiveStreams,
        SelectionComposer,
        ...dossierProviders(config, logger),
        { provide: APP_GUARD, useClass: AuthGuard },
        GatewayLifecycle,
      ],
    };
  }
}

/** `/readyz`: NATS and MongoDB (from the infrastructure module), Redis, and every service answering. */
export function addGatewayReadiness(readiness: Readiness, redis: Redis, rpc: RpcClient): void {
  readiness.add('redis', async () => {
    await redis.ping();
  });
  for (const service of SERVICES.filter((name) => name !== 'gateway')) {
    readiness.add(service, async () => {
      await rpc.request(RPC.health(service), {}, undefined, 1_500);
    });
  }
}
