import type { AppraisalStatus, CycleKind, CycleStatus, Grade, RaterGroup } from './requests';

/**
 * Events of the appraisal service (stream APPRAISAL). Every payload carries the aggregate's whole current state
 * and a version that grows with each change (consumers keep the highest: a redelivered or late event changes
 * nothing). Ballots are never events: only a closed survey's results per cadre, computed from the tallies.
 */
export const APPRAISAL_EVENTS = {
  cycleOpened: 'appraisal.cycle.opened',
  cycleClosed: 'appraisal.cycle.closed',
  /** An appraiser entered or revised a grade (→ 待审核). */
  gradeSubmitted: 'appraisal.grade.submitted',
  /** The assessor returned it (from 待审核 or 已确认: a confirmed grade's points are reversed). */
  gradeReturned: 'appraisal.grade.returned',
  /** The assessor confirmed it: the grade counts (scoring may give points for it). */
  gradeConfirmed: 'appraisal.grade.confirmed',
  /** A closed survey's result for one cadre. */
  surveyResult: 'appraisal.survey.result',
} as const;

export interface AppraisalCycleV1 {
  cycleId: string;
  kind: CycleKind;
  name: string;
  /** `YYYY` or `YYYY-Qn`. */
  period: string;
  /** `YYYY`: the scoring year the cycle's grades count in. */
  year: string;
  status: CycleStatus;
  departmentIds: string[];
  topGradeQuota: number;
  hasSurvey: boolean;
  version: number;
  occurredAt: string;
}

export interface AppraisalGradeV1 {
  /** `<cycleId>:<cadreId>`. */
  appraisalId: string;
  cycleId: string;
  cycleKind: CycleKind;
  cycleName: string;
  period: string;
  year: string;
  cadreId: string;
  departmentId: string;
  departmentPath: string[];
  /** Null only for a return of a never-graded appraisal (not expected). */
  grade: Grade | null;
  status: AppraisalStatus;
  comment: string;
  /** Who acted (the appraiser or the assessor). */
  byUserId: string;
  version: number;
  occurredAt: string;
}

export interface AppraisalSurveyResultV1 {
  cycleId: string;
  cycleKind: CycleKind;
  cycleName: string;
  period: string;
  year: string;
  cadreId: string;
  departmentId: string;
  departmentPath: string[];
  shown: boolean;
  groups: { group: RaterGroup; weight: number; invited: number; voted: number; counted: boolean }[];
  criteria: { code: string; name: string; weight: number; score: number | null }[];
  overall: number | null;
  satisfaction: number | null;
  version: number;
  occurredAt: string;
}
