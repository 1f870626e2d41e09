import { Injectable } from '@nestjs/common';
import type { Caller, SurveyResultView } from '@cadre/contracts';
import type { RosterCadre, SurveyCycle, SurveyPort } from './survey.port';

/** 民主测评: raters, anonymous ballots, tallies, results. (Skeleton; filled in below.) */
@Injectable()
export class SurveyService implements SurveyPort {
  async open(_cycle: SurveyCycle, _roster: RosterCadre[]): Promise<void> {
    return;
  }

  async close(_cycleId: string, _caller: Caller): Promise<void> {
    return;
  }

  async resultsOf(_cadreId: string, _cycleIds: string[]): Promise<SurveyResultView[]> {
    return [];
  }
}
