import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { STREAMS } from '@cadre/contracts';
import { InfrastructureModule, healthController } from '@cadre/messaging';
import { config } from './config';
import { CyclesModule } from './cycles/cycles.module';
import { SurveyModule } from './survey/survey.module';

@Module({})
export class AppModule {
  static register(logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot({
          service: 'appraisal',
          logger,
          natsUrl: config.NATS_URL,
          mongo: { uri: config.MONGODB_URI, dbName: config.MONGODB_DB },
          publishes: [STREAMS.APPRAISAL],
        }),
        CyclesModule,
        SurveyModule,
      ],
      controllers: [healthController('appraisal')],
    };
  }
}
