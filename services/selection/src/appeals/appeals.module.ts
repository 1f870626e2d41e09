import { Module } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { DirectoryReplicaModule } from '@cadre/directory';
import { AggregateStore, MONGO, OutboxRelay } from '@cadre/messaging';
import { APPEAL_INDEX_MODEL, APPEAL_KEY_MODEL, APPEAL_MODEL, appealIndexModel, appealKeyModel, appealModel, type AppealDocument } from './appeal.schema';
import { AppealIndex } from './appeal-index';
import { AppealKeys } from './appeal-keys';
import { AppealsController } from './appeals.controller';
import { APPEAL_STORE, Appeals, type AppealStore } from './appeals.service';

/** 申诉: `appeals` (the aggregate), `appeal_keys` (one pending per subject and person), `appeal_index` (the list). */
@Module({
  imports: [DirectoryReplicaModule],
  controllers: [AppealsController],
  providers: [
    { provide: APPEAL_MODEL, inject: [MONGO], useFactory: (c: Connection) => appealModel(c) },
    { provide: APPEAL_KEY_MODEL, inject: [MONGO], useFactory: (c: Connection) => appealKeyModel(c) },
    { provide: APPEAL_INDEX_MODEL, inject: [MONGO], useFactory: (c: Connection) => appealIndexModel(c) },
    {
      provide: APPEAL_STORE,
      inject: [APPEAL_MODEL, OutboxRelay],
      useFactory: (model: Model<AppealDocument>, relay: OutboxRelay): AppealStore =>
        new AggregateStore(model, relay, { producer: 'selection', noun: 'appeal', touch: () => ({ updatedAt: new Date() }), notFound: '没有这条申诉' }),
    },
    AppealKeys,
    AppealIndex,
    Appeals,
  ],
})
export class AppealsModule {}
