import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { STREAMS } from '@cadre/contracts';
import { InfrastructureModule, healthController } from '@cadre/messaging';
import { config } from './config';
import { InboxModule } from './inbox/inbox.module';
import { MessagesModule } from './messages/messages.module';
import { EventsModule } from './events/events.module';

@Module({})
export class AppModule {
  static register(logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot({
          service: 'notifications',
          logger,
          natsUrl: config.NATS_URL,
          mongo: { uri: config.MONGODB_URI, dbName: config.MONGODB_DB },
          publishes: [STREAMS.NOTIFICATIONS],
        }),
        InboxModule.register(config, logger),
        MessagesModule,
        EventsModule,
      ],
      controllers: [healthController('notifications')],
    };
  }
}
