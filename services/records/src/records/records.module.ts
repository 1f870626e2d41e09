import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@cadre/messaging';
import { RECORD_MODEL, recordModel } from './record.schema';
import { RecordsController } from './records.controller';
import { RecordsService } from './records.service';

@Module({
  controllers: [RecordsController],
  providers: [{ provide: RECORD_MODEL, inject: [MONGO], useFactory: (connection: Connection) => recordModel(connection) }, RecordsService],
})
export class RecordsModule {}
