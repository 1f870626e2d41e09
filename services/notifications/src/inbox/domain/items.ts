import {
  APPRAISAL_EVENTS,
  CYCLE_KIND_LABELS,
  GRADE_LABELS,
  RECORD_EVENTS,
  TASK_EVENTS,
  labelOf,
  type AppraisalGradeV1,
  type EventEnvelope,
  type InboxKind,
  type RecordTransitionV1,
  type TaskTransitionBaseV1,
  type TeamChangedV1,
  type TeamFormedV1,
} from '@cadre/contracts';
import { selectionPeopleNamed, selectionPlan } from './selection-items';

/**
 * What an event means for the inbox, as a pure function of the event (and of the names it needs): for each kind it
 * speaks about, exactly which items of that kind of its object are open now; every other item of that kind of the
 * object closes. Kinds an event does not list stay as they are. Each item also carries the source version
 * (the record's, task's or team's version the event announces): the store applies nothing at or below what it has.
 */

export type InboxRole = 'reviewer' | 'assessor' | 'publisher' | 'appraiser';

export type SubjectType = 'record' | 'task' | 'team' | 'appraisal' | 'objection' | 'appeal' | 'application';

/** What an item says and whom it concerns: the content a plan gives it, as the store keeps it. */
export interface ItemFields {
  kind: InboxKind;
  subjectType: SubjectType;
  subjectId: string;
  /** The record's or task's title, the team's name, the appraisal cycle's name, the round's name (with the candidate), the appealed object's title. */
  title: string;
  /** One Chinese line: 王海军 报送《…》, 3 份标书待评. */
  summary: string;
  /** Console path. */
  link: string;
  departmentId: string;
  departmentPath: string[];
  /** Per-person items: who holds it. Role items: empty. */
  userIds: string[];
  /** Role items: who holds it (reviewers, publishers and appraisers whose department lies on departmentPath; assessors city-wide). */
  role: InboxRole | null;
  /** Never shown to these (a record's participants do not review or assess it). */
  excludeUserIds: string[];
}

export interface ItemDraft extends ItemFields {
  id: string;
  /** When the clock of the item's service level starts (the event's time) or, for 评标, the bidding deadline. */
  clockFrom: string;
}

export interface InboxPlan {
  subjectType: SubjectType;
  subjectId: string;
  sourceVersion: number;
  /** Per kind the event settles: the items of that kind of this object open now (others close). */
  kinds: Partial<Record<InboxKind, ItemDraft[]>>;
}

/** Names the summaries need, resolved by the caller beforehand (the directory replica, the team names seen). */
export interface Names {
  person(userId: string): string;
  team(teamId: string): string;
}

export const RECORD_KINDS = ['record_review', 'record_assess', 'share_confirm', 'record_fix'] as const satisfies readonly InboxKind[];
export const TASK_KINDS = ['bid_evaluate', 'result_review', 'task_award', 'task_conclude'] as const satisfies readonly InboxKind[];
export const APPRAISAL_KINDS = ['appraisal_review', 'appraisal_revise'] as const satisfies readonly InboxKind[];

/** The user ids an event's summaries name (to resolve before planning). */
export function peopleNamed(envelope: EventEnvelope): string[] {
  const data = (envelope.data ?? {}) as Partial<RecordTransitionV1 & TeamChangedV1>;
  if (envelope.type.startsWith('records.record.')) return data.cadreId ? [data.cadreId] : [];
  if (envelope.type.startsWith('appraisal.grade.')) return typeof data.cadreId === 'string' ? [data.cadreId] : [];
  if (envelope.type === TASK_EVENTS.teamChanged || envelope.type === TASK_EVENTS.teamFormed) return data.leadId ? [data.leadId] : [];
  if (envelope.type.startsWith('selection.')) return selectionPeopleNamed(envelope);
  return [];
}

/** The plan of one event, or null when the event concerns no inbox item. */
export function planOf(envelope: EventEnvelope, names: Names): InboxPlan | null {
  if (envelope.type.startsWith('records.record.')) return recordPlan(envelope as EventEnvelope<RecordTransitionV1>, names);
  if (envelope.type === TASK_EVENTS.teamChanged) return teamPlan(envelope.data as TeamChangedV1, names, envelope.occurredAt);
  if (envelope.type === TASK_EVENTS.teamFormed) return teamFormedPlan(envelope.data as TeamFormedV1);
  if (envelope.type.startsWith('tasks.task.')) return taskPlan(envelope as EventEnvelope<TaskTransitionBaseV1>, names);
  if (envelope.type.startsWith('appraisal.grade.')) return appraisalPlan(envelope as EventEnvelope<AppraisalGradeV1>, names);
  if (envelope.type.startsWith('selection.')) return selectionPlan(envelope, names);
  return null;
}

