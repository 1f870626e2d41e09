import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, isId, type RpcRequest } from '@cadre/contracts';
import { problems, requireCaller } from '@cadre/platform';
import { AppraisalCycles } from './cycles.service';

type Ids = { cycleId?: unknown; cadreId?: unknown; departmentId?: unknown; body?: unknown };

function idOf(payload: unknown, key: keyof Ids, what: string): string {
  const value = ((payload ?? {}) as Ids)[key];
  if (!isId(value)) throw problems.notFound(`No such ${what}.`);
  return value;
}

const bodyOf = (payload: unknown) => ((payload ?? {}) as Ids).body;

/** Request-reply handlers of the cycles and grades (RPC.appraisal.*; the survey's are in the survey module). */
@Controller()
export class CyclesController {
  constructor(@Inject(AppraisalCycles) private readonly cycles: AppraisalCycles) {}

  @MessagePattern(RPC.appraisal.cycleCreate)
  create(@Payload() r: RpcRequest) {
    return this.cycles.create(requireCaller(r.caller), r.payload);
  }

  @MessagePattern(RPC.appraisal.cycleList)
  list(@Payload() r: RpcRequest) {
    return this.cycles.list(requireCaller(r.caller), r.payload);
  }

  @MessagePattern(RPC.appraisal.cycleGet)
  get(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.cycles.get(caller, idOf(r.payload, 'cycleId', 'appraisal cycle'));
  }

  @MessagePattern(RPC.appraisal.cycleClose)
  close(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.cycles.close(caller, idOf(r.payload, 'cycleId', 'appraisal cycle'));
  }

  @MessagePattern(RPC.appraisal.sheet)
  sheet(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.cycles.sheet(caller, idOf(r.payload, 'cycleId', 'appraisal cycle'), idOf(r.payload, 'departmentId', 'department'));
  }

  @MessagePattern(RPC.appraisal.grade)
  grade(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.cycles.grade(caller, idOf(r.payload, 'cycleId', 'appraisal cycle'), idOf(r.payload, 'cadreId', 'appraisal'), bodyOf(r.payload));
  }

  @MessagePattern(RPC.appraisal.review)
  review(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.cycles.review(caller, idOf(r.payload, 'cycleId', 'appraisal cycle'), idOf(r.payload, 'cadreId', 'appraisal'), bodyOf(r.payload));
  }

  @MessagePattern(RPC.appraisal.cadre)
  cadre(@Payload() r: RpcRequest) {
    return this.cycles.cadre(requireCaller(r.caller), r.payload);
  }
}
