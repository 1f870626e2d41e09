import { Module, type DynamicModule } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@cadre/messaging';
import { DirectoryReplicaModule } from '@cadre/directory';
import { BATCH_MODEL, TASK_CARD_MODEL, TASK_MODEL, TEAM_MODEL, batchModel, taskCardModel, taskModel, teamModel } from './task.schema';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';
import { TeamsService } from './teams.service';
import { BiddingDeadlines, DEADLINES_OPTIONS, type DeadlinesOptions } from './bidding-deadlines';

@Module({})
export class TasksModule {
  static register(deadlines: DeadlinesOptions): DynamicModule {
    return {
      module: TasksModule,
      imports: [DirectoryReplicaModule],
      controllers: [TasksController],
      providers: [
        { provide: TASK_MODEL, inject: [MONGO], useFactory: (connection: Connection) => taskModel(connection) },
        { provide: TASK_CARD_MODEL, inject: [MONGO], useFactory: (connection: Connection) => taskCardModel(connection) },
        { provide: BATCH_MODEL, inject: [MONGO], useFactory: (connection: Connection) => batchModel(connection) },
        { provide: TEAM_MODEL, inject: [MONGO], useFactory: (connection: Connection) => teamModel(connection) },
        { provide: DEADLINES_OPTIONS, useValue: deadlines },
        TasksService,
        TeamsService,
        BiddingDeadlines,
      ],
    };
  }
}
