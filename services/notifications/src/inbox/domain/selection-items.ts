import {
  APPEAL_SUBJECT_TYPE_LABELS,
  SELECTION_EVENTS,
  labelOf,
  type EventEnvelope,
  type InboxKind,
  type SelectionAppealV1,
  type SelectionApplicationV1,
  type SelectionObjectionV1,
} from '@cadre/contracts';
import type { InboxPlan, ItemDraft, Names } from './items';

/**
 * 选人用人 (issue #22) in the inbox: one subject per objection (`<roundId>:<objectionId>`, guarded by the round's
 * version the event carries), per appeal (its id, the appeal's version) and per application
 * (`<roundId>:<applicationId>`, the application's version). The filing opens the item, the answer, decision or
 * recommendation closes it.
 */

export const SELECTION_KINDS = ['objection_handle', 'appeal_decide', 'application_recommend'] as const satisfies readonly InboxKind[];

export const selectionLinks = {
  round: (roundId: string) => `/selection/rounds/${roundId}`,
  applications: (roundId: string) => `/selection/rounds/${roundId}/applications`,
  appeal: (appealId: string) => `/selection/appeals/${appealId}`,
};

/** The user ids a selection event's summaries name (the objection's candidate and the application's names travel in the event). */
export function selectionPeopleNamed(envelope: EventEnvelope): string[] {
  const data = (envelope.data ?? {}) as Partial<SelectionAppealV1>;
  if (envelope.type.startsWith('selection.appeal.')) return typeof data.appellantId === 'string' ? [data.appellantId] : [];
  return [];
}

export function selectionPlan(envelope: EventEnvelope, names: Names): InboxPlan | null {
  switch (envelope.type) {
    case SELECTION_EVENTS.objectionFiled:
    case SELECTION_EVENTS.objectionAnswered:
      return objectionPlan(envelope as EventEnvelope<SelectionObjectionV1>);
    case SELECTION_EVENTS.appealFiled:
    case SELECTION_EVENTS.appealDecided:
      return appealPlan(envelope as EventEnvelope<SelectionAppealV1>, names);
    case SELECTION_EVENTS.applicationSubmitted:
    case SELECTION_EVENTS.applicationRecommended:
      return applicationPlan(envelope as EventEnvelope<SelectionApplicationV1>);
    default:
      return null;
  }
}

const WAITING_OBJECTION = new Set(['open', 'investigating']);

/**
 * 待核查异议 for the assessors (city-wide; never the candidate) while the objection is open or under investigation.
 * Nothing about the objector: the filing event does not name them, and the item would show it to every assessor.
 */
function objectionPlan(envelope: EventEnvelope<SelectionObjectionV1>): InboxPlan | null {
  const o = envelope.data;
  if (!o || typeof o.roundId !== 'string' || typeof o.objectionId !== 'string' || typeof o.version !== 'number') return null;
  const subjectId = `${o.roundId}:${o.objectionId}`;
  const path = stringsOf(o.departmentPath);
  const candidate = o.candidateName || '拟任人选';
  const waiting = envelope.type === SELECTION_EVENTS.objectionFiled && WAITING_OBJECTION.has(o.status);
  const item = (): ItemDraft => ({
    id: `objection_handle:${subjectId}`,
    kind: 'objection_handle',
    subjectType: 'objection',
    subjectId,
    title: `《${o.roundName}》异议：${candidate}`,
    summary: `${candidate} · 任前公示收到异议，待核查答复`,
    link: selectionLinks.round(o.roundId),
    departmentId: path.at(-1) ?? '',
    departmentPath: path,
    userIds: [],
    role: 'assessor',
    excludeUserIds: uniq([o.candidateId]),
    clockFrom: o.occurredAt ?? envelope.occurredAt,
  });
  return { subjectType: 'objection', subjectId, sourceVersion: o.version, kinds: { objection_handle: waiting ? [item()] : [] } };
}

