import type { AppealStatus, AppealSubjectType, ApplicationStatus, CandidateStatus, CandidateType, ObjectionStatus, OutcomeKind, RoundAction, RoundKind, RoundStatus } from './selection/requests';
import type { MY_CANDIDACY_STATUSES } from './selection/views';
import type { AppraisalStatus, CriterionAnswer, CycleKind, CycleStatus, Grade, RaterGroup, SatisfactionAnswer, SurveyStatus } from './appraisal/requests';
import type { RankLevel, Role } from './caller';
import type { InboxKind } from './notifications/events';
import type { ImpactLevel, Rating, RecordStatus } from './records/requests';
import { DEFAULT_TAXONOMY } from './records/taxonomy';
import type { TaskDomain, TaskFlag, TaskStatus, TaskVerdict, TeamInvitationState, TeamMemberRole, ToleranceDecision } from './tasks/requests';

/**
 * The Chinese labels of the platform's codes, in one place, for everything people read outside the console's own
 * dictionaries: CSV exports, messages, summaries (docs/API.md: names and labels, never codes, where people read).
 * A code without a label (an older or newer one) is shown as it is by `labelOf`.
 */

export const RANK_LEVEL_LABELS: Record<RankLevel, string> = { division: '处级', section: '科级', staff: '科员' };

export const ROLE_LABELS: Record<Role, string> = {
  cadre: '干部',
  reviewer: '审核员',
  assessor: '研判员',
  publisher: '发榜人',
  evaluator: '评审专家',
  appraiser: '考核专员',
  admin: '管理员',
};

/** A record's status; `deleted` is stored for drafts removed before any submission (never listed). */
export const RECORD_STATUS_LABELS: Record<RecordStatus | 'deleted', string> = {
  draft: '草稿',
  submitted: '待审核',
  reviewed: '待研判',
  verified: '已认定',
  rejected: '已驳回',
  revoked: '已撤销',
  discarded: '已作废',
  deleted: '已删除',
};

export const IMPACT_LEVEL_LABELS: Record<ImpactLevel, string> = { unit: '单位级', district: '区级', city: '市级', province: '省级', national: '国家级' };

/** The assessor's rating (研判等级). */
export const RATING_LABELS: Record<Rating, string> = { excellent: '优秀', good: '良好', pass: '合格', none: '不予认定' };

/** A participant's role on a record or a member's in a team. */
export const MEMBER_ROLE_LABELS: Record<TeamMemberRole, string> = { lead: '牵头', member: '成员' };

/** A co-participant's answer to their share of a record. */
export const SHARE_CONFIRMATION_LABELS: Record<'pending' | 'confirmed' | 'disputed', string> = { pending: '待确认', confirmed: '已确认', disputed: '有异议' };

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  draft: '草稿',
  open: '揭榜中',
  evaluating: '评标中',
  in_progress: '攻坚中',
  reviewing: '评审中',
  concluded: '已办结',
  withdrawn: '已撤回',
  unclaimed: '无人揭榜',
};

export const TASK_DOMAIN_LABELS: Record<TaskDomain, string> = {
  ftp: '自贸港建设',
  institution: '体制机制创新',
  legacy: '历史遗留问题化解',
  livelihood: '民生保障',
  industry: '产业发展',
};

/** 急难险重. */
export const TASK_FLAG_LABELS: Record<TaskFlag, string> = { urgent: '急', hard: '难', risky: '险', heavy: '重' };

export const TASK_VERDICT_LABELS: Record<TaskVerdict, string> = { excellent: '优秀', pass: '合格', tolerated: '容错', fail: '不合格' };

/** The reviewers' decision on a team's 容错 application. */
export const TOLERANCE_DECISION_LABELS: Record<ToleranceDecision, string> = { accepted: '同意', rejected: '不同意' };

export const TEAM_INVITATION_LABELS: Record<TeamInvitationState, string> = { invited: '待接受', accepted: '已接受', declined: '已拒绝' };

/** The kinds of work-inbox items (待办). */
export const INBOX_KIND_LABELS: Record<InboxKind, string> = {
  record_review: '待审核',
  record_assess: '待研判',
  share_confirm: '待确认分工',
  record_fix: '待修改',
  team_invitation: '团队邀请',
  bid_evaluate: '待评标',
  result_review: '待评审',
  task_award: '待定标',
  task_conclude: '待结项',
  appraisal_review: '待审定',
  appraisal_revise: '考核退回',
  objection_handle: '待核查异议',
  appeal_decide: '待处理申诉',
  application_recommend: '待推荐',
};

/** 考核 (issue #21). */
export const CYCLE_KIND_LABELS: Record<CycleKind, string> = { annual: '年度考核', quarterly: '平时考核', special: '专项考核' };
export const CYCLE_STATUS_LABELS: Record<CycleStatus, string> = { open: '进行中', closed: '已结束' };
export const SURVEY_STATUS_LABELS: Record<SurveyStatus, string> = { open: '测评中', closed: '已结束' };
export const GRADE_LABELS: Record<Grade, string> = {
  excellent: '优秀',
  competent: '称职',
  basic: '基本称职',
  incompetent: '不称职',
  good: '好',
  fairly_good: '较好',
  average: '一般',
  poor: '较差',
};
export const APPRAISAL_STATUS_LABELS: Record<AppraisalStatus, string> = { pending: '未评定', submitted: '待审核', returned: '已退回', confirmed: '已确认' };
export const APPRAISAL_ACTION_LABELS: Record<'grade' | 'revise' | 'return' | 'confirm', string> = { grade: '评定', revise: '修改', return: '退回', confirm: '确认' };
export const RATER_GROUP_LABELS: Record<RaterGroup, string> = { superior: '上级', peer: '同级', subordinate: '下级', recipient: '服务对象' };
/** A ballot's answer per criterion (差 here, 较差 as a quarterly grade). */
export const CRITERION_ANSWER_LABELS: Record<CriterionAnswer, string> = { good: '好', fairly_good: '较好', average: '一般', poor: '差' };
export const SATISFACTION_LABELS: Record<SatisfactionAnswer, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };

/** 选人用人 (issue #22). */
export const ROUND_KIND_LABELS: Record<RoundKind, string> = { promotion: '提拔使用', rank_advance: '职级晋升', award: '评先评优' };
export const ROUND_STATUS_LABELS: Record<RoundStatus, string> = { applying: '申报中', inspecting: '考察中', notice: '公示中', concluded: '已完成' };
export const CANDIDATE_TYPE_LABELS: Record<CandidateType, string> = { cadre: '个人', department: '集体' };
export const CANDIDATE_STATUS_LABELS: Record<CandidateStatus, string> = { candidate: '考察对象', selected: '拟任人选', not_selected: '未入选', withdrawn: '已撤回' };
export const OBJECTION_STATUS_LABELS: Record<ObjectionStatus, string> = { open: '待核查', investigating: '核查中', upheld: '属实', rejected: '不属实' };
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = { submitted: '待推荐', recommended: '已推荐', not_recommended: '未推荐' };
export const APPEAL_SUBJECT_TYPE_LABELS: Record<AppealSubjectType, string> = { record: '纪实', verdict: '任务评审结果', score_entry: '积分' };
export const APPEAL_STATUS_LABELS: Record<AppealStatus, string> = { pending: '待处理', upheld: '申诉成立', dismissed: '驳回' };
export const OUTCOME_KIND_LABELS: Record<OutcomeKind, string> = { promoted: '提拔使用', advanced: '职级晋升', awarded: '评先评优' };
export const ROUND_ACTION_LABELS: Record<RoundAction, string> = {
  open: '发起',
  apply: '申报',
  recommend: '推荐',
  draw: '确定考察对象',
  inspect: '考察',
  decide: '决定',
  publish_notice: '发布公示',
  object: '收到异议',
  investigate: '核查',
  answer_objection: '答复异议',
  withdraw: '撤回',
  conclude: '办结',
};
export const MY_CANDIDACY_STATUS_LABELS: Record<(typeof MY_CANDIDACY_STATUSES)[number], string> = {
  inspecting: '考察中',
  in_notice: '公示中',
  not_selected: '未入选',
  withdrawn: '已撤回',
  confirmed: '已确定',
};

/** The label of a code in a label map; the code itself when the map has none; '' for no code. */
export function labelOf(labels: Readonly<Record<string, string>>, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '';
  return Object.prototype.hasOwnProperty.call(labels, code) ? labels[code]! : code;
}

/** The points of tasks in scoring and analytics count under this pseudo-item. */
export const TASK_ITEM_CODE = 'TASK';

/**
 * Item names of the default taxonomy, first and second level (`INVEST` 招商引资, `INVEST-03` 500强企业引进), and
 * `TASK` 揭榜挂帅. A service holding a newer taxonomy version passes its names to `itemName` instead.
 */
export const DEFAULT_ITEM_NAMES: ReadonlyMap<string, string> = new Map<string, string>([
  ...DEFAULT_TAXONOMY.flatMap((item) => [[item.code, item.name] as [string, string], ...item.children.map((child) => [child.code, child.name] as [string, string])]),
  [TASK_ITEM_CODE, '揭榜挂帅'],
]);

/**
 * The name of an item code: a second-level code as `一级 / 二级` (招商引资 / 500强企业引进), a first-level code as its
 * name, from `names` (default: the default taxonomy); the code itself when unknown.
 */
export function itemName(code: string | null | undefined, names: ReadonlyMap<string, string> = DEFAULT_ITEM_NAMES): string {
  if (!code) return '';
  const own = names.get(code);
  const first = code.includes('-') ? names.get(code.replace(/-[^-]*$/, '')) : undefined;
  if (own && first) return `${first} / ${own}`;
  return own ?? code;
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;

function beijing(at: Date | string | number | null | undefined): string | null {
  if (at === null || at === undefined || at === '') return null;
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms + BEIJING_OFFSET_MS).toISOString();
}

/** A moment as people in Beijing read it: `YYYY-MM-DD HH:mm` (UTC+8); '' for none or an invalid one. */
export function beijingDateTime(at: Date | string | number | null | undefined): string {
  const local = beijing(at);
  return local ? `${local.slice(0, 10)} ${local.slice(11, 16)}` : '';
}

/** The day of a moment in Beijing: `YYYY-MM-DD` (UTC+8); '' for none. A plain date (`YYYY-MM-DD`) stays as it is. */
export function beijingDate(at: Date | string | number | null | undefined): string {
  if (typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at)) return at;
  return beijing(at)?.slice(0, 10) ?? '';
}
