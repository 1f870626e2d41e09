import { Inject, Injectable } from '@nestjs/common';
import { InboxRebuild, type RebuildStatus } from '../../rebuild/inbox-rebuild';
import type { RebuildInboxCommand } from './command';

/** Starts the rebuild in the background and answers at once (the gateway's 202) with its progress. */
@Injectable()
export class RebuildInbox {
  constructor(@Inject(InboxRebuild) private readonly rebuild: InboxRebuild) {}

  execute(_command: RebuildInboxCommand): RebuildStatus {
    return this.rebuild.start();
  }
}
