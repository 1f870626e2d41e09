import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { MONGO, OutboxRelay } from '@cadre/messaging';
import { ensureIndexes } from '@cadre/platform';
import { DirectoryReplicaModule } from '@cadre/directory';
import { BATCH_MODEL, TASK_CARD_MODEL, TASK_MODEL, TEAM_MODEL, batchModel, taskCardModel, taskModel, teamModel, type BatchDocument, type TaskDocument, type TeamDocument } from './task.schema';
import { TasksController } from './tasks.controller';
import { TaskCards } from './task-cards';
import { TaskStore } from './task-store';
import { TEAM_STORE, TeamReads, teamStore } from './team-store';
import { TaskReferences } from './task-references';
import { BiddingDeadlines, DEADLINES_OPTIONS, type DeadlinesOptions } from './bidding-deadlines';
import { taskFileProviders, TASK_FILES_CLEANUP_OPTIONS, type TaskFilesCleanupOptions } from '../files/task-files';
import { AuthorizeTaskFileUseCase } from '../files/usecases/authorize-file/usecase';
import { ListTaskFileAccessUseCase } from '../files/usecases/list-file-access/usecase';
import {
  AnswerInvitationUseCase,
  ListMyBidsUseCase,
  ListMyTeamsUseCase,
  ReinviteMemberUseCase,
  UpdateTeamUseCase,
  AwardTaskUseCase,
  CloseBiddingUseCase,
  ConcludeTaskUseCase,
  CreateBatchUseCase,
  CreateTaskUseCase,
  CreateTeamUseCase,
  EvaluateBidUseCase,
  GetTaskUseCase,
  GetTeamUseCase,
  ListBatchesUseCase,
  ListTasksUseCase,
  PublishTaskUseCase,
  ReportProgressUseCase,
  ReviewResultsUseCase,
  ApplyToleranceUseCase,
  ReviseBidUseCase,
  SubmitBidUseCase,
  SubmitResultsUseCase,
  UpdateTaskUseCase,
  WithdrawTaskUseCase,
} from './usecases';

const USE_CASES = [
  CreateBatchUseCase,
  ListBatchesUseCase,
  CreateTaskUseCase,
  GetTaskUseCase,
  ListTasksUseCase,
  UpdateTaskUseCase,
  PublishTaskUseCase,
  WithdrawTaskUseCase,
  CloseBiddingUseCase,
  AwardTaskUseCase,
  ConcludeTaskUseCase,
  ReportProgressUseCase,
  SubmitResultsUseCase,
  ReviewResultsUseCase,
  ApplyToleranceUseCase,
  SubmitBidUseCase,
  ReviseBidUseCase,
  EvaluateBidUseCase,
  CreateTeamUseCase,
  GetTeamUseCase,
  AnswerInvitationUseCase,
  UpdateTeamUseCase,
  ReinviteMemberUseCase,
  ListMyTeamsUseCase,
  ListMyBidsUseCase,
];

@Module({})
export class TasksModule implements OnModuleInit {
  constructor(
    @Inject(TASK_MODEL) private readonly tasks: Model<TaskDocument>,
    @Inject(BATCH_MODEL) private readonly batches: Model<BatchDocument>,
    @Inject(TEAM_MODEL) private readonly teams: Model<TeamDocument>,
    @Inject(TaskCards) private readonly cards: TaskCards,
  ) {}

  static register(deadlines: DeadlinesOptions, files: TaskFilesCleanupOptions): DynamicModule {
    return {
      module: TasksModule,
      imports: [DirectoryReplicaModule],
      controllers: [TasksController],
      providers: [
        { provide: TASK_MODEL, inject: [MONGO], useFactory: (connection: Connection) => taskModel(connection) },
        { provide: TASK_CARD_MODEL, inject: [MONGO], useFactory: (connection: Connection) => taskCardModel(connection) },
        { provide: BATCH_MODEL, inject: [MONGO], useFactory: (connection: Connection) => batchModel(connection) },
        { provide: TEAM_MODEL, inject: [MONGO], useFactory: (connection: Connection) => teamModel(connection) },
        { provide: TEAM_STORE, inject: [TEAM_MODEL, OutboxRelay], useFactory: teamStore },
        { provide: DEADLINES_OPTIONS, useValue: deadlines },
        { provide: TASK_FILES_CLEANUP_OPTIONS, useValue: files },
        ...taskFileProviders,
        AuthorizeTaskFileUseCase,
        ListTaskFileAccessUseCase,
        TaskCards,
        TaskStore,
        TeamReads,
        TaskReferences,
        BiddingDeadlines,
        ...USE_CASES,
      ],
    };
  }

  /** Before the first request: the collections and their indexes, and the board's cards brought up to their tasks. */
  async onModuleInit() {
    await ensureIndexes([this.tasks, this.cards.model, this.batches, this.teams]);
    await this.cards.repair();
  }
}