// ---- records ----------------------------------------------------------------------------------------------------

const FINAL = new Set(['rejected', 'verified', 'revoked', 'discarded', 'deleted']);

function recordPlan(envelope: EventEnvelope<RecordTransitionV1>, names: Names): InboxPlan | null {
  const r = envelope.data;
  if (!r || typeof r.recordId !== 'string' || typeof r.version !== 'number') return null;
  const at = r.occurredAt ?? envelope.occurredAt;
  const filer = names.person(r.cadreId) || '未知人员';
  const participants = (r.participants ?? []).map((p) => p.userId);
  const base = {
    subjectType: 'record' as const,
    subjectId: r.recordId,
    title: r.title,
    link: `/records/${r.recordId}`,
    departmentId: r.departmentId,
    departmentPath: r.departmentPath ?? [],
    clockFrom: at,
  };
  const review = (): ItemDraft => ({
    ...base,
    id: `record_review:${r.recordId}`,
    kind: 'record_review',
    summary: `${filer} 报送《${r.title}》`,
    userIds: [],
    role: 'reviewer',
    excludeUserIds: uniq([r.cadreId, ...participants]),
  });
  const assess = (): ItemDraft => ({
    ...base,
    id: `record_assess:${r.recordId}`,
    kind: 'record_assess',
    summary: envelope.type === RECORD_EVENTS.reopened ? `${filer} 报送《${r.title}》，分工有异议，重新研判` : `${filer} 报送《${r.title}》，已通过审核`,
    userIds: [],
    role: 'assessor',
    excludeUserIds: uniq([r.cadreId, ...participants]),
  });
  const fix = (): ItemDraft => ({
    ...base,
    id: `record_fix:${r.recordId}`,
    kind: 'record_fix',
    summary: r.comment?.trim() ? `《${r.title}》被退回：${r.comment.trim()}` : `《${r.title}》被退回，请修改后重新报送`,
    userIds: [r.cadreId],
    role: null,
    excludeUserIds: [],
  });
  // 待确认分工: each co-participant whose answer is pending, while the record is a draft or waits for review.
  const shares = (): ItemDraft[] =>
    r.status === 'draft' || r.status === 'submitted'
      ? (r.participants ?? [])
          .filter((p) => p.userId !== r.cadreId && p.confirmation === 'pending')
          .map((p) => ({
            ...base,
            id: `share_confirm:${r.recordId}:${p.userId}`,
            kind: 'share_confirm' as const,
            summary: `${filer} 报送《${r.title}》，请确认您的分工（${p.share}%）`,
            userIds: [p.userId],
            role: null,
            excludeUserIds: [],
          }))
      : [];

  const plan = (kinds: InboxPlan['kinds']): InboxPlan => ({ subjectType: 'record', subjectId: r.recordId, sourceVersion: r.version, kinds });
  if (FINAL.has(r.status) || envelope.type === RECORD_EVENTS.deleted) {
    return plan({ record_review: [], record_assess: [], share_confirm: [], record_fix: [] });
  }
  switch (envelope.type) {
    case RECORD_EVENTS.submitted:
      return plan({ record_review: [review()], record_assess: [], record_fix: [], share_confirm: shares() });
    case RECORD_EVENTS.reviewed:
    case RECORD_EVENTS.reopened:
      return plan({ record_review: [], record_assess: [assess()], record_fix: [], share_confirm: shares() });
    case RECORD_EVENTS.returned:
      return plan({ record_review: [], record_assess: [], record_fix: [fix()], share_confirm: shares() });
    case RECORD_EVENTS.withdrawn:
      return plan({ record_review: [], record_assess: [], record_fix: [], share_confirm: [] });
    case RECORD_EVENTS.updated:
    case RECORD_EVENTS.shareAnswered:
    case RECORD_EVENTS.created:
      return plan({ share_confirm: shares() });
    default:
      return null;
  }
}

// ---- tasks ------------------------------------------------------------------------------------------------------

const TASK_ENDED = new Set(['concluded', 'unclaimed', 'withdrawn']);

