import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, isId, type RpcRequest } from '@cadre/contracts';
import { problems, requireCaller } from '@cadre/platform';
import { Applications } from './applications.service';

type Fields = { roundId?: unknown; applicationId?: unknown; body?: unknown; query?: unknown; applicant?: unknown; records?: unknown };

const fieldsOf = (payload: unknown): Fields => (typeof payload === 'object' && payload !== null ? (payload as Fields) : {});

function idOf(payload: unknown, key: 'roundId' | 'applicationId', detail: string): string {
  const value = fieldsOf(payload)[key];
  if (!isId(value)) throw problems.notFound(detail);
  return value;
}

/** Request-reply handlers of the 评先评优 applications (RPC.selection.application*, drawable). */
@Controller()
export class ApplicationsController {
  constructor(@Inject(Applications) private readonly applications: Applications) {}

  @MessagePattern(RPC.selection.applicationSubmit)
  submit(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.applications.submit(caller, idOf(r.payload, 'roundId', '没有这个选任轮次'), fieldsOf(r.payload));
  }

  @MessagePattern(RPC.selection.applicationList)
  list(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.applications.list(caller, idOf(r.payload, 'roundId', '没有这个选任轮次'), fieldsOf(r.payload).query);
  }

  @MessagePattern(RPC.selection.applicationRecommend)
  recommend(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.applications.recommend(caller, idOf(r.payload, 'roundId', '没有这个选任轮次'), idOf(r.payload, 'applicationId', '没有这份申报'), fieldsOf(r.payload).body);
  }

  @MessagePattern(RPC.selection.drawable)
  drawable(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.applications.drawable(caller, idOf(r.payload, 'roundId', '没有这个选任轮次'));
  }
}
