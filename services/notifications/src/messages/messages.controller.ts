import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, notificationListQuery, type RpcRequest } from '@cadre/contracts';
import { idFrom, requireCaller, validate } from '@cadre/platform';
import { NotificationStore } from './notification-store';

/** `GET /notifications`, `POST /notifications/:id/read`, `POST /notifications/read-all`: always the caller's own messages. */
@Controller()
export class MessagesController {
  constructor(@Inject(NotificationStore) private readonly store: NotificationStore) {}

  @MessagePattern(RPC.notifications.list)
  list(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.store.list(caller.userId, validate(notificationListQuery, r.payload ?? {}));
  }

  @MessagePattern(RPC.notifications.read)
  read(@Payload() r: RpcRequest<{ id?: unknown }>) {
    const caller = requireCaller(r.caller);
    return this.store.read(caller.userId, idFrom(r.payload, 'message'));
  }

  @MessagePattern(RPC.notifications.readAll)
  readAll(@Payload() r: RpcRequest) {
    const caller = requireCaller(r.caller);
    return this.store.readAll(caller.userId);
  }
}