/** 待处理申诉 for the assessors (city-wide), never the appellant, while the appeal is pending. */
function appealPlan(envelope: EventEnvelope<SelectionAppealV1>, names: Names): InboxPlan | null {
  const a = envelope.data;
  if (!a || typeof a.appealId !== 'string' || typeof a.version !== 'number') return null;
  const what = labelOf(APPEAL_SUBJECT_TYPE_LABELS, a.subjectType);
  const title = a.subjectTitle || what;
  const appellant = names.person(a.appellantId) || '未知人员';
  const waiting = envelope.type === SELECTION_EVENTS.appealFiled && a.status === 'pending';
  const item = (): ItemDraft => ({
    id: `appeal_decide:${a.appealId}`,
    kind: 'appeal_decide',
    subjectType: 'appeal',
    subjectId: a.appealId,
    title,
    summary: `${appellant} 对${what}《${title}》提出申诉`,
    link: selectionLinks.appeal(a.appealId),
    departmentId: a.departmentId ?? '',
    departmentPath: stringsOf(a.departmentPath),
    userIds: [],
    role: 'assessor',
    excludeUserIds: uniq([a.appellantId]),
    clockFrom: a.occurredAt ?? envelope.occurredAt,
  });
  return { subjectType: 'appeal', subjectId: a.appealId, sourceVersion: a.version, kinds: { appeal_decide: waiting ? [item()] : [] } };
}

/** 待推荐 for the reviewers of the applicant's department subtree, never the submitter nor the applicant, while submitted. */
function applicationPlan(envelope: EventEnvelope<SelectionApplicationV1>): InboxPlan | null {
  const a = envelope.data;
  if (!a || typeof a.roundId !== 'string' || typeof a.applicationId !== 'string' || typeof a.version !== 'number') return null;
  const subjectId = `${a.roundId}:${a.applicationId}`;
  const waiting = envelope.type === SELECTION_EVENTS.applicationSubmitted && a.status === 'submitted';
  const item = (): ItemDraft => ({
    id: `application_recommend:${subjectId}`,
    kind: 'application_recommend',
    subjectType: 'application',
    subjectId,
    title: a.roundName,
    summary: `${a.applicantName || '申报人'}${a.applicantType === 'department' ? '（集体）' : ''} 申报「${a.award}」，待推荐`,
    link: selectionLinks.applications(a.roundId),
    departmentId: a.departmentId ?? '',
    departmentPath: stringsOf(a.departmentPath),
    userIds: [],
    role: 'reviewer',
    excludeUserIds: uniq([a.submittedBy, a.applicantId]),
    clockFrom: a.occurredAt ?? envelope.occurredAt,
  });
  return { subjectType: 'application', subjectId, sourceVersion: a.version, kinds: { application_recommend: waiting ? [item()] : [] } };
}

/**
 * The round an event takes past applications (its 任前公示 published, or it concluded: a recommendation is possible
 * only while `applying`), or null. The draw that closes applications announces nothing, so these are the first events
 * after which no 待推荐 of the round can be done.
 */
export function applicationsClosedBy(envelope: EventEnvelope): string | null {
  if (envelope.type !== SELECTION_EVENTS.noticePublished && envelope.type !== SELECTION_EVENTS.roundConcluded) return null;
  const roundId = (envelope.data as { roundId?: unknown } | null)?.roundId;
  return typeof roundId === 'string' ? roundId : null;
}

/** Applications of a round past applying: every later event of theirs is at or below this version, so none opens anything. */
export const APPLICATIONS_CLOSED_VERSION = Number.MAX_SAFE_INTEGER;

/** Closes the 待推荐 of one application of a round that no longer takes recommendations. */
export function applicationClosedPlan(subjectId: string): InboxPlan {
  return { subjectType: 'application', subjectId, sourceVersion: APPLICATIONS_CLOSED_VERSION, kinds: { application_recommend: [] } };
}

/** The round of an application subject (`<roundId>:<applicationId>`). */
export function roundOfApplication(subjectId: string): string {
  return subjectId.slice(0, subjectId.indexOf(':'));
}

function stringsOf(values: unknown): string[] {
  return Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [];
}

function uniq(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];
}
