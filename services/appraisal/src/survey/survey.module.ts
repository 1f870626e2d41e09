import { Module } from '@nestjs/common';
import { SURVEY_PORT } from './survey.port';
import { SurveyService } from './survey.service';

/** 民主测评: provides the survey port to the cycles. */
@Module({
  providers: [SurveyService, { provide: SURVEY_PORT, useExisting: SurveyService }],
  exports: [SURVEY_PORT],
})
export class SurveyModule {}
