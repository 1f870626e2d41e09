import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { DirectoryReplica } from '@cadre/directory';
import { processTraced, reportQueueDepth } from '@cadre/platform';
import { NotificationStore, notificationView } from '../messages/notification-store';
import { UNKNOWN_PERSON } from '../messages/domain/messages';
import { CHANNELS_CONFIG, ChannelRegistry, NOTIFICATION_CHANNELS, type NotificationChannel } from './notification-channel';
import type { ChannelsConfig } from './channels.config';

export const DELIVERY_QUEUE = 'notifications-delivery';

export interface DeliveryJob {
  messageId: string;
  channel: string;
}

/**
 * The job id of one message through one channel: `<messageId>|<channel>` (BullMQ refuses a custom id with one `:`).
 * A second enqueue of the same delivery (a redelivered event) is the same job: nothing is sent twice.
 */
export const deliveryJobId = (messageId: string, channel: string) => `${messageId}|${channel}`;

/** Enqueues each new message for every enabled channel. */
@Injectable()
export class ChannelDelivery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly registry: ChannelRegistry;

  constructor(
    @InjectQueue(DELIVERY_QUEUE) private readonly queue: Queue<DeliveryJob>,
    @Inject(NOTIFICATION_CHANNELS) channels: NotificationChannel[],
    @Inject(CHANNELS_CONFIG) private readonly config: ChannelsConfig,
  ) {
    this.registry = new ChannelRegistry(channels);
  }

  onApplicationBootstrap() {
    reportQueueDepth(this.queue);
  }

  async onApplicationShutdown() {
    for (const channel of this.registry.enabled()) (channel as { close?: () => void }).close?.();
  }

  async enqueue(messageIds: string[]): Promise<void> {
    const channels = this.registry.enabled();
    if (channels.length === 0 || messageIds.length === 0) return;
    await this.queue.addBulk(
      messageIds.flatMap((messageId) =>
        channels.map((channel) => ({
          name: channel.name,
          data: { messageId, channel: channel.name },
          opts: {
            jobId: deliveryJobId(messageId, channel.name),
            attempts: this.config.NOTIFY_DELIVERY_ATTEMPTS,
            backoff: { type: 'exponential' as const, delay: 2_000 },
            removeOnComplete: { age: 7 * 86_400 },
            removeOnFail: { age: 7 * 86_400 },
          },
        })),
      ),
    );
  }

  channel(name: string): NotificationChannel | undefined {
    return this.registry.byName(name);
  }
}

/** The worker: loads the message and its recipient and hands them to the channel (a throw is retried with backoff). */
@Processor(DELIVERY_QUEUE, { concurrency: 4 })
export class ChannelDeliveryProcessor extends WorkerHost {
  constructor(
    @Inject(ChannelDelivery) private readonly delivery: ChannelDelivery,
    @Inject(NotificationStore) private readonly store: NotificationStore,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {
    super();
  }

  private readonly logger = new Logger('ChannelDelivery');

  process(job: Job<DeliveryJob>): Promise<unknown> {
    return processTraced(job, () => this.run(job.data));
  }

  private async run({ messageId, channel: name }: DeliveryJob) {
    const channel = this.delivery.channel(name);
    if (!channel?.enabled) return { sent: false, reason: 'channel off' };
    const doc = await this.store.byId(messageId);
    if (!doc) return { sent: false, reason: 'no such message' };
    const user = await this.directory.user(doc.recipientId);
    const outcome = await channel.deliver(notificationView(doc), { userId: doc.recipientId, name: user?.name ?? UNKNOWN_PERSON });
    if (outcome.sent) this.logger.debug(`message ${messageId} sent by ${name}`);
    return outcome;
  }
}
