import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { BullMQOtel } from 'bullmq-otel';
import type { Connection } from 'mongoose';
import { MONGO } from '@cadre/messaging';
import { DirectoryReplica, DirectoryReplicaModule } from '@cadre/directory';
import { config } from '../config';
import { CHANNELS_CONFIG, NOTIFICATION_CHANNELS } from '../channels/notification-channel';
import { channelsConfig, type ChannelsConfig } from '../channels/channels.config';
import { EmailChannel } from '../channels/email-channel';
import { ChannelDelivery, ChannelDeliveryProcessor, DELIVERY_QUEUE } from '../channels/channel-delivery';
import { REMINDER_QUEUE, ReminderScheduler } from '../reminders/reminder-scheduler';
import { ReminderProcessor } from '../reminders/reminder-processor';
import { BID_FACTS, KNOWN_SCORES, MAILBOXES, NOTIFICATIONS, PENDING_POINTS, SUBJECT_FACTS, TASK_BIDS, messageModels } from './notification.schema';
import { NotificationStore } from './notification-store';
import { NotificationFanout } from './notification-fanout';
import { LivePush } from './live-push';
import { MessagesController } from './messages.controller';

/**
 * The messages (消息): their store and RPC handlers, the fan-out of each event, live delivery, the channels
 * (e-mail) and the reminders and escalations (催办), the last two on BullMQ queues of their own.
 */
@Module({
  imports: [
    DirectoryReplicaModule,
    BullModule.forRoot({
      connection: { url: config.REDIS_URL, maxRetriesPerRequest: null } as never,
      prefix: `cadre:${config.MONGODB_DB}`,
      telemetry: new BullMQOtel({ tracerName: 'notifications' }),
    }),
    BullModule.registerQueue({ name: DELIVERY_QUEUE }, { name: REMINDER_QUEUE }),
  ],
  controllers: [MessagesController],
  providers: [
    { provide: NOTIFICATIONS, inject: [MONGO], useFactory: (c: Connection) => messageModels.notifications(c) },
    { provide: BID_FACTS, inject: [MONGO], useFactory: (c: Connection) => messageModels.bids(c) },
    { provide: SUBJECT_FACTS, inject: [MONGO], useFactory: (c: Connection) => messageModels.subjects(c) },
    { provide: KNOWN_SCORES, inject: [MONGO], useFactory: (c: Connection) => messageModels.scores(c) },
    { provide: MAILBOXES, inject: [MONGO], useFactory: (c: Connection) => messageModels.mailboxes(c) },
    { provide: PENDING_POINTS, inject: [MONGO], useFactory: (c: Connection) => messageModels.pendingPoints(c) },
    { provide: TASK_BIDS, inject: [MONGO], useFactory: (c: Connection) => messageModels.taskBids(c) },
    { provide: CHANNELS_CONFIG, useFactory: () => channelsConfig() },
    {
      // Every channel of the service: an SMS or WeCom channel is one more class here.
      provide: NOTIFICATION_CHANNELS,
      inject: [CHANNELS_CONFIG, DirectoryReplica],
      useFactory: (c: ChannelsConfig, directory: DirectoryReplica) => [
        new EmailChannel({ enabled: c.NOTIFY_EMAIL_ENABLED, smtpUrl: c.SMTP_URL, from: c.NOTIFY_EMAIL_FROM, consoleUrl: c.CONSOLE_URL }, directory),
      ],
    },
    NotificationStore,
    LivePush,
    ChannelDelivery,
    ChannelDeliveryProcessor,
    ReminderScheduler,
    ReminderProcessor,
    NotificationFanout,
  ],
  exports: [NotificationFanout, NotificationStore],
})
export class MessagesModule {}
