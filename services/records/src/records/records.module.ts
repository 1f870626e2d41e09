import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@cadre/messaging';
import { DirectoryReplicaModule } from '@cadre/directory';
import { RECORD_MODEL, recordModel } from './record.schema';
import { TAXONOMY_MODEL, taxonomyModel } from './taxonomy.schema';
import { RecordsController } from './records.controller';
import { RecordsService } from './records.service';
import { TaxonomyService } from './taxonomy.service';

@Module({
  imports: [DirectoryReplicaModule],
  controllers: [RecordsController],
  providers: [
    { provide: RECORD_MODEL, inject: [MONGO], useFactory: (connection: Connection) => recordModel(connection) },
    { provide: TAXONOMY_MODEL, inject: [MONGO], useFactory: (connection: Connection) => taxonomyModel(connection) },
    RecordsService,
    TaxonomyService,
  ],
})
export class RecordsModule {}
