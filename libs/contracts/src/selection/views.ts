import { z } from 'zod';
import { RANK_LEVELS } from '../caller';
import { appraisalGradeEntrySchema, candidateEvidenceViewSchema } from '../analytics/views';
import { dateTimeView, dateView, intView, pageSchema } from '../view-schema';
import {
  APPEAL_STATUSES,
  APPEAL_SUBJECT_TYPES,
  APPLICATION_STATUSES,
  CANDIDATE_STATUSES,
  CANDIDATE_TYPES,
  OBJECTION_STATUSES,
  OUTCOME_KINDS,
  ROUND_ACTIONS,
  ROUND_KINDS,
  ROUND_STATUSES,
  positionSchema,
  roundCriteriaSchema,
} from './requests';

const person = z.strictObject({ id: z.string(), name: z.string() });

/**
 * The evidence behind a candidate, frozen when drawn (what the decision-makers read then, whatever happens later):
 * the shortlist's row for a cadre (points, by item, best records and tasks, grades, 满意度) and its place city-wide in
 * points (`topDecile`: within the best tenth, the "凭实绩" measure); for an application, its listed records.
 */
export const frozenEvidenceSchema = z.strictObject({
  capturedAt: dateTimeView,
  /** The scoring year read. */
  period: z.string(),
  points: z.number().nullable(),
  byItem: z.record(z.string(), z.number()),
  /** Rank by points among every cadre of the period city-wide, of how many; null for a department. */
  cityRank: intView.nullable(),
  cityCadres: intView.nullable(),
  topDecile: z.boolean().nullable(),
  evidence: candidateEvidenceViewSchema,
  grades: z.array(appraisalGradeEntrySchema),
  satisfaction: z.number().nullable(),
});
export type FrozenEvidence = z.infer<typeof frozenEvidenceSchema>;

/** A candidate as the gateway hands it to the selection service on a draw (names and evidence read then). */
export const drawnCandidateSchema = z.strictObject({
  type: z.enum(CANDIDATE_TYPES),
  /** The cadre's id, or the department's (先进集体). */
  candidateId: z.string(),
  name: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  departmentPath: z.array(z.string()),
  rankLevel: z.enum(RANK_LEVELS).nullable(),
  title: z.string(),
  applicationId: z.string().nullable(),
  evidence: frozenEvidenceSchema,
});
export type DrawnCandidate = z.infer<typeof drawnCandidateSchema>;

export const inspectionNoteViewSchema = z.strictObject({ at: dateTimeView, by: person, note: z.string() });

export const candidateDecisionViewSchema = z.strictObject({
  selected: z.boolean(),
  position: z.string().nullable(),
  reason: z.string(),
  /** The named decision-maker. */
  by: person,
  at: dateTimeView,
});

export const roundCandidateViewSchema = z.strictObject({
  type: z.enum(CANDIDATE_TYPES),
  typeLabel: z.string(),
  candidateId: z.string(),
  name: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  rankLevel: z.enum(RANK_LEVELS).nullable(),
  rankLabel: z.string(),
  title: z.string(),
  /** `shortlist` or `application`. */
  source: z.enum(['shortlist', 'application']),
  applicationId: z.string().nullable(),
  status: z.enum(CANDIDATE_STATUSES),
  statusLabel: z.string(),
  evidence: frozenEvidenceSchema,
  inspection: z.array(inspectionNoteViewSchema),
  decision: candidateDecisionViewSchema.nullable(),
  drawnAt: dateTimeView,
  drawnBy: person,
});
export type RoundCandidateView = z.infer<typeof roundCandidateViewSchema>;

/** An objection as the organisation department reads it (with the objector: nobody else ever does). */
export const objectionViewSchema = z.strictObject({
  id: z.string(),
  roundId: z.string(),
  candidateId: z.string(),
  candidateName: z.string(),
  reason: z.string(),
  status: z.enum(OBJECTION_STATUSES),
  statusLabel: z.string(),
  filedBy: person.extend({ departmentName: z.string() }),
  filedAt: dateTimeView,
  investigation: z.array(inspectionNoteViewSchema),
  answer: z.string().nullable(),
  answeredBy: person.nullable(),
  answeredAt: dateTimeView.nullable(),
  /** Whether the answer withdrew the candidate. */
  withdrewCandidate: z.boolean(),
});
export type ObjectionView = z.infer<typeof objectionViewSchema>;

export const roundHistoryEntrySchema = z.strictObject({
  at: dateTimeView,
  action: z.enum(ROUND_ACTIONS),
  actionLabel: z.string(),
  by: person,
  /** The candidate (or application, objection) the step concerns, by name; '' for the round itself. */
  subject: z.string(),
  /** The step in a sentence of Chinese (拟任 区发改委副主任：理由…); never an objector's name. */
  detail: z.string(),
});

