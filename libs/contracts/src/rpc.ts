import { z } from 'zod';
import type { Caller } from './caller';

/** What the gateway sends on every request-reply call. */
export interface RpcRequest<TPayload = unknown> {
  caller?: Caller;
  requestId?: string;
  payload: TPayload;
}

export const problemFieldErrorSchema = z.strictObject({
  /** The offending field (`title`, `participants.1.share`); empty for the body as a whole. */
  path: z.string(),
  message: z.string(),
});
export type ProblemFieldError = z.infer<typeof problemFieldErrorSchema>;

/** An RFC 9457 problem, as services raise it over RPC and the gateway answers it over HTTP. */
export const problemSchema = z.strictObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(problemFieldErrorSchema).optional(),
  /** The trace of the failed request, for support. */
  traceId: z.string().optional(),
});
export type Problem = z.infer<typeof problemSchema>;

/** Request-reply subjects. Every service answers `<service>.health`. */
export const RPC = {
  health: (service: ServiceName) => `rpc.${service}.health`,
  records: {
    create: 'rpc.records.record.create',
    get: 'rpc.records.record.get',
    list: 'rpc.records.record.list',
    update: 'rpc.records.record.update',
    submit: 'rpc.records.record.submit',
    review: 'rpc.records.record.review',
    assess: 'rpc.records.record.assess',
    revoke: 'rpc.records.record.revoke',
    participation: 'rpc.records.record.participation',
    withdraw: 'rpc.records.record.withdraw',
    delete: 'rpc.records.record.delete',
    taxonomyGet: 'rpc.records.taxonomy.get',
    taxonomyPut: 'rpc.records.taxonomy.put',
    fileAuthorize: 'rpc.records.file.authorize',
    fileAccessLog: 'rpc.records.file.access-log',
  },
  tasks: {
    batchCreate: 'rpc.tasks.batch.create',
    batchList: 'rpc.tasks.batch.list',
    create: 'rpc.tasks.task.create',
    list: 'rpc.tasks.task.list',
    get: 'rpc.tasks.task.get',
    update: 'rpc.tasks.task.update',
    publish: 'rpc.tasks.task.publish',
    closeBidding: 'rpc.tasks.task.close-bidding',
    withdraw: 'rpc.tasks.task.withdraw',
    award: 'rpc.tasks.task.award',
    progress: 'rpc.tasks.task.progress',
    results: 'rpc.tasks.task.results',
    review: 'rpc.tasks.task.review',
    tolerance: 'rpc.tasks.task.tolerance',
    conclude: 'rpc.tasks.task.conclude',
    bidCreate: 'rpc.tasks.bid.create',
    bidUpdate: 'rpc.tasks.bid.update',
    evaluate: 'rpc.tasks.bid.evaluate',
    teamCreate: 'rpc.tasks.team.create',
    teamGet: 'rpc.tasks.team.get',
    teamAccept: 'rpc.tasks.team.accept',
    teamDecline: 'rpc.tasks.team.decline',
    teamUpdate: 'rpc.tasks.team.update',
    teamInvite: 'rpc.tasks.team.invite',
    teamsMine: 'rpc.tasks.team.mine',
    invitationsMine: 'rpc.tasks.invitation.mine',
    bidsMine: 'rpc.tasks.bid.mine',
    fileAuthorize: 'rpc.tasks.file.authorize',
    fileAccessLog: 'rpc.tasks.file.access-log',
  },
  scoring: {
    standardsList: 'rpc.scoring.standard.list',
    standardGet: 'rpc.scoring.standard.get',
    standardCreate: 'rpc.scoring.standard.create',
    dryRun: 'rpc.scoring.standard.dry-run',
    activate: 'rpc.scoring.standard.activate',
    score: 'rpc.scoring.score.get',
    rankings: 'rpc.scoring.rankings.get',
    recalculate: 'rpc.scoring.rankings.recalculate',
    job: 'rpc.scoring.rankings.job',
  },
  analytics: {
    overview: 'rpc.analytics.overview',
    departments: 'rpc.analytics.departments',
    portrait: 'rpc.analytics.portrait',
    candidates: 'rpc.analytics.candidates',
    /** `GET /analytics/appraisal`: grades by department, 测评 by criterion (AnalyticsAppraisalQuery). */
    appraisal: 'rpc.analytics.appraisal',
    /** `GET /analytics/selection`: outcomes per department, 凭实绩, time to decision (AnalyticsSelectionQuery). */
    selection: 'rpc.analytics.selection',
    rebuild: 'rpc.analytics.rebuild',
    rebuildStatus: 'rpc.analytics.rebuild.status',
  },
  notifications: {
    inbox: 'rpc.notifications.inbox.list',
    list: 'rpc.notifications.notification.list',
    read: 'rpc.notifications.notification.read',
    readAll: 'rpc.notifications.notification.read-all',
    rebuild: 'rpc.notifications.inbox.rebuild',
  },
  /**
   * 考评情况 and 民主测评 (docs/API.md "Appraisal"). Payloads: `cycleCreate` CreateCycleBody; `cycleList` CycleListQuery;
   * `cycleGet` / `cycleClose` / `surveyClose` `{cycleId}`; `sheet` `{cycleId, departmentId}`; `grade`
   * `{cycleId, cadreId, body: GradeBody}`; `review` `{cycleId, cadreId, body: ReviewGradeBody}`; `ballot`
   * `{cycleId, body: BallotBody}`; `ballotsMine` `{}`; `survey` `{cycleId, departmentId}`; `raters`
   * `{cycleId, cadreId, body: RatersBody}`; `cadre` `{cadreId, period}` (answers CadreAppraisalPart).
   * Answers (as the gateway documents them): `cycleCreate`, `cycleGet`, `cycleClose` CycleView; `surveyClose` SurveyCloseView;
   * `cycleList` a page of CycleView; `sheet` SheetView; `grade`, `review` AppraisalView (the appraisal after it);
   * `ballot` BallotReceiptView `{counted: true}`; `ballotsMine` MyBallotsView; `survey` SurveyView; `raters`
   * SurveyCadreView (the cadre's raters after the change). The gateway renders every `?format=csv` itself.
   */
  appraisal: {
    cycleCreate: 'rpc.appraisal.cycle.create',
    cycleList: 'rpc.appraisal.cycle.list',
    cycleGet: 'rpc.appraisal.cycle.get',
    cycleClose: 'rpc.appraisal.cycle.close',
    sheet: 'rpc.appraisal.sheet.get',
    grade: 'rpc.appraisal.grade.put',
    review: 'rpc.appraisal.grade.review',
    ballot: 'rpc.appraisal.ballot.cast',
    ballotsMine: 'rpc.appraisal.ballot.mine',
    survey: 'rpc.appraisal.survey.get',
    raters: 'rpc.appraisal.survey.raters',
    surveyClose: 'rpc.appraisal.survey.close',
    cadre: 'rpc.appraisal.cadre.get',
  },
  /**
   * 选人用人 (docs/API.md "Selection"). Payloads: `roundCreate` CreateRoundBody; `roundList` RoundListQuery (without
   * format); `roundGet` / `conclude` `{roundId}`; `draw` `{roundId, source, candidates: DrawnCandidate[]}` (the gateway
   * reads the shortlist or the applications' evidence and hands the frozen candidates over; for `source: shortlist`
   * with `cadreIds` the candidates come in that order, so a 400 names `cadreIds.<i>`); `drawable` `{roundId}` (the
   * recommended applications not drawn yet: ApplicationView[]); `inspect` `{roundId, candidateId, body: InspectionBody}`;
   * `decide` `{roundId, candidateId, body: DecisionBody}`; `publishNotice` `{roundId, body: PublishNoticeBody}`;
   * `objectionFile` `{roundId, body: ObjectionBody}`; `objectionInvestigate` `{roundId, objectionId, body}`;
   * `objectionAnswer` `{roundId, objectionId, body: AnswerObjectionBody}`; `notices` `{}`; `mine` `{}`;
   * `applicationSubmit` `{roundId, body: ApplicationBody, applicant: {id, name, departmentId, departmentPath},
   * records: ApplicationView['records']}` (the gateway resolves the applicant and reads the records as the caller);
   * `applicationList` `{roundId, query: ApplicationListQuery}`; `applicationRecommend` `{roundId, applicationId, body}`;
   * `appealFile` `{body: AppealBody, subject: AppealSubjectSnapshot}`; `appealList` AppealListQuery; `appealGet` /
   * `appealDecide` `{appealId, body?}`; `outcomes` OutcomeListQuery.
   * Answers: RoundView for every round command and `roundGet`; a page of RoundSummaryView for `roundList`;
   * `{items: NoticeView[]}`; MySelectionView; ApplicationView / `{items, total}`; AppealView / a page of them;
   * `{items: OutcomeView[], total}`. The gateway renders every `?format=csv` itself.
   */
  selection: {
    roundCreate: 'rpc.selection.round.create',
    roundList: 'rpc.selection.round.list',
    roundGet: 'rpc.selection.round.get',
    draw: 'rpc.selection.round.draw',
    drawable: 'rpc.selection.round.drawable',
    inspect: 'rpc.selection.candidate.inspect',
    decide: 'rpc.selection.candidate.decide',
    publishNotice: 'rpc.selection.round.notice',
    conclude: 'rpc.selection.round.conclude',
    objectionFile: 'rpc.selection.objection.file',
    objectionInvestigate: 'rpc.selection.objection.investigate',
    objectionAnswer: 'rpc.selection.objection.answer',
    notices: 'rpc.selection.notice.list',
    mine: 'rpc.selection.mine',
    applicationSubmit: 'rpc.selection.application.submit',
    applicationList: 'rpc.selection.application.list',
    applicationRecommend: 'rpc.selection.application.recommend',
    appealFile: 'rpc.selection.appeal.file',
    appealList: 'rpc.selection.appeal.list',
    appealGet: 'rpc.selection.appeal.get',
    appealDecide: 'rpc.selection.appeal.decide',
    outcomes: 'rpc.selection.outcome.list',
  },
} as const;

export const SERVICES = ['gateway', 'records', 'tasks', 'scoring', 'analytics', 'notifications', 'appraisal', 'selection'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface HealthReply {
  service: ServiceName;
  status: 'ok';
  version: string;
}
