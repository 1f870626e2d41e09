import type { RankLevel } from '../caller';
import type { AppealStatus, AppealSubjectType, ApplicationStatus, CandidateType, OutcomeKind, RoundKind, RoundStatus } from './requests';

/**
 * Events of the selection service (stream SELECTION). Each carries a version that grows with its aggregate (the
 * round, the application, the appeal): consumers keep the highest, so a redelivered or late event changes nothing.
 * An objector's identity travels only in `selection.objection.answered` (to tell them the answer); no event names
 * an objector beside the candidate's round in any other way.
 */
export const SELECTION_EVENTS = {
  roundOpened: 'selection.round.opened',
  /** The 任前公示 was published: the selected candidates (decisions final). */
  noticePublished: 'selection.round.notice_published',
  /** The round concluded: the outcomes. */
  roundConcluded: 'selection.round.concluded',
  objectionFiled: 'selection.objection.filed',
  objectionAnswered: 'selection.objection.answered',
  applicationSubmitted: 'selection.application.submitted',
  applicationRecommended: 'selection.application.recommended',
  appealFiled: 'selection.appeal.filed',
  appealDecided: 'selection.appeal.decided',
} as const;

export interface SelectionCandidateRefV1 {
  type: CandidateType;
  candidateId: string;
  name: string;
  departmentId: string;
  departmentPath: string[];
  rankLevel: RankLevel | null;
  position: string;
}

export interface SelectionRoundV1 {
  roundId: string;
  kind: RoundKind;
  name: string;
  status: RoundStatus;
  departmentIds: string[];
  openedAt: string;
  openedBy: string;
  applyUntil: string | null;
  version: number;
  occurredAt: string;
}

export interface SelectionNoticeV1 extends SelectionRoundV1 {
  startsAt: string;
  endsAt: string;
  /** The selected candidates published. */
  candidates: SelectionCandidateRefV1[];
}

export interface SelectionOutcomeV1 extends SelectionCandidateRefV1 {
  outcome: OutcomeKind;
  /** Frozen at the draw: points of the period, and whether within the best tenth city-wide (null: unknown, a department). */
  points: number | null;
  topDecile: boolean | null;
  decidedBy: string;
}

export interface SelectionConcludedV1 extends SelectionRoundV1 {
  /** When the decisions were final (the notice published). */
  decidedAt: string;
  concludedAt: string;
  /** The selected, not withdrawn candidates. */
  outcomes: SelectionOutcomeV1[];
  candidates: number;
  withdrawn: number;
}

export interface SelectionObjectionV1 {
  roundId: string;
  roundName: string;
  objectionId: string;
  candidateId: string;
  candidateName: string;
  /** The candidate's department path (the inbox item's scope). */
  departmentPath: string[];
  status: 'open' | 'investigating' | 'upheld' | 'rejected';
  /** Only in `selection.objection.answered`: the objector, to be told the answer. */
  filedBy?: string;
  withdrewCandidate: boolean;
  /** The round's version after the change. */
  version: number;
  occurredAt: string;
}

export interface SelectionApplicationV1 {
  applicationId: string;
  roundId: string;
  roundName: string;
  applicantType: CandidateType;
  applicantId: string;
  applicantName: string;
  /** The person who applied (the cadre, or the reviewer for a department). */
  submittedBy: string;
  departmentId: string;
  departmentPath: string[];
  award: string;
  status: ApplicationStatus;
  /** In `selection.application.recommended`: the department's comment (推荐意见), told to the submitter. */
  comment?: string | null;
  version: number;
  occurredAt: string;
}

export interface SelectionAppealV1 {
  appealId: string;
  subjectType: AppealSubjectType;
  subjectId: string;
  subjectTitle: string;
  appellantId: string;
  departmentId: string;
  departmentPath: string[];
  status: AppealStatus;
  /** For a decided appeal. */
  answer: string | null;
  decidedBy: string | null;
  /** For a record: its state when appealed (`returned` or `rejected`); records reopens an upheld rejection. */
  subjectState: string;
  version: number;
  occurredAt: string;
}
