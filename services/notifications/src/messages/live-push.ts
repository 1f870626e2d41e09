import { Inject, Injectable, Logger } from '@nestjs/common';
import { JSONCodec } from 'nats';
import { LIVE_SUBJECTS, type NotificationView } from '@cadre/contracts';
import { EventPublisher } from '@cadre/messaging';
import { notificationView } from './notification-store';
import type { NotificationDoc } from './notification.schema';

const codec = JSONCodec();

/**
 * Live delivery to the console: each stored (or points-filled) message on core NATS `live.notification.<userId>`,
 * which the gateway's SSE route forwards. At most once: the lists are the truth, a reconnecting console reads them.
 */
@Injectable()
export class LivePush {
  private readonly logger = new Logger('LivePush');

  constructor(@Inject(EventPublisher) private readonly publisher: EventPublisher) {}

  notify(docs: NotificationDoc[]): void {
    for (const doc of docs) {
      try {
        const view: NotificationView = notificationView(doc);
        this.publisher.connection.publish(LIVE_SUBJECTS.notification(doc.recipientId), codec.encode(view));
      } catch (error) {
        this.logger.warn(`live push of ${doc._id} failed: ${(error as Error).message}`);
      }
    }
  }
}
