import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type RpcRequest } from '@cadre/contracts';
import { Overview } from './usecases/overview/usecase';
import { overviewCommand } from './usecases/overview/command';
import { Departments } from './usecases/departments/usecase';
import { departmentsCommand } from './usecases/departments/command';
import { Portrait } from './usecases/portrait/usecase';
import { portraitCommand } from './usecases/portrait/command';
import { Shortlist } from './usecases/shortlist/usecase';
import { shortlistCommand } from './usecases/shortlist/command';
import { AppraisalAnalytics } from './usecases/appraisal/usecase';
import { appraisalAnalyticsCommand } from './usecases/appraisal/command';
import { SelectionAnalytics } from './usecases/selection/usecase';
import { selectionAnalyticsCommand } from './usecases/selection/command';
import { Rebuild } from './usecases/rebuild/usecase';
import { rebuildCommand } from './usecases/rebuild/command';
import { RebuildStatus } from './usecases/rebuild-status/usecase';
import { rebuildStatusCommand } from './usecases/rebuild-status/command';

/** Request-reply handlers: each turns the request into its use case's command (usecases/<name>/). */
@Controller()
export class AnalyticsController {
  constructor(
    @Inject(Overview) private readonly overviewCase: Overview,
    @Inject(Departments) private readonly departmentsCase: Departments,
    @Inject(Portrait) private readonly portraitCase: Portrait,
    @Inject(Shortlist) private readonly shortlist: Shortlist,
    @Inject(AppraisalAnalytics) private readonly appraisalCase: AppraisalAnalytics,
    @Inject(SelectionAnalytics) private readonly selectionCase: SelectionAnalytics,
    @Inject(Rebuild) private readonly rebuildCase: Rebuild,
    @Inject(RebuildStatus) private readonly rebuildStatusCase: RebuildStatus,
  ) {}

  @MessagePattern(RPC.analytics.overview)
  overview(@Payload() r: RpcRequest) {
    return this.overviewCase.execute(overviewCommand(r));
  }
  @MessagePattern(RPC.analytics.departments)
  departments(@Payload() r: RpcRequest) {
    return this.departmentsCase.execute(departmentsCommand(r));
  }
  @MessagePattern(RPC.analytics.portrait)
  portrait(@Payload() r: RpcRequest) {
    return this.portraitCase.execute(portraitCommand(r));
  }
  @MessagePattern(RPC.analytics.candidates)
  candidates(@Payload() r: RpcRequest) {
    return this.shortlist.execute(shortlistCommand(r));
  }
  @MessagePattern(RPC.analytics.appraisal)
  appraisal(@Payload() r: RpcRequest) {
    return this.appraisalCase.execute(appraisalAnalyticsCommand(r));
  }
  @MessagePattern(RPC.analytics.selection)
  selection(@Payload() r: RpcRequest) {
    return this.selectionCase.execute(selectionAnalyticsCommand(r));
  }
  @MessagePattern(RPC.analytics.rebuild)
  rebuild(@Payload() r: RpcRequest) {
    return this.rebuildCase.execute(rebuildCommand(r));
  }
  @MessagePattern(RPC.analytics.rebuildStatus)
  rebuildStatus(@Payload() r: RpcRequest) {
    return this.rebuildStatusCase.execute(rebuildStatusCommand(r));
  }
}
