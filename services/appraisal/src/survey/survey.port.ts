import type { Caller, CycleKind, SurveyResultView, SurveySettings, SurveyStatus } from '@cadre/contracts';

/**
 * The seam between the appraisal cycles (grades) and the 民主测评 survey: the cycle use cases call the survey through
 * this port, the survey module provides it (token `SURVEY_PORT`). Kept small on purpose.
 */
export const SURVEY_PORT = Symbol('SURVEY_PORT');

/** What the survey needs to know of a cycle. */
export interface SurveyCycle {
  cycleId: string;
  kind: CycleKind;
  name: string;
  /** `YYYY` or `YYYY-Qn`. */
  period: string;
  settings: SurveySettings;
}

/** One cadre of the roster, as the cycle took it from the directory replica. */
export interface RosterCadre {
  cadreId: string;
  departmentId: string;
  departmentPath: string[];
}

export interface SurveyPort {
  /** At the cycle's opening: draws each cadre's raters (idempotent: a second call for the same cycle changes nothing). */
  open(cycle: SurveyCycle, roster: RosterCadre[]): Promise<void>;
  /** Closes the survey (idempotent): computes each cadre's result, publishes `appraisal.survey.result`, drops the cycle's key. */
  close(cycleId: string, caller: Caller): Promise<void>;
  /** The closed surveys' results of a cadre for the cycles named (the combined view); open ones are left out. */
  resultsOf(cadreId: string, cycleIds: string[]): Promise<SurveyResultView[]>;
  /**
   * The survey's state for the cycle view (`survey.status`, `survey.closedAt`): an admin may close the survey before the
   * cycle (`POST …/survey/close`). Null when the survey was never opened.
   */
  statusOf(cycleId: string): Promise<{ status: SurveyStatus; closedAt: string | null } | null>;
}
