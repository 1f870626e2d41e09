import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type Caller, type RpcRequest } from '@cadre/contracts';
import { problems, requireCaller } from '@cadre/platform';
import { StandardsService } from './standards.service';
import { ScoresService } from './scores.service';
import { RankingsService } from './rankings.service';
import { ActivationService } from './activation.service';
import { ScoringJobs } from './scoring.jobs';

/** Request-reply handlers: thin, the rules live in the services and domain/. */
@Controller()
export class ScoringController {
  constructor(
    @Inject(StandardsService) private readonly standards: StandardsService,
    @Inject(ScoresService) private readonly scores: ScoresService,
    @Inject(RankingsService) private readonly rankings: RankingsService,
    @Inject(ActivationService) private readonly activation: ActivationService,
    @Inject(ScoringJobs) private readonly jobs: ScoringJobs,
  ) {}

  @MessagePattern(RPC.scoring.standardsList)
  list(@Payload() r: RpcRequest) {
    requireCaller(r.caller);
    return this.standards.list();
  }
  @MessagePattern(RPC.scoring.standardGet)
  get(@Payload() r: RpcRequest<{ version?: unknown }>) {
    requireCaller(r.caller);
    return this.standards.get(r.payload?.version);
  }
  @MessagePattern(RPC.scoring.standardCreate)
  create(@Payload() r: RpcRequest) {
    return this.standards.createDraft(admin(r.caller), r.payload);
  }
  @MessagePattern(RPC.scoring.dryRun)
  dryRun(@Payload() r: RpcRequest<{ version?: unknown }>) {
    admin(r.caller);
    return this.activation.dryRun(r.payload?.version);
  }
  @MessagePattern(RPC.scoring.activate)
  async activate(@Payload() r: RpcRequest<{ version?: unknown }>) {
    const who = admin(r.caller);
    const standard = await this.standards.load(r.payload?.version);
    if (standard.status !== 'draft') throw problems.conflict(`Only a draft can be activated; version ${standard.version} is ${standard.status}.`);
    return { version: standard.version, ...(await this.jobs.activate(standard.version, who.userId)) };
  }
  @MessagePattern(RPC.scoring.score)
  score(@Payload() r: RpcRequest) {
    return this.scores.score(r.caller, r.payload);
  }
  @MessagePattern(RPC.scoring.rankings)
  rankingsRead(@Payload() r: RpcRequest) {
    return this.rankings.read(r.caller, r.payload);
  }
  @MessagePattern(RPC.scoring.recalculate)
  recalculate(@Payload() r: RpcRequest) {
    return this.jobs.recalculateRankings(admin(r.caller).userId);
  }
  @MessagePattern(RPC.scoring.job)
  job(@Payload() r: RpcRequest<{ id?: unknown }>) {
    admin(r.caller);
    return this.jobs.status(r.payload?.id);
  }
}

function admin(caller: Caller | undefined): Caller {
  const who = requireCaller(caller);
  if (!who.roles.includes('admin')) throw problems.forbidden('Only an admin may do this.');
  return who;
}
