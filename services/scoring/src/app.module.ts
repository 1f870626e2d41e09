import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { STREAMS } from '@cadre/contracts';
import { InfrastructureModule, healthController } from '@cadre/messaging';
import { config } from './config';
import { ScoringModule } from './scoring/scoring.module';

@Module({})
export class AppModule {
  static register(logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot({
          service: 'scoring',
          logger,
          natsUrl: config.NATS_URL,
          mongo: { uri: config.MONGODB_URI, dbName: config.MONGODB_DB },
          publishes: [STREAMS.SCORING],
        }),
        ScoringModule.register({ redisUrl: config.REDIS_URL, prefix: `cadre:${config.MONGODB_DB}` }),
      ],
      controllers: [healthController('scoring')],
    };
  }
}