/** The notice window: published when, ends when (Beijing working days), by whom. */
export const noticeWindowViewSchema = z.strictObject({
  startsAt: dateTimeView,
  endsAt: dateTimeView,
  days: intView,
  publishedBy: person,
});

/** `GET /selection/rounds/:id` (assessors, admins): everything, with the history. */
export const roundViewSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(ROUND_KINDS),
  kindLabel: z.string(),
  name: z.string(),
  status: z.enum(ROUND_STATUSES),
  statusLabel: z.string(),
  positions: z.array(positionSchema.extend({ selected: intView.min(0) })),
  rankLevel: z.enum(RANK_LEVELS).nullable(),
  rankLabel: z.string(),
  departments: z.array(z.strictObject({ id: z.string(), name: z.string() })),
  criteria: roundCriteriaSchema,
  noticeDays: intView,
  applyUntil: dateView.nullable(),
  candidates: z.array(roundCandidateViewSchema),
  notice: noticeWindowViewSchema.nullable(),
  objections: z.array(objectionViewSchema),
  /** Counts for the list and the console's badges. */
  counts: z.strictObject({
    candidates: intView,
    undecided: intView,
    selected: intView,
    withdrawn: intView,
    openObjections: intView,
    applications: intView,
  }),
  openedBy: person,
  openedAt: dateTimeView,
  /** When the decisions were final (the notice published); null before. */
  decidedAt: dateTimeView.nullable(),
  concludedAt: dateTimeView.nullable(),
  concludedBy: person.nullable(),
  history: z.array(roundHistoryEntrySchema),
  version: intView,
});
export type RoundView = z.infer<typeof roundViewSchema>;

/** A row of `GET /selection/rounds`: the round without candidates, objections and history. */
export const roundSummaryViewSchema = roundViewSchema.omit({ candidates: true, objections: true, history: true, criteria: true });
export type RoundSummaryView = z.infer<typeof roundSummaryViewSchema>;
export const roundPageSchema = pageSchema(roundSummaryViewSchema);

/** What a notice shows of a candidate to every signed-in user: who, for what, and the verified achievements. */
export const noticeCandidateViewSchema = z.strictObject({
  candidateId: z.string(),
  type: z.enum(CANDIDATE_TYPES),
  name: z.string(),
  departmentName: z.string(),
  title: z.string(),
  rankLabel: z.string(),
  position: z.string(),
  /** `selected` 公示中 or `withdrawn` 已撤回. */
  status: z.enum(['selected', 'withdrawn']),
  statusLabel: z.string(),
  summary: z.strictObject({
    points: z.number().nullable(),
    verifiedRecords: intView,
    concludedTasks: intView,
    /** The first-level items with the most points (at most 3), by name. */
    topItems: z.array(z.strictObject({ code: z.string(), name: z.string(), points: z.number() })),
    /** The best verified records (at most 5): title, item name, verification day. */
    records: z.array(z.strictObject({ title: z.string(), itemName: z.string(), verifiedAt: dateView })),
    /** 年度考核 优秀 (2025) …: confirmed grades, newest first. */
    grades: z.array(z.string()),
  }),
});

/** `GET /selection/notices` (signed in): the notices running, and those of the last 30 days. */
export const noticeViewSchema = z.strictObject({
  roundId: z.string(),
  name: z.string(),
  kind: z.enum(ROUND_KINDS),
  kindLabel: z.string(),
  status: z.enum(['notice', 'concluded']),
  statusLabel: z.string(),
  startsAt: dateTimeView,
  endsAt: dateTimeView,
  /** Objections are taken (the notice runs and has not ended). */
  open: z.boolean(),
  candidates: z.array(noticeCandidateViewSchema),
});
export type NoticeView = z.infer<typeof noticeViewSchema>;
export const noticeListSchema = z.strictObject({ items: z.array(noticeViewSchema) });

/** An objection as its objector reads it (`GET /selection/mine`); the candidate never reads objections. */
export const myObjectionViewSchema = objectionViewSchema.pick({ id: true, roundId: true, candidateId: true, candidateName: true, reason: true, status: true, statusLabel: true, filedAt: true, answer: true, answeredAt: true }).extend({ roundName: z.string() });

/** What a candidate sees of their own candidacy: 考察中 / 公示中 / 未入选 / 已撤回 / 已确定. */
export const MY_CANDIDACY_STATUSES = ['inspecting', 'in_notice', 'not_selected', 'withdrawn', 'confirmed'] as const;
export const myCandidacyViewSchema = z.strictObject({
  roundId: z.string(),
  roundName: z.string(),
  kind: z.enum(ROUND_KINDS),
  kindLabel: z.string(),
  status: z.enum(MY_CANDIDACY_STATUSES),
  statusLabel: z.string(),
  /** Once the notice is published (selected only). */
  position: z.string().nullable(),
  noticeEndsAt: dateTimeView.nullable(),
});

