import { Controller, Inject, Module } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Connection } from 'mongoose';
import { DIRECTORY_EVENTS, type DepartmentUpsertedV1, type EventEnvelope, type UserUpsertedV1 } from '@cadre/contracts';
import { DurableEvent, MONGO } from '@cadre/messaging';
import { REPLICA_DEPARTMENTS, REPLICA_USERS, replicaDepartmentModel, replicaUserModel } from './directory-replica.schema';
import { DirectoryReplica } from './directory-replica';

@Controller()
class DirectoryEventsController {
  constructor(@Inject(DirectoryReplica) private readonly replica: DirectoryReplica) {}

  @DurableEvent(DIRECTORY_EVENTS.userUpserted)
  async onUser(@Payload() event: EventEnvelope<UserUpsertedV1>) {
    await this.replica.applyUser(event);
  }

  @DurableEvent(DIRECTORY_EVENTS.departmentUpserted)
  async onDepartment(@Payload() event: EventEnvelope<DepartmentUpsertedV1>) {
    await this.replica.applyDepartment(event);
  }
}

/** Import into a service (with a JetStream consumer) to keep its local directory copy. */
@Module({
  controllers: [DirectoryEventsController],
  providers: [
    { provide: REPLICA_USERS, inject: [MONGO], useFactory: (connection: Connection) => replicaUserModel(connection) },
    { provide: REPLICA_DEPARTMENTS, inject: [MONGO], useFactory: (connection: Connection) => replicaDepartmentModel(connection) },
    DirectoryReplica,
  ],
  exports: [DirectoryReplica],
})
export class DirectoryReplicaModule {}
