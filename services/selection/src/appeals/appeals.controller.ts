import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, isId, type RpcRequest } from '@cadre/contracts';
import { problems, requireCaller } from '@cadre/platform';
import { Appeals } from './appeals.service';

type Fields = { appealId?: unknown; body?: unknown; subject?: unknown };

const fieldsOf = (payload: unknown): Fields => (typeof payload === 'object' && payload !== null ? (payload as Fields) : {});

function appealIdOf(payload: unknown): string {
  const id = fieldsOf(payload).appealId;
  if (!isId(id)) throw problems.notFound('没有这条申诉');
  return id;
}

/** Request-reply handlers of the appeals (RPC.selection.appeal*). */
@Controller()
export class AppealsController {
  constructor(@Inject(Appeals) private readonly appeals: Appeals) {}

  @MessagePattern(RPC.selection.appealFile)
  file(@Payload() r: RpcRequest) {
    return this.appeals.file(requireCaller(r.caller), fieldsOf(r.payload));
  }

  @MessagePattern(RPC.selection.appealList)
  list(@Payload() r: RpcRequest) {
    return this.appeals.list(requireCaller(r.caller), r.payload);
  }

  @MessagePattern(RPC.selection.appealGet)
  get(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.appeals.get(caller, appealIdOf(r.payload));
  }

  @MessagePattern(RPC.selection.appealDecide)
  decide(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.appeals.decide(caller, appealIdOf(r.payload), fieldsOf(r.payload).body);
  }
}
