import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@cadre/messaging';
import { RECORD_FACTS, recordFactModel } from './record-fact.schema';
import { RecordsReadModel } from './records-read-model';
import { RecordsEventsController } from './records-events.controller';

@Module({
  controllers: [RecordsEventsController],
  providers: [{ provide: RECORD_FACTS, inject: [MONGO], useFactory: (connection: Connection) => recordFactModel(connection) }, RecordsReadModel],
})
export class RecordsReadModelModule {}
