import { Module } from '@nestjs/common';
import { DirectoryReplicaModule } from '@cadre/directory';
import { SurveyModule } from '../survey/survey.module';
import { CycleDataModule } from './cycle-data.module';
import { CyclesController } from './cycles.controller';
import { AppraisalCycles } from './cycles.service';

/** Cycles, sheets and grades (评定) with their review loop; the survey through SURVEY_PORT. */
@Module({
  imports: [DirectoryReplicaModule, CycleDataModule, SurveyModule],
  controllers: [CyclesController],
  providers: [AppraisalCycles],
})
export class CyclesModule {}
