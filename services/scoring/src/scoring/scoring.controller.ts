import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type RpcRequest } from '@cadre/contracts';
import { GetScore } from './usecases/get-score/usecase';
import { getScoreCommand } from './usecases/get-score/command';
import { ListRankings } from './usecases/list-rankings/usecase';
import { listRankingsCommand } from './usecases/list-rankings/command';
import { RecalculateRankings } from './usecases/recalculate-rankings/usecase';
import { recalculateRankingsCommand } from './usecases/recalculate-rankings/command';
import { GetJobStatus } from './usecases/get-job-status/usecase';
import { getJobStatusCommand } from './usecases/get-job-status/command';
import { ListStandards } from './usecases/list-standards/usecase';
import { listStandardsCommand } from './usecases/list-standards/command';
import { GetStandard } from './usecases/get-standard/usecase';
import { getStandardCommand } from './usecases/get-standard/command';
import { CreateStandard } from './usecases/create-standard/usecase';
import { createStandardCommand } from './usecases/create-standard/command';
import { DryRunStandard } from './usecases/dry-run-standard/usecase';
import { dryRunStandardCommand } from './usecases/dry-run-standard/command';
import { ActivateStandard } from './usecases/activate-standard/usecase';
import { activateStandardCommand } from './usecases/activate-standard/command';

/** Request-reply handlers: each turns the request into its use case's command (usecases/<name>/). */
@Controller()
export class ScoringController {
  constructor(
    @Inject(GetScore) private readonly getScore: GetScore,
    @Inject(ListRankings) private readonly listRankings: ListRankings,
    @Inject(RecalculateRankings) private readonly recalculateRankings: RecalculateRankings,
    @Inject(GetJobStatus) private readonly getJobStatus: GetJobStatus,
    @Inject(ListStandards) private readonly listStandards: ListStandards,
    @Inject(GetStandard) private readonly getStandard: GetStandard,
    @Inject(CreateStandard) private readonly createStandard: CreateStandard,
    @Inject(DryRunStandard) private readonly dryRunStandard: DryRunStandard,
    @Inject(ActivateStandard) private readonly activateStandard: ActivateStandard,
  ) {}

  @MessagePattern(RPC.scoring.standardsList)
  list(@Payload() r: RpcRequest) {
    return this.listStandards.execute(listStandardsCommand(r));
  }
  @MessagePattern(RPC.scoring.standardGet)
  get(@Payload() r: RpcRequest<{ version?: unknown }>) {
    return this.getStandard.execute(getStandardCommand(r));
  }
  @MessagePattern(RPC.scoring.standardCreate)
  create(@Payload() r: RpcRequest) {
    return this.createStandard.execute(createStandardCommand(r));
  }
  @MessagePattern(RPC.scoring.dryRun)
  dryRun(@Payload() r: RpcRequest<{ version?: unknown }>) {
    return this.dryRunStandard.execute(dryRunStandardCommand(r));
  }
  @MessagePattern(RPC.scoring.activate)
  activate(@Payload() r: RpcRequest<{ version?: unknown }>) {
    return this.activateStandard.execute(activateStandardCommand(r));
  }
  @MessagePattern(RPC.scoring.score)
  score(@Payload() r: RpcRequest) {
    return this.getScore.execute(getScoreCommand(r));
  }
  @MessagePattern(RPC.scoring.rankings)
  rankings(@Payload() r: RpcRequest) {
    return this.listRankings.execute(listRankingsCommand(r));
  }
  @MessagePattern(RPC.scoring.recalculate)
  recalculate(@Payload() r: RpcRequest) {
    return this.recalculateRankings.execute(recalculateRankingsCommand(r));
  }
  @MessagePattern(RPC.scoring.job)
  job(@Payload() r: RpcRequest<{ id?: unknown }>) {
    return this.getJobStatus.execute(getJobStatusCommand(r));
  }
}
