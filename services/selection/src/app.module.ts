import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { STREAMS } from '@cadre/contracts';
import { InfrastructureModule, healthController } from '@cadre/messaging';
import { config } from './config';
import { PeopleModule } from './people/people-index';
import { RoundsDataModule } from './rounds/rounds-data.module';
import { RoundsModule } from './rounds/rounds.module';
import { ApplicationsDataModule } from './applications/applications-data.module';
import { ApplicationsModule } from './applications/applications.module';
import { AppealsModule } from './appeals/appeals.module';

@Module({})
export class AppModule {
  static register(logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot({
          service: 'selection',
          logger,
          natsUrl: config.NATS_URL,
          mongo: { uri: config.MONGODB_URI, dbName: config.MONGODB_DB },
          publishes: [STREAMS.SELECTION],
        }),
        // Global: the people index, and each module's port for the others (ROUNDS_PORT, APPLICATIONS_PORT).
        PeopleModule,
        RoundsDataModule,
        ApplicationsDataModule,
        RoundsModule,
        ApplicationsModule,
        AppealsModule,
      ],
      controllers: [healthController('selection')],
    };
  }
}
