import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@cadre/messaging';
import { DirectoryReplicaModule } from '@cadre/directory';
import { SURVEY_PORT } from './survey.port';
import { SurveyService } from './survey.service';
import { SurveyStore } from './survey-store';
import { BallotService } from './ballot.service';
import { SurveyAdminService } from './survey-admin.service';
import { SurveyController } from './survey.controller';
import { Collaborators, CollaboratorsController } from './collaborators.controller';
import { SURVEY_RESULT_MODEL, surveyResultModel } from './survey.schema';

/**
 * 民主测评: provides the survey port to the cycles (SURVEY_PORT), the survey's request handlers, and the consumer of
 * RECORDS and TASKS that keeps each cadre's collaborators. Needs the InfrastructureModule (MONGO, OutboxRelay).
 */
@Module({
  imports: [DirectoryReplicaModule],
  controllers: [SurveyController, CollaboratorsController],
  providers: [
    { provide: SURVEY_RESULT_MODEL, inject: [MONGO], useFactory: (connection: Connection) => surveyResultModel(connection) },
    SurveyStore,
    SurveyService,
    BallotService,
    SurveyAdminService,
    Collaborators,
    { provide: SURVEY_PORT, useExisting: SurveyService },
  ],
  exports: [SURVEY_PORT],
})
export class SurveyModule {}
