import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type RpcRequest } from '@cadre/contracts';
import { TasksService } from './tasks.service';
import { TeamsService } from './teams.service';
import { BiddingDeadlines } from './bidding-deadlines';

/** Request-reply handlers: thin, the rules live in the services and domain/. */
@Controller()
export class TasksController {
  constructor(
    @Inject(TasksService) private readonly tasks: TasksService,
    @Inject(TeamsService) private readonly teams: TeamsService,
    @Inject(BiddingDeadlines) private readonly deadlines: BiddingDeadlines,
  ) {}

  @MessagePattern(RPC.tasks.batchCreate)
  createBatch(@Payload() r: RpcRequest) {
    return this.tasks.createBatch(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.batchList)
  listBatches(@Payload() r: RpcRequest) {
    return this.tasks.listBatches(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.create)
  create(@Payload() r: RpcRequest) {
    return this.tasks.create(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.list)
  list(@Payload() r: RpcRequest) {
    return this.tasks.list(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.get)
  get(@Payload() r: RpcRequest) {
    return this.tasks.get(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.update)
  update(@Payload() r: RpcRequest) {
    return this.tasks.update(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.publish)
  async publish(@Payload() r: RpcRequest) {
    const task = await this.tasks.publish(r.caller, r.payload);
    await this.deadlines.schedule(task.id, task.biddingDeadline);
    return task;
  }
  @MessagePattern(RPC.tasks.closeBidding)
  closeBidding(@Payload() r: RpcRequest) {
    return this.tasks.closeBidding(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.withdraw)
  withdraw(@Payload() r: RpcRequest) {
    return this.tasks.withdraw(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.award)
  award(@Payload() r: RpcRequest) {
    return this.tasks.award(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.progress)
  progress(@Payload() r: RpcRequest) {
    return this.tasks.progress(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.results)
  results(@Payload() r: RpcRequest) {
    return this.tasks.results(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.review)
  review(@Payload() r: RpcRequest) {
    return this.tasks.review(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.conclude)
  conclude(@Payload() r: RpcRequest) {
    return this.tasks.conclude(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.bidCreate)
  createBid(@Payload() r: RpcRequest) {
    return this.tasks.createBid(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.bidUpdate)
  updateBid(@Payload() r: RpcRequest) {
    return this.tasks.updateBid(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.evaluate)
  evaluate(@Payload() r: RpcRequest) {
    return this.tasks.evaluate(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.teamCreate)
  createTeam(@Payload() r: RpcRequest) {
    return this.teams.create(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.teamGet)
  getTeam(@Payload() r: RpcRequest) {
    return this.teams.get(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.teamAccept)
  accept(@Payload() r: RpcRequest) {
    return this.teams.accept(r.caller, r.payload);
  }
  @MessagePattern(RPC.tasks.teamDecline)
  decline(@Payload() r: RpcRequest) {
    return this.teams.decline(r.caller, r.payload);
  }
}
