import { Module } from '@nestjs/common';
import { NotificationFanout } from './notification-fanout';

@Module({
  providers: [NotificationFanout],
  exports: [NotificationFanout],
})
export class MessagesModule {}
