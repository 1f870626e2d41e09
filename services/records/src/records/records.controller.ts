import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type CreateRecordPayload, type RecordView, type RpcRequest } from '@cadre/contracts';
import { RecordsService } from './records.service';

@Controller()
export class RecordsController {
  constructor(@Inject(RecordsService) private readonly records: RecordsService) {}

  @MessagePattern(RPC.records.create)
  create(@Payload() request: RpcRequest<CreateRecordPayload>): Promise<RecordView> {
    return this.records.create(request.caller, request.payload);
  }

  @MessagePattern(RPC.records.get)
  get(@Payload() request: RpcRequest<{ id: string }>): Promise<RecordView> {
    return this.records.get(request.caller, request.payload);
  }
}
