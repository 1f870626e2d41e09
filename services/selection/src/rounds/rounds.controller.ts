import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type RpcRequest } from '@cadre/contracts';
import { requireCaller } from '@cadre/platform';
import { RoundsService } from './rounds.service';
import { ObjectionsService } from './objections.service';
import { SelectionReads } from './selection-reads.service';
import { bodyOf, drawCommand, idOf } from './rounds.commands';

/** Request-reply handlers of rounds, notices and objections (RPC.selection.*; applications and appeals have their own). */
@Controller()
export class RoundsController {
  constructor(
    @Inject(RoundsService) private readonly rounds: RoundsService,
    @Inject(ObjectionsService) private readonly objections: ObjectionsService,
    @Inject(SelectionReads) private readonly reads: SelectionReads,
  ) {}

  @MessagePattern(RPC.selection.roundCreate)
  create(@Payload() r: RpcRequest) {
    return this.rounds.create(requireCaller(r.caller), r.payload);
  }

  @MessagePattern(RPC.selection.roundList)
  list(@Payload() r: RpcRequest) {
    return this.rounds.list(requireCaller(r.caller), r.payload);
  }

  @MessagePattern(RPC.selection.roundGet)
  get(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.rounds.get(caller, idOf(r.payload, 'roundId'));
  }

  @MessagePattern(RPC.selection.draw)
  draw(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.rounds.draw(caller, drawCommand(r.payload));
  }

  @MessagePattern(RPC.selection.inspect)
  inspect(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.rounds.inspect(caller, idOf(r.payload, 'roundId'), idOf(r.payload, 'candidateId'), bodyOf(r.payload));
  }

  @MessagePattern(RPC.selection.decide)
  decide(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.rounds.decide(caller, idOf(r.payload, 'roundId'), idOf(r.payload, 'candidateId'), bodyOf(r.payload));
  }

  @MessagePattern(RPC.selection.publishNotice)
  publishNotice(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.rounds.publishNotice(caller, idOf(r.payload, 'roundId'), bodyOf(r.payload));
  }

  @MessagePattern(RPC.selection.conclude)
  conclude(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.rounds.conclude(caller, idOf(r.payload, 'roundId'));
  }

  @MessagePattern(RPC.selection.objectionFile)
  objectionFile(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.objections.file(caller, idOf(r.payload, 'roundId'), bodyOf(r.payload));
  }

  @MessagePattern(RPC.selection.objectionInvestigate)
  objectionInvestigate(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.objections.investigate(caller, idOf(r.payload, 'roundId'), idOf(r.payload, 'objectionId'), bodyOf(r.payload));
  }

  @MessagePattern(RPC.selection.objectionAnswer)
  objectionAnswer(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.objections.answer(caller, idOf(r.payload, 'roundId'), idOf(r.payload, 'objectionId'), bodyOf(r.payload));
  }

  @MessagePattern(RPC.selection.notices)
  notices(@Payload() r: RpcRequest) {
    requireCaller(r.caller);
    return this.reads.notices();
  }

  @MessagePattern(RPC.selection.mine)
  mine(@Payload() r: RpcRequest) {
    return this.reads.mine(requireCaller(r.caller));
  }

  @MessagePattern(RPC.selection.outcomes)
  outcomes(@Payload() r: RpcRequest) {
    return this.reads.outcomes(requireCaller(r.caller), r.payload);
  }
}
