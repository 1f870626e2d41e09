import { Module, type DynamicModule } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { MONGO } from '@cadre/messaging';
import { DirectoryReplicaModule } from '@cadre/directory';
import { INBOX_ITEMS, inboxItemModel } from './inbox.schema';
import { NOTIFICATIONS_CONFIG, NOTIFICATIONS_LOGGER, type InboxSettings } from './inbox.tokens';
import { InboxStore } from './inbox-store';
import { InboxProjector } from './inbox-projector';
import { TeamNames } from './team-names';
import { InboxRebuild } from './rebuild/inbox-rebuild';
import { ListInbox } from './usecases/list-inbox/usecase';
import { RebuildInbox } from './usecases/rebuild-inbox/usecase';
import { InboxController } from './inbox.controller';

export { NOTIFICATIONS_CONFIG, NOTIFICATIONS_LOGGER } from './inbox.tokens';

/**
 * The work inbox (待办): items derived from the domain events, the caller's list, the rebuild. Global: the messages
 * and the reminders use its store (InboxStore.markReminded / markOverdue) and its settings (NOTIFICATIONS_CONFIG).
 */
@Module({})
export class InboxModule {
  static register(settings: InboxSettings, logger?: Logger): DynamicModule {
    return {
      module: InboxModule,
      global: true,
      imports: [DirectoryReplicaModule],
      controllers: [InboxController],
      providers: [
        { provide: NOTIFICATIONS_CONFIG, useValue: settings },
        { provide: NOTIFICATIONS_LOGGER, useValue: logger ?? null },
        { provide: INBOX_ITEMS, inject: [MONGO], useFactory: (c: Connection) => inboxItemModel(c) },
        InboxStore,
        TeamNames,
        InboxProjector,
        InboxRebuild,
        ListInbox,
        RebuildInbox,
      ],
      exports: [NOTIFICATIONS_CONFIG, NOTIFICATIONS_LOGGER, INBOX_ITEMS, InboxStore, InboxProjector, InboxRebuild],
    };
  }
}
