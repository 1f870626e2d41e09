import { Module } from '@nestjs/common';
import { DirectoryReplicaModule } from '@cadre/directory';
import { MessagesModule } from '../messages/messages.module';
import { EventsController } from './events.controller';

/** The durable consumers: the directory replica's, and one controller for every domain event the inbox and messages read. */
@Module({
  imports: [DirectoryReplicaModule, MessagesModule],
  controllers: [EventsController],
})
export class EventsModule {}
