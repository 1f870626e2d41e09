import type { NotificationView } from '@cadre/contracts';

/** Who a message goes to, as a channel needs them (the address is the channel's own business). */
export interface ChannelRecipient {
  userId: string;
  name: string;
}

/** What a channel answers: sent, or skipped with the reason (no address…); a failure throws (and is retried). */
export type DeliveryOutcome = { sent: true } | { sent: false; reason: string };

/**
 * A way out of the platform for a message (e-mail, SMS, WeCom…): one class each. The registry delivers every message
 * through every enabled channel, each delivery a BullMQ job of its own (`channel-delivery.ts`), so one channel's
 * outage delays nobody else and a message is sent at most once per channel.
 */
export interface NotificationChannel {
  /** `[a-z]+`: part of the delivery job's id. */
  readonly name: string;
  readonly enabled: boolean;
  deliver(message: NotificationView, recipient: ChannelRecipient): Promise<DeliveryOutcome>;
}

/** Provider token: every channel of the service (`channels.module.ts` lists them). */
export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
export const CHANNELS_CONFIG = Symbol('CHANNELS_CONFIG');

export class ChannelRegistry {
  constructor(private readonly channels: readonly NotificationChannel[]) {}

  enabled(): NotificationChannel[] {
    return this.channels.filter((c) => c.enabled);
  }

  byName(name: string): NotificationChannel | undefined {
    return this.channels.find((c) => c.name === name);
  }
}
