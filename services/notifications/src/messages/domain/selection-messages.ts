import {
  APPEAL_STATUS_LABELS,
  APPEAL_SUBJECT_TYPE_LABELS,
  APPLICATION_STATUS_LABELS,
  OBJECTION_STATUS_LABELS,
  SELECTION_EVENTS,
  labelOf,
  type NotificationKind,
  type SelectionAppealV1,
  type SelectionApplicationV1,
  type SelectionNoticeV1,
  type SelectionObjectionV1,
} from '@cadre/contracts';
import { beijingTime, links } from './format';
import type { EventLike, MessageDraft } from './messages';

/**
 * The messages of 选人用人 (issue #22). Each is keyed by its aggregate and version (`selection-round:<id>:<v>`…), not
 * by the event id: the same event published again, or redelivered, adds nothing.
 */
export function selectionMessages(event: EventLike): MessageDraft[] {
  switch (event.type) {
    case SELECTION_EVENTS.noticePublished:
      return noticePublished(event as EventLike<SelectionNoticeV1>);
    case SELECTION_EVENTS.objectionAnswered:
      return objectionAnswered(event as EventLike<SelectionObjectionV1>);
    case SELECTION_EVENTS.appealDecided:
      return appealDecided(event as EventLike<SelectionAppealV1>);
    case SELECTION_EVENTS.applicationRecommended:
      return applicationRecommended(event as EventLike<SelectionApplicationV1>);
    default:
      return [];
  }
}

function message(sourceKey: string, at: string, recipientId: string, kind: NotificationKind, title: string, baseBody: string, link: string): MessageDraft {
  return { sourceKey, recipientId, kind, title, baseBody, link, pointsSource: null, createdAt: at };
}

/** Each selected cadre (a department, 先进集体, has no inbox of its own) learns they are in the notice, and until when. */
function noticePublished(event: EventLike<SelectionNoticeV1>): MessageDraft[] {
  const n = event.data;
  if (!n || typeof n.roundId !== 'string' || typeof n.version !== 'number') return [];
  const at = n.occurredAt ?? event.occurredAt;
  const window = n.startsAt && n.endsAt ? `公示期：${beijingTime(n.startsAt)} 至 ${beijingTime(n.endsAt)}（北京时间）。` : '';
  const seen = new Set<string>();
  const out: MessageDraft[] = [];
  for (const c of n.candidates ?? []) {
    if (c?.type !== 'cadre' || typeof c.candidateId !== 'string' || seen.has(c.candidateId)) continue;
    seen.add(c.candidateId);
    const title = n.kind === 'award' ? `您已列入《${n.name}》公示，拟授予 ${c.position}` : `您已列入《${n.name}》任前公示，拟任 ${c.position}`;
    out.push(message(`selection-round:${n.roundId}:${n.version}`, at, c.candidateId, 'notice_published', title, `${window}公示期间如有异议，组织部门将核查处理。`, links.mySelection()));
  }
  return out;
}

/** The objector learns the conclusion only: the answer's text may name people or facts not theirs to read. */
function objectionAnswered(event: EventLike<SelectionObjectionV1>): MessageDraft[] {
  const o = event.data;
  if (!o || typeof o.roundId !== 'string' || typeof o.objectionId !== 'string' || typeof o.version !== 'number' || typeof o.filedBy !== 'string') return [];
  if (o.status !== 'upheld' && o.status !== 'rejected') return [];
  const outcome = labelOf(OBJECTION_STATUS_LABELS, o.status);
  const candidate = o.candidateName || '拟任人选';
  const withdrawn = o.withdrewCandidate ? '该人选已撤回。' : '';
  return [
    message(
      `selection-objection:${o.roundId}:${o.objectionId}:${o.version}`,
      o.occurredAt ?? event.occurredAt,
      o.filedBy,
      'objection_answered',
      `您对${candidate}的异议已答复：${outcome}`,
      `《${o.roundName}》任前公示，核查结论：${outcome}。${withdrawn}`,
      links.mySelection(),
    ),
  ];
}

function appealDecided(event: EventLike<SelectionAppealV1>): MessageDraft[] {
  const a = event.data;
  if (!a || typeof a.appealId !== 'string' || typeof a.version !== 'number' || typeof a.appellantId !== 'string') return [];
  if (a.status !== 'upheld' && a.status !== 'dismissed') return [];
  const what = labelOf(APPEAL_SUBJECT_TYPE_LABELS, a.subjectType);
  const answer = a.answer?.trim() ? a.answer.trim() : '（未填写）';
  return [
    message(
      `selection-appeal:${a.appealId}:${a.version}`,
      a.occurredAt ?? event.occurredAt,
      a.appellantId,
      'appeal_decided',
      `您的申诉已处理：${labelOf(APPEAL_STATUS_LABELS, a.status)}`,
      `${what}《${a.subjectTitle || what}》，处理意见：${answer}`,
      links.appeal(a.appealId),
    ),
  ];
}

/** The submitter (the cadre, or the reviewer who applied for a department) learns whether the department recommends it. */
function applicationRecommended(event: EventLike<SelectionApplicationV1>): MessageDraft[] {
  const a = event.data;
  if (!a || typeof a.applicationId !== 'string' || typeof a.version !== 'number' || typeof a.submittedBy !== 'string') return [];
  if (a.status !== 'recommended' && a.status !== 'not_recommended') return [];
  const outcome = labelOf(APPLICATION_STATUS_LABELS, a.status);
  const whose = a.applicantType === 'department' ? `${a.applicantName}的` : '您的';
  const comment = a.comment?.trim() ? a.comment.trim() : '（未填写）';
  return [
    message(
      `selection-application:${a.applicationId}:${a.version}`,
      a.occurredAt ?? event.occurredAt,
      a.submittedBy,
      'application_recommended',
      `${whose}「${a.award}」申报${outcome}`,
      `《${a.roundName}》，推荐意见：${comment}`,
      links.mySelection(),
    ),
  ];
}
