import { Global, Module } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { AggregateStore, MONGO, OutboxRelay } from '@cadre/messaging';
import { DirectoryReplicaModule } from '@cadre/directory';
import { APPLICATIONS_PORT } from './applications.port';
import { APPLICATION_INDEX_MODEL, APPLICATION_SHEET_MODEL, applicationIndexModel, applicationSheetModel, type ApplicationSheetDocument } from './application.schema';
import { APPLICATION_SHEET_STORE, ApplicationSheets, type ApplicationSheetStore } from './application-sheets';

/** The applications' data (`applications`, `application_index`) and APPLICATIONS_PORT for the rounds module. */
@Global()
@Module({
  imports: [DirectoryReplicaModule],
  providers: [
    { provide: APPLICATION_SHEET_MODEL, inject: [MONGO], useFactory: (c: Connection) => applicationSheetModel(c) },
    { provide: APPLICATION_INDEX_MODEL, inject: [MONGO], useFactory: (c: Connection) => applicationIndexModel(c) },
    {
      provide: APPLICATION_SHEET_STORE,
      inject: [APPLICATION_SHEET_MODEL, OutboxRelay],
      useFactory: (model: Model<ApplicationSheetDocument>, relay: OutboxRelay): ApplicationSheetStore =>
        new AggregateStore(model, relay, { producer: 'selection', noun: 'application sheet', touch: () => ({ updatedAt: new Date() }), notFound: 'No such application.' }),
    },
    ApplicationSheets,
    { provide: APPLICATIONS_PORT, useExisting: ApplicationSheets },
  ],
  exports: [APPLICATIONS_PORT, ApplicationSheets],
})
export class ApplicationsDataModule {}
