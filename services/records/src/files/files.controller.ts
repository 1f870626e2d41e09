import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type RpcRequest } from '@cadre/contracts';
import { AuthorizeFileUseCase } from './usecases/authorize-file/usecase';
import { authorizeFileCommand } from './usecases/authorize-file/command';
import { ListFileAccessUseCase } from './usecases/list-file-access/usecase';
import { listFileAccessCommand } from './usecases/list-file-access/command';

/** Evidence files: the gateway asks before it streams a file's bytes; admins read the access log. */
@Controller()
export class FilesController {
  constructor(
    @Inject(AuthorizeFileUseCase) private readonly authorizeFile: AuthorizeFileUseCase,
    @Inject(ListFileAccessUseCase) private readonly listFileAccess: ListFileAccessUseCase,
  ) {}

  @MessagePattern(RPC.records.fileAuthorize)
  async authorize(@Payload() r: RpcRequest) {
    return this.authorizeFile.execute(authorizeFileCommand(r));
  }

  @MessagePattern(RPC.records.fileAccessLog)
  async accessLog(@Payload() r: RpcRequest) {
    return this.listFileAccess.execute(listFileAccessCommand(r));
  }
}
