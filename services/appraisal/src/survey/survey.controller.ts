import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type RpcRequest } from '@cadre/contracts';
import { BallotService } from './ballot.service';
import { SurveyAdminService } from './survey-admin.service';
import { ballotCommand, ballotsMineCommand, ratersCommand, surveyCloseCommand, surveyViewCommand } from './survey.commands';

/** Request-reply handlers of 民主测评: request → command → service (no rules here). */
@Controller()
export class SurveyController {
  constructor(
    @Inject(BallotService) private readonly ballots: BallotService,
    @Inject(SurveyAdminService) private readonly admin: SurveyAdminService,
  ) {}

  @MessagePattern(RPC.appraisal.ballot)
  ballot(@Payload() r: RpcRequest) {
    const command = ballotCommand(r);
    return this.ballots.cast(command.caller, command.cycleId, command.body);
  }

  @MessagePattern(RPC.appraisal.ballotsMine)
  mine(@Payload() r: RpcRequest) {
    return this.ballots.mine(ballotsMineCommand(r).caller);
  }

  @MessagePattern(RPC.appraisal.survey)
  survey(@Payload() r: RpcRequest) {
    const command = surveyViewCommand(r);
    return this.admin.view(command.caller, command.cycleId, command.departmentId);
  }

  @MessagePattern(RPC.appraisal.raters)
  raters(@Payload() r: RpcRequest) {
    const command = ratersCommand(r);
    return this.admin.editRaters(command.caller, command.cycleId, command.cadreId, command.body);
  }

  @MessagePattern(RPC.appraisal.surveyClose)
  close(@Payload() r: RpcRequest) {
    const command = surveyCloseCommand(r);
    return this.admin.close(command.caller, command.cycleId);
  }
}
