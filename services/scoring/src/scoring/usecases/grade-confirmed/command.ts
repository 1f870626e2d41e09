import type { AppraisalGradeV1, EventEnvelope } from '@cadre/contracts';

/** `appraisal.grade.confirmed`, as the appraisal service publishes it. */
export interface GradeConfirmedCommand {
  event: EventEnvelope<AppraisalGradeV1>;
}
