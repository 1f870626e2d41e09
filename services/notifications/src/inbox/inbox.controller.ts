import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type RpcRequest } from '@cadre/contracts';
import { ListInbox } from './usecases/list-inbox/usecase';
import { listInboxCommand } from './usecases/list-inbox/command';
import { RebuildInbox } from './usecases/rebuild-inbox/usecase';
import { rebuildInboxCommand } from './usecases/rebuild-inbox/command';

/** Request-reply handlers of the inbox: each turns the request into its use case's command. */
@Controller()
export class InboxController {
  constructor(
    @Inject(ListInbox) private readonly listInbox: ListInbox,
    @Inject(RebuildInbox) private readonly rebuildInbox: RebuildInbox,
  ) {}

  @MessagePattern(RPC.notifications.inbox)
  list(@Payload() r: RpcRequest) {
    return this.listInbox.execute(listInboxCommand(r));
  }

  @MessagePattern(RPC.notifications.rebuild)
  rebuild(@Payload() r: RpcRequest) {
    return this.rebuildInbox.execute(rebuildInboxCommand(r));
  }
}
