import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RECORD_EVENTS, RPC, type EventEnvelope, type RecordCountsReply, type RecordCreatedV1 } from '@cadre/contracts';
import { DurableEvent } from '@cadre/messaging';
import { RecordsReadModel } from './records-read-model';

@Controller()
export class RecordsEventsController {
  constructor(@Inject(RecordsReadModel) private readonly readModel: RecordsReadModel) {}

  @DurableEvent(RECORD_EVENTS.created)
  async onCreated(@Payload() event: EventEnvelope<RecordCreatedV1>): Promise<void> {
    await this.readModel.apply(event);
  }

  @MessagePattern(RPC.analytics.recordCounts)
  counts(): Promise<RecordCountsReply> {
    return this.readModel.counts();
  }
}
