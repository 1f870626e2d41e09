import { Module, type DynamicModule } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@cadre/messaging';
import { DirectoryReplicaModule } from '@cadre/directory';
import type { NotificationsConfig } from '../config';
import { INBOX_ITEMS, inboxItemModel } from './inbox.schema';
import { InboxProjector } from './inbox-projector';

export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');

/** The work inbox (待办): items derived from the domain events, the caller's list, the rebuild. Global: the messages and reminders use its store. */
@Module({})
export class InboxModule {
  static register(config: NotificationsConfig): DynamicModule {
    return {
      module: InboxModule,
      global: true,
      imports: [DirectoryReplicaModule],
      providers: [
        { provide: NOTIFICATIONS_CONFIG, useValue: config },
        { provide: INBOX_ITEMS, inject: [MONGO], useFactory: (c: Connection) => inboxItemModel(c) },
        InboxProjector,
      ],
      exports: [NOTIFICATIONS_CONFIG, INBOX_ITEMS, InboxProjector],
    };
  }
}
