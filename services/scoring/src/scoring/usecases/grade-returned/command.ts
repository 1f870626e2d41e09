import type { AppraisalGradeV1, EventEnvelope } from '@cadre/contracts';

/** `appraisal.grade.returned`, as the appraisal service publishes it. */
export interface GradeReturnedCommand {
  event: EventEnvelope<AppraisalGradeV1>;
}