export const applicationViewSchema = z.strictObject({
  id: z.string(),
  roundId: z.string(),
  roundName: z.string(),
  applicantType: z.enum(CANDIDATE_TYPES),
  /** The cadre's or the department's id and name. */
  applicantId: z.string(),
  applicantName: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  award: z.string(),
  statement: z.string(),
  records: z.array(z.strictObject({ recordId: z.string(), title: z.string(), itemCode: z.string(), itemName: z.string(), verifiedAt: dateTimeView.nullable() })),
  status: z.enum(APPLICATION_STATUSES),
  statusLabel: z.string(),
  /** The department's recommendation (推荐意见). */
  recommendation: z.strictObject({ recommend: z.boolean(), comment: z.string(), by: person, at: dateTimeView }).nullable(),
  /** Drawn into the round's candidates. */
  drawn: z.boolean(),
  submittedBy: person,
  submittedAt: dateTimeView,
  version: intView,
});
export type ApplicationView = z.infer<typeof applicationViewSchema>;
export const applicationListSchema = z.strictObject({ items: z.array(applicationViewSchema), total: intView });

/** `GET /selection/mine` (signed in): my candidacies, applications, objections and (a count of) appeals. */
export const mySelectionViewSchema = z.strictObject({
  candidacies: z.array(myCandidacyViewSchema),
  applications: z.array(applicationViewSchema),
  objections: z.array(myObjectionViewSchema),
  /** Award rounds taking applications now, for the 申报 button. */
  openAwards: z.array(z.strictObject({ roundId: z.string(), name: z.string(), applyUntil: dateView, awards: z.array(positionSchema) })),
});
export type MySelectionView = z.infer<typeof mySelectionViewSchema>;

/** What the appeal is about, as read from its owner when filed (title, the decision, when). */
export const appealSubjectViewSchema = z.strictObject({
  type: z.enum(APPEAL_SUBJECT_TYPES),
  typeLabel: z.string(),
  id: z.string(),
  /** The record's or task's title; for a points entry its explanation. */
  title: z.string(),
  /** The decision appealed, in Chinese (退回：材料不全 / 评审结果 合格 / 积分 +12.50). */
  decision: z.string(),
  decidedAt: dateTimeView,
  /** The console page of the subject. */
  link: z.string(),
});
export type AppealSubjectView = z.infer<typeof appealSubjectViewSchema>;

export const appealViewSchema = z.strictObject({
  id: z.string(),
  subject: appealSubjectViewSchema,
  appellant: person.extend({ departmentName: z.string() }),
  reason: z.string(),
  status: z.enum(APPEAL_STATUSES),
  statusLabel: z.string(),
  filedAt: dateTimeView,
  /** The last moment the appeal could be filed (decision + 15 days). */
  deadline: dateTimeView,
  answer: z.string().nullable(),
  decidedBy: person.nullable(),
  decidedAt: dateTimeView.nullable(),
  history: z.array(z.strictObject({ at: dateTimeView, action: z.enum(['file', 'decide']), actionLabel: z.string(), by: person, detail: z.string() })),
  version: intView,
});
export type AppealView = z.infer<typeof appealViewSchema>;
export const appealPageSchema = pageSchema(appealViewSchema);

/** A row of `GET /selection/outcomes`: one selected, not withdrawn candidate of a concluded round. */
export const outcomeViewSchema = z.strictObject({
  roundId: z.string(),
  roundName: z.string(),
  kind: z.enum(OUTCOME_KINDS),
  kindLabel: z.string(),
  candidateType: z.enum(CANDIDATE_TYPES),
  candidateId: z.string(),
  name: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  position: z.string(),
  points: z.number().nullable(),
  topDecile: z.boolean().nullable(),
  openedAt: dateTimeView,
  decidedAt: dateTimeView,
  concludedAt: dateTimeView,
  decidedBy: person,
});
export type OutcomeView = z.infer<typeof outcomeViewSchema>;
export const outcomeListSchema = z.strictObject({ items: z.array(outcomeViewSchema), total: intView });

/**
 * What the gateway read of an appeal's subject from its owner, as the appellant (who may not see it: 404 before
 * this is built). The selection service decides from it: 403 when `entitled` is false (not the filer, not a member
 * of the team, not the entry's cadre), 409 when `state` is not appealable or the window (decidedAt + 15 days) is over.
 */
export interface AppealSubjectSnapshot {
  type: AppealSubjectView['type'];
  id: string;
  title: string;
  decision: string;
  decidedAt: string;
  link: string;
  /** `returned` / `rejected` for a record (anything else: not appealable); `verdict` / `entry` for the others. */
  state: string;
  entitled: boolean;
  /** The appellant's department (the appeal's scope). */
  departmentId: string;
  departmentPath: string[];
}
