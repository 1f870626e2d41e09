import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { InfrastructureModule, healthController } from '@cadre/messaging';
import { config } from './config';
import { AnalyticsModule } from './analytics.module';

@Module({})
export class AppModule {
  static register(logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot({
          service: 'analytics',
          logger,
          natsUrl: config.NATS_URL,
          mongo: { uri: config.MONGODB_URI, dbName: config.MONGODB_DB },
        }),
        AnalyticsModule.register({ redisUrl: config.REDIS_URL, prefix: `cadre:${config.MONGODB_DB}`, logger }),
      ],
      controllers: [healthController('analytics')],
    };
  }
}
