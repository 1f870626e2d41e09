import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { STREAMS } from '@cadre/contracts';
import { InfrastructureModule, healthController } from '@cadre/messaging';
import { config } from './config';
import { TasksModule } from './tasks/tasks.module';

@Module({})
export class AppModule {
  static register(logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot({
          service: 'tasks',
          logger,
          natsUrl: config.NATS_URL,
          mongo: { uri: config.MONGODB_URI, dbName: config.MONGODB_DB },
          publishes: [STREAMS.TASKS],
        }),
        TasksModule.register(
          { redisUrl: config.REDIS_URL, prefix: `cadre:${config.MONGODB_DB}`, sweepMs: config.DEADLINE_SWEEP_MS, logger },
          { redisUrl: config.REDIS_URL, prefix: `cadre:${config.MONGODB_DB}`, everyMs: config.FILES_CLEANUP_EVERY_MS, maxAgeMs: config.FILES_PENDING_MAX_AGE_MS, logger },
        ),
      ],
      controllers: [healthController('tasks')],
    };
  }
}
