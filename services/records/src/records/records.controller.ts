import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type RpcRequest } from '@cadre/contracts';
import { CreateRecordUseCase } from './usecases/create-record/usecase';
import { createRecordCommand } from './usecases/create-record/command';
import { UpdateRecordUseCase } from './usecases/update-record/usecase';
import { updateRecordCommand } from './usecases/update-record/command';
import { SubmitRecordUseCase } from './usecases/submit-record/usecase';
import { submitRecordCommand } from './usecases/submit-record/command';
import { ReviewRecordUseCase } from './usecases/review-record/usecase';
import { reviewRecordCommand } from './usecases/review-record/command';
import { AssessRecordUseCase } from './usecases/assess-record/usecase';
import { assessRecordCommand } from './usecases/assess-record/command';
import { RevokeRecordUseCase } from './usecases/revoke-record/usecase';
import { revokeRecordCommand } from './usecases/revoke-record/command';
import { AnswerShareUseCase } from './usecases/answer-share/usecase';
import { WithdrawRecordUseCase } from './usecases/withdraw-record/usecase';
import { withdrawRecordCommand } from './usecases/withdraw-record/command';
import { DeleteRecordUseCase } from './usecases/delete-record/usecase';
import { deleteRecordCommand } from './usecases/delete-record/command';
import { answerShareCommand } from './usecases/answer-share/command';
import { GetRecordUseCase } from './usecases/get-record/usecase';
import { getRecordCommand } from './usecases/get-record/command';
import { ListRecordsUseCase } from './usecases/list-records/usecase';
import { listRecordsCommand } from './usecases/list-records/command';
import { GetTaxonomyUseCase } from './usecases/get-taxonomy/usecase';
import { PublishTaxonomyUseCase } from './usecases/publish-taxonomy/usecase';
import { publishTaxonomyCommand } from './usecases/publish-taxonomy/command';

/** Request-reply handlers: each turns the request into its use case's command and hands it over. */
@Controller()
export class RecordsController {
  constructor(
    @Inject(CreateRecordUseCase) private readonly createRecord: CreateRecordUseCase,
    @Inject(UpdateRecordUseCase) private readonly updateRecord: UpdateRecordUseCase,
    @Inject(SubmitRecordUseCase) private readonly submitRecord: SubmitRecordUseCase,
    @Inject(ReviewRecordUseCase) private readonly reviewRecord: ReviewRecordUseCase,
    @Inject(AssessRecordUseCase) private readonly assessRecord: AssessRecordUseCase,
    @Inject(RevokeRecordUseCase) private readonly revokeRecord: RevokeRecordUseCase,
    @Inject(AnswerShareUseCase) private readonly answerShare: AnswerShareUseCase,
    @Inject(WithdrawRecordUseCase) private readonly withdrawRecord: WithdrawRecordUseCase,
    @Inject(DeleteRecordUseCase) private readonly deleteRecord: DeleteRecordUseCase,
    @Inject(GetRecordUseCase) private readonly getRecord: GetRecordUseCase,
    @Inject(ListRecordsUseCase) private readonly listRecords: ListRecordsUseCase,
    @Inject(GetTaxonomyUseCase) private readonly getTaxonomy: GetTaxonomyUseCase,
    @Inject(PublishTaxonomyUseCase) private readonly publishTaxonomy: PublishTaxonomyUseCase,
  ) {}

  @MessagePattern(RPC.records.create)
  async create(@Payload() r: RpcRequest) {
    return this.createRecord.execute(createRecordCommand(r));
  }
  @MessagePattern(RPC.records.get)
  async get(@Payload() r: RpcRequest) {
    return this.getRecord.execute(getRecordCommand(r));
  }
  @MessagePattern(RPC.records.list)
  async list(@Payload() r: RpcRequest) {
    return this.listRecords.execute(listRecordsCommand(r));
  }
  @MessagePattern(RPC.records.update)
  async update(@Payload() r: RpcRequest) {
    return this.updateRecord.execute(updateRecordCommand(r));
  }
  @MessagePattern(RPC.records.submit)
  async submit(@Payload() r: RpcRequest) {
    return this.submitRecord.execute(submitRecordCommand(r));
  }
  @MessagePattern(RPC.records.review)
  async review(@Payload() r: RpcRequest) {
    return this.reviewRecord.execute(reviewRecordCommand(r));
  }
  @MessagePattern(RPC.records.assess)
  async assess(@Payload() r: RpcRequest) {
    return this.assessRecord.execute(assessRecordCommand(r));
  }
  @MessagePattern(RPC.records.revoke)
  async revoke(@Payload() r: RpcRequest) {
    return this.revokeRecord.execute(revokeRecordCommand(r));
  }
  @MessagePattern(RPC.records.participation)
  async participation(@Payload() r: RpcRequest) {
    return this.answerShare.execute(answerShareCommand(r));
  }
  @MessagePattern(RPC.records.withdraw)
  async withdraw(@Payload() r: RpcRequest) {
    return this.withdrawRecord.execute(withdrawRecordCommand(r));
  }
  @MessagePattern(RPC.records.delete)
  async delete(@Payload() r: RpcRequest) {
    return this.deleteRecord.execute(deleteRecordCommand(r));
  }
  @MessagePattern(RPC.records.taxonomyGet)
  async taxonomyCurrent() {
    return this.getTaxonomy.execute();
  }
  @MessagePattern(RPC.records.taxonomyPut)
  async taxonomyPublish(@Payload() r: RpcRequest) {
    return this.publishTaxonomy.execute(publishTaxonomyCommand(r));
  }
}
