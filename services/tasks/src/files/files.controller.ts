import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type RpcRequest } from '@cadre/contracts';
import { AuthorizeTaskFileUseCase } from './usecases/authorize-file/usecase';
import { authorizeFileCommand } from './usecases/authorize-file/command';
import { ListTaskFileAccessUseCase } from './usecases/list-file-access/usecase';
import { listFileAccessCommand } from './usecases/list-file-access/command';

/** Bid, progress and result files: the gateway asks before it streams a file's bytes; admins read the access log. */
@Controller()
export class TaskFilesController {
  constructor(
    @Inject(AuthorizeTaskFileUseCase) private readonly authorizeFile: AuthorizeTaskFileUseCase,
    @Inject(ListTaskFileAccessUseCase) private readonly listFileAccess: ListTaskFileAccessUseCase,
  ) {}

  @MessagePattern(RPC.tasks.fileAuthorize)
  authorize(@Payload() r: RpcRequest) {
    return this.authorizeFile.execute(authorizeFileCommand(r));
  }

  @MessagePattern(RPC.tasks.fileAccessLog)
  accessLog(@Payload() r: RpcRequest) {
    return this.listFileAccess.execute(listFileAccessCommand(r));
  }
}