function taskPlan(envelope: EventEnvelope<TaskTransitionBaseV1>, names: Names): InboxPlan | null {
  const t = envelope.data;
  if (!t || typeof t.taskId !== 'string' || typeof t.version !== 'number') return null;
  const plan = (kinds: InboxPlan['kinds']): InboxPlan => ({ subjectType: 'task', subjectId: t.taskId, sourceVersion: t.version, kinds });
  if (TASK_ENDED.has(t.status)) return plan({ bid_evaluate: [], result_review: [], task_award: [], task_conclude: [] });
  const w = t.waiting;
  if (!w) return null; // an event written before `waiting` was carried says nothing about who the task waits for
  const at = t.occurredAt ?? envelope.occurredAt;
  const base = {
    subjectType: 'task' as const,
    subjectId: t.taskId,
    title: t.title,
    link: `/tasks/${t.taskId}`,
    departmentId: t.departmentId,
    departmentPath: t.departmentPath ?? [],
    excludeUserIds: [] as string[],
  };
  const evaluations = (w.pendingEvaluations ?? [])
    .filter((p) => p.bidIds.length > 0)
    .map(
      (p): ItemDraft => ({
        ...base,
        id: `bid_evaluate:${t.taskId}:${p.evaluatorId}`,
        kind: 'bid_evaluate',
        summary: `${p.bidIds.length} 份标书待评`,
        userIds: [p.evaluatorId],
        role: null,
        // 评标 is due a service level after the bidding deadline, not after the event.
        clockFrom: t.biddingDeadline || at,
      }),
    );
  const reviews = (w.pendingReviews ?? [])
    .filter((p) => p.teamIds.length > 0)
    .map(
      (p): ItemDraft => ({
        ...base,
        id: `result_review:${t.taskId}:${p.evaluatorId}`,
        kind: 'result_review',
        summary: `${p.teamIds.map((id) => names.team(id) || '团队').join('、')} 的成果待评审`,
        userIds: [p.evaluatorId],
        role: null,
        clockFrom: at,
      }),
    );
  const publisher = (kind: 'task_award' | 'task_conclude', summary: string): ItemDraft => ({
    ...base,
    id: `${kind}:${t.taskId}`,
    kind,
    summary,
    userIds: [],
    role: 'publisher',
    clockFrom: at,
  });
  return plan({
    bid_evaluate: evaluations,
    result_review: reviews,
    task_award: w.readyToAward ? [publisher('task_award', '评标已完成，请定标')] : [],
    task_conclude: w.readyToConclude ? [publisher('task_conclude', '评审已完成，请结项')] : [],
  });
}

// ---- teams ------------------------------------------------------------------------------------------------------

/** 团队邀请: one per member whose invitation waits for an answer. The item's department is filled by the store (the lead's). */
function teamPlan(team: TeamChangedV1, names: Names, occurredAt: string): InboxPlan | null {
  if (!team || typeof team.teamId !== 'string' || typeof team.version !== 'number') return null;
  const lead = names.person(team.leadId) || '团队负责人';
  const invited = (team.members ?? []).filter((m) => m.invitation === 'invited' && m.userId !== team.leadId);
  return {
    subjectType: 'team',
    subjectId: team.teamId,
    sourceVersion: team.version,
    kinds: {
      team_invitation: invited.map((m) => ({
        id: `team_invitation:${team.teamId}:${m.userId}`,
        kind: 'team_invitation',
        subjectType: 'team',
        subjectId: team.teamId,
        title: team.teamName,
        summary: `${lead} 邀请您加入 ${team.teamName}（${m.role === 'lead' ? '牵头' : '成员'}，分工 ${m.share}%）`,
        link: `/tasks/teams/${team.teamId}`,
        departmentId: '',
        departmentPath: [],
        userIds: [m.userId],
        role: null,
        excludeUserIds: [],
        clockFrom: team.occurredAt ?? occurredAt,
      })),
    },
  };
}

/** A formed team waits for nobody. */
function teamFormedPlan(team: TeamFormedV1): InboxPlan | null {
  if (!team || typeof team.teamId !== 'string' || typeof team.version !== 'number') return null;
  return { subjectType: 'team', subjectId: team.teamId, sourceVersion: team.version, kinds: { team_invitation: [] } };
}

// ---- appraisals (issue #21) ------------------------------------------------------------------------------------

/** The sheet of the cadre's own department, where an appraiser revises and an assessor confirms (the console's routes). */
export function appraisalLink(page: 'review' | 'sheet', cycleId: string, departmentId: string): string {
  return `/appraisal/${page}?cycleId=${encodeURIComponent(cycleId)}&departmentId=${encodeURIComponent(departmentId)}`;
}

/**
 * 待审定 (assessors, city-wide, never the cadre) while a grade is submitted; 考核退回 (the appraisers of the cadre's
 * department subtree) while it is returned; a confirmation closes both. One appraisal (`<cycleId>:<cadreId>`) is
 * one subject; the grade's version guards it.
 */
