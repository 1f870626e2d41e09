import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type RpcRequest } from '@cadre/contracts';
import { RecordsService } from './records.service';
import { TaxonomyService } from './taxonomy.service';

/** Request-reply handlers: thin, the rules live in the services and domain/. */
@Controller()
export class RecordsController {
  constructor(@Inject(RecordsService) private readonly records: RecordsService, @Inject(TaxonomyService) private readonly taxonomy: TaxonomyService) {}

  @MessagePattern(RPC.records.create)
  create(@Payload() r: RpcRequest) {
    return this.records.create(r.caller, r.payload);
  }
  @MessagePattern(RPC.records.get)
  get(@Payload() r: RpcRequest) {
    return this.records.get(r.caller, r.payload);
  }
  @MessagePattern(RPC.records.list)
  list(@Payload() r: RpcRequest) {
    return this.records.list(r.caller, r.payload);
  }
  @MessagePattern(RPC.records.update)
  update(@Payload() r: RpcRequest) {
    return this.records.update(r.caller, r.payload);
  }
  @MessagePattern(RPC.records.submit)
  submit(@Payload() r: RpcRequest) {
    return this.records.submit(r.caller, r.payload);
  }
  @MessagePattern(RPC.records.review)
  review(@Payload() r: RpcRequest) {
    return this.records.review(r.caller, r.payload);
  }
  @MessagePattern(RPC.records.assess)
  assess(@Payload() r: RpcRequest) {
    return this.records.assess(r.caller, r.payload);
  }
  @MessagePattern(RPC.records.revoke)
  revoke(@Payload() r: RpcRequest) {
    return this.records.revoke(r.caller, r.payload);
  }
  @MessagePattern(RPC.records.participation)
  participation(@Payload() r: RpcRequest) {
    return this.records.participation(r.caller, r.payload);
  }
  @MessagePattern(RPC.records.taxonomyGet)
  taxonomyCurrent() {
    return this.taxonomy.current();
  }
  @MessagePattern(RPC.records.taxonomyPut)
  taxonomyPublish(@Payload() r: RpcRequest) {
    return this.taxonomy.publish(r.caller, r.payload);
  }
}
