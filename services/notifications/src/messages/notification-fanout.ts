import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@cadre/contracts';
import type { InboxChange } from '../inbox/inbox-change';

export type { InboxChange } from '../inbox/inbox-change';

@Injectable()
export class NotificationFanout {
  async apply(_envelope: EventEnvelope, _changes: InboxChange[]): Promise<void> {
    // The messages (H4) fill this in.
  }
}
