import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@cadre/contracts';
import type { InboxChange } from './inbox-change';

/** Turns each domain event into inbox item changes (open, update, close) and writes them. */
@Injectable()
export class InboxProjector {
  async apply(_envelope: EventEnvelope): Promise<InboxChange[]> {
    return [];
  }
}
