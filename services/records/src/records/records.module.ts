import { Module, type DynamicModule } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@cadre/messaging';
import { DirectoryReplicaModule } from '@cadre/directory';
import { RECORD_MODEL, recordModel } from './record.schema';
import { TAXONOMY_MODEL, taxonomyModel } from './taxonomy.schema';
import { recordStoreProvider } from './record-store';
import { disputeWindowProvider } from './record-config';
import { RecordsController } from './records.controller';
import { AppealEventsController } from './appeal-events.controller';
import { TaxonomyCatalog } from './taxonomy-catalog';
import { RecordRules } from './record-rules';
import { DuplicateEvidence } from './duplicate-evidence';
import { RecordTransitions } from './record-transitions';
import { CreateRecordUseCase } from './usecases/create-record/usecase';
import { UpdateRecordUseCase } from './usecases/update-record/usecase';
import { SubmitRecordUseCase } from './usecases/submit-record/usecase';
import { ReviewRecordUseCase } from './usecases/review-record/usecase';
import { AssessRecordUseCase } from './usecases/assess-record/usecase';
import { RevokeRecordUseCase } from './usecases/revoke-record/usecase';
import { AnswerShareUseCase } from './usecases/answer-share/usecase';
import { WithdrawRecordUseCase } from './usecases/withdraw-record/usecase';
import { DeleteRecordUseCase } from './usecases/delete-record/usecase';
import { GetRecordUseCase } from './usecases/get-record/usecase';
import { ListRecordsUseCase } from './usecases/list-records/usecase';
import { GetTaxonomyUseCase } from './usecases/get-taxonomy/usecase';
import { PublishTaxonomyUseCase } from './usecases/publish-taxonomy/usecase';
import { ReopenOnAppealUseCase } from './usecases/reopen-on-appeal/usecase';
import { fileStoreProvider } from '../files/file-store.provider';
import { EvidenceFiles } from '../files/evidence-files';
import { filesCleanupProvider, FILES_CLEANUP_OPTIONS, type FilesCleanupOptions } from '../files/files-cleanup';
import { FilesController } from '../files/files.controller';
import { AuthorizeFileUseCase } from '../files/usecases/authorize-file/usecase';
import { ListFileAccessUseCase } from '../files/usecases/list-file-access/usecase';

@Module({})
export class RecordsModule {
  static register(cleanup: FilesCleanupOptions): DynamicModule {
    return {
      module: RecordsModule,
      imports: [DirectoryReplicaModule],
      controllers: [RecordsController, FilesController, AppealEventsController],
      providers: [
        { provide: FILES_CLEANUP_OPTIONS, useValue: cleanup },
        fileStoreProvider,
        EvidenceFiles,
        filesCleanupProvider,
        AuthorizeFileUseCase,
        ListFileAccessUseCase,
        { provide: RECORD_MODEL, inject: [MONGO], useFactory: (connection: Connection) => recordModel(connection) },
        { provide: TAXONOMY_MODEL, inject: [MONGO], useFactory: (connection: Connection) => taxonomyModel(connection) },
        recordStoreProvider,
        disputeWindowProvider,
        TaxonomyCatalog,
        RecordRules,
        DuplicateEvidence,
        RecordTransitions,
        CreateRecordUseCase,
        UpdateRecordUseCase,
        SubmitRecordUseCase,
        ReviewRecordUseCase,
        AssessRecordUseCase,
        RevokeRecordUseCase,
        AnswerShareUseCase,
        WithdrawRecordUseCase,
        DeleteRecordUseCase,
        GetRecordUseCase,
        ListRecordsUseCase,
        GetTaxonomyUseCase,
        PublishTaxonomyUseCase,
        ReopenOnAppealUseCase,
      ],
    };
  }
}