function appraisalPlan(envelope: EventEnvelope<AppraisalGradeV1>, names: Names): InboxPlan | null {
  const a = envelope.data;
  if (!a || typeof a.appraisalId !== 'string' || typeof a.version !== 'number') return null;
  const at = a.occurredAt ?? envelope.occurredAt;
  const cadre = names.person(a.cadreId) || '未知人员';
  const cycle = a.cycleName || labelOf(CYCLE_KIND_LABELS, a.cycleKind);
  const grade = a.grade ? labelOf(GRADE_LABELS, a.grade) : '';
  const base = {
    subjectType: 'appraisal' as const,
    subjectId: a.appraisalId,
    title: cycle,
    departmentId: a.departmentId,
    departmentPath: a.departmentPath ?? [],
    clockFrom: at,
  };
  const plan = (kinds: InboxPlan['kinds']): InboxPlan => ({ subjectType: 'appraisal', subjectId: a.appraisalId, sourceVersion: a.version, kinds });
  switch (envelope.type) {
    case APPRAISAL_EVENTS.gradeSubmitted:
      return plan({
        appraisal_review: [
          {
            ...base,
            id: `appraisal_review:${a.appraisalId}`,
            kind: 'appraisal_review',
            summary: `${cadre} · ${labelOf(CYCLE_KIND_LABELS, a.cycleKind)}${grade ? ` ${grade}` : ''} 待审定`,
            link: appraisalLink('review', a.cycleId, a.departmentId),
            userIds: [],
            role: 'assessor',
            excludeUserIds: uniq([a.cadreId]),
          },
        ],
        appraisal_revise: [],
      });
    case APPRAISAL_EVENTS.gradeReturned:
      return plan({
        appraisal_review: [],
        appraisal_revise: [
          {
            ...base,
            id: `appraisal_revise:${a.appraisalId}`,
            kind: 'appraisal_revise',
            summary: `${cadre} · ${labelOf(CYCLE_KIND_LABELS, a.cycleKind)}${grade ? ` ${grade}` : ''} 被退回${a.comment?.trim() ? `：${a.comment.trim()}` : '，请重新评定'}`,
            link: appraisalLink('sheet', a.cycleId, a.departmentId),
            userIds: [],
            role: 'appraiser',
            excludeUserIds: uniq([a.cadreId]),
          },
        ],
      });
    case APPRAISAL_EVENTS.gradeConfirmed:
      return plan({ appraisal_review: [], appraisal_revise: [] });
    default:
      return null;
  }
}

// ---- audiences --------------------------------------------------------------------------------------------------

/** The keys an item is found by (see inbox.schema.ts `audience`). */
export function audienceOf(item: Pick<ItemDraft, 'userIds' | 'role' | 'departmentPath'>): string[] {
  const keys = item.userIds.map((id) => `user:${id}`);
  if (item.role === 'assessor') keys.push('assessor');
  else if (item.role) keys.push(...item.departmentPath.map((d) => `${item.role}:${d}`));
  return keys;
}

/** The keys a caller's inbox matches: their own items, and their roles' items of their department's ancestors' subtrees. */
export function callerAudience(caller: { userId: string; roles: readonly string[]; departmentId: string }): string[] {
  const keys = [`user:${caller.userId}`];
  if (caller.roles.includes('reviewer')) keys.push(`reviewer:${caller.departmentId}`);
  if (caller.roles.includes('assessor')) keys.push('assessor');
  if (caller.roles.includes('publisher')) keys.push(`publisher:${caller.departmentId}`);
  if (caller.roles.includes('appraiser')) keys.push(`appraiser:${caller.departmentId}`);
  return keys;
}

/** Whose inbox an item concerns, for the live feed (`live.inbox`). */
export function liveAudience(items: readonly Pick<ItemDraft, 'userIds' | 'role' | 'departmentPath'>[]): { userIds: string[]; roles: { role: InboxRole; departmentPath: string[] | null }[] } {
  const userIds = new Set<string>();
  const roles = new Map<string, { role: InboxRole; departmentPath: string[] | null }>();
  for (const item of items) {
    for (const id of item.userIds) userIds.add(id);
    if (item.role) {
      const departmentPath = item.role === 'assessor' ? null : item.departmentPath;
      roles.set(`${item.role}|${departmentPath?.join('/') ?? ''}`, { role: item.role, departmentPath });
    }
  }
  return { userIds: [...userIds], roles: [...roles.values()] };
}

function uniq(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}
