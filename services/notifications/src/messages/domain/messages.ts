import { createHash } from 'node:crypto';
import {
  APPRAISAL_EVENTS,
  CYCLE_KIND_LABELS,
  GRADE_LABELS,
  RECORD_EVENTS,
  TASK_EVENTS,
  type AppraisalGradeV1,
  type BidScoreFact,
  type NotificationKind,
  type RecordTransitionV1,
  type TaskAwardedV1,
  type TaskConcludedV1,
  type TeamChangedV1,
  type TeamFormedV1,
  MEMBER_ROLE_LABELS,
  RATING_LABELS,
  TASK_VERDICT_LABELS,
  labelOf,
} from '@cadre/contracts';
import { beijingTime, formatPoints, links } from './format';
import { selectionMessages } from './selection-messages';

/**
 * Which messages (消息) an event sends to whom: pure, no I/O. The caller looks the people's names up in the directory
 * replica beforehand and passes them as `names`; it stores each draft under `messageId(draft)`, so a redelivered
 * event meets its own messages and adds nothing.
 */
export interface MessageDraft {
  /** The event (or job) that caused it; with the recipient and kind, the message's identity. */
  sourceKey: string;
  recipientId: string;
  kind: NotificationKind;
  title: string;
  /** The body without the points; `renderBody` adds them once scoring has counted them. */
  baseBody: string;
  link: string;
  /** `record:<id>` / `task:<id>`: where `scoring.score.updated` fills the points in (verified, concluded); else null. */
  pointsSource: string | null;
  createdAt: string;
}

/** A message's natural key: the source, the recipient and the kind (a redelivery, or a rebuild, finds it there). */
export function messageKey(draft: Pick<MessageDraft, 'sourceKey' | 'recipientId' | 'kind'>): string {
  return `${draft.sourceKey}|${draft.recipientId}|${draft.kind}`;
}

/** A message's `_id`: its key hashed into the API's id shape (`POST /notifications/:id/read`). */
export function messageId(draft: Pick<MessageDraft, 'sourceKey' | 'recipientId' | 'kind'>): string {
  return `n${createHash('sha256').update(messageKey(draft)).digest('hex').slice(0, 40)}`;
}

/** The body people read: the points appended once known. */
export function renderBody(baseBody: string, points: number | null): string {
  return points === null ? baseBody : `${baseBody}积分 ${formatPoints(points)}。`;
}

/** Names by user id (from the directory replica); never an id where a person reads. */
export type Names = (userId: string) => string;
export const UNKNOWN_PERSON = '（未知人员）';

export interface EventLike<T = unknown> {
  eventId: string;
  type: string;
  occurredAt: string;
  data: T;
}

/** A bid as `tasks.bid.submitted` described it (kept by the service to tell a task's teams apart at award). */
export interface BidFact {
  bidId: string;
  teamId: string;
  teamName: string;
  memberIds: string[];
}

export interface MessageContext {
  names: Names;
  /** The bids of the task, for `tasks.task.awarded` (its event names teams and bids, not their members). */
  bids?: Map<string, BidFact>;
  /** For `tasks.team.changed`: who was invited by this change (not who still waits from before). */
  newlyInvited?: string[];
  /** For `appraisal.grade.returned`: the appraisers (考核专员) whose department lies on the cadre's department path. */
  appraisers?: string[];
}

/** The people an event speaks about whose names the caller should look up. */
export function peopleOf(event: EventLike): string[] {
  const data = event.data as Partial<RecordTransitionV1 & TaskAwardedV1 & TeamChangedV1>;
  const ids = new Set<string>();
  const byUserId = (event.data as { byUserId?: unknown } | null)?.byUserId;
  for (const id of [data.actorId, data.cadreId, data.leadId, data.publisherId, byUserId]) if (typeof id === 'string') ids.add(id);
  return [...ids];
}

export function messagesFor(event: EventLike, context: MessageContext): MessageDraft[] {
  switch (event.type) {
    case RECORD_EVENTS.returned:
    case RECORD_EVENTS.rejected:
    case RECORD_EVENTS.verified:
    case RECORD_EVENTS.revoked:
    case RECORD_EVENTS.reopened:
    case RECORD_EVENTS.shareAnswered:
      return recordMessages(event as EventLike<RecordTransitionV1>, context);
    case TASK_EVENTS.teamChanged:
      return teamInvited(event as EventLike<TeamChangedV1>, context);
    case TASK_EVENTS.teamFormed:
      return teamFormed(event as EventLike<TeamFormedV1>);
    case TASK_EVENTS.awarded:
      return taskAwarded(event as EventLike<TaskAwardedV1>, context);
    case TASK_EVENTS.concluded:
      return taskConcluded(event as EventLike<TaskConcludedV1>);
    case APPRAISAL_EVENTS.gradeReturned:
    case APPRAISAL_EVENTS.gradeConfirmed:
      return appraisalMessages(event as EventLike<AppraisalGradeV1>, context);
    default:
      return event.type.startsWith('selection.') ? selectionMessages(event) : [];
  }
}

function draft(event: EventLike, recipientId: string, kind: NotificationKind, title: string, baseBody: string, link: string, pointsSource: string | null = null): MessageDraft {
  return { sourceKey: event.eventId, recipientId, kind, title, baseBody, link, pointsSource, createdAt: event.occurredAt };
}

function participantsOf(record: RecordTransitionV1): string[] {
  const ids = new Set<string>([record.cadreId]);
  for (const p of record.participants ?? []) ids.add(p.userId);
  return [...ids];
}

function recordMessages(event: EventLike<RecordTransitionV1>, { names }: MessageContext): MessageDraft[] {
  const r = event.data;
  const link = links.record(r.recordId);
  const when = beijingTime(event.occurredAt);
  const actor = names(r.actorId);
  const comment = r.comment?.trim() ? r.comment.trim() : '（未填写）';
  const title = `《${r.title}》`;
  switch (event.type) {
    case RECORD_EVENTS.returned:
      return [draft(event, r.cadreId, 'record_returned', `纪实${title}被退回修改`, `${actor}于${when}退回，意见：${comment}。请修改后重新报送。`, link)];
    case RECORD_EVENTS.rejected:
      return [draft(event, r.cadreId, 'record_rejected', `纪实${title}未通过审核`, `${actor}于${when}驳回，意见：${comment}。`, link)];
    case RECORD_EVENTS.verified: {
      const rating = r.rating ? labelOf(RATING_LABELS, r.rating) : '—';
      return participantsOf(r).map((userId) =>
        draft(event, userId, 'record_verified', `纪实${title}已认定`, `${when}研判认定，等级：${rating}。`, link, `record:${r.recordId}`),
      );
    }
    case RECORD_EVENTS.revoked:
      return participantsOf(r).map((userId) => draft(event, userId, 'record_revoked', `纪实${title}已撤销认定`, `${actor}于${when}撤销认定，原因：${comment}。相应积分已扣回。`, link));
    case RECORD_EVENTS.reopened: {
      // A dispute of a verified record's share: the filer learns who disputed and why; the other participants that it is reopened.
      const out: MessageDraft[] = [];
      if (r.cadreId !== r.actorId) out.push(shareDisputed(event, actor, comment, true));
      for (const userId of participantsOf(r)) {
        if (userId === r.cadreId || userId === r.actorId) continue;
        out.push(draft(event, userId, 'record_reopened', `纪实${title}重新研判`, `${actor}于${when}对分工提出异议（${comment}），纪实退回研判，积分暂予扣回，待重新认定。`, link));
      }
      return out;
    }
    case RECORD_EVENTS.shareAnswered:
      return r.action === 'dispute_share' && r.cadreId !== r.actorId ? [shareDisputed(event, actor, comment, false)] : [];
    default:
      return [];
  }
}

function shareDisputed(event: EventLike<RecordTransitionV1>, actor: string, reason: string, reopened: boolean): MessageDraft {
  const r = event.data;
  const then = reopened ? '纪实已退回研判，积分暂予扣回；请调整分工。' : '请调整分工后再报送。';
  return draft(event, r.cadreId, 'share_disputed', `${actor}对纪实《${r.title}》的分工有异议`, `${actor}于${beijingTime(event.occurredAt)}提出异议，理由：${reason}。${then}`, links.record(r.recordId));
}

function teamInvited(event: EventLike<TeamChangedV1>, { names, newlyInvited = [] }: MessageContext): MessageDraft[] {
  const t = event.data;
  const invited = new Set(newlyInvited);
  return t.members
    .filter((m) => invited.has(m.userId) && m.invitation === 'invited' && m.userId !== t.actorId)
    .map((m) =>
      draft(event, m.userId, 'team_invited', `${names(t.leadId)}邀请您加入团队「${t.teamName}」`, `担任${labelOf(MEMBER_ROLE_LABELS, m.role)}，分工 ${m.share}%。请在待办中接受或谢绝。`, links.team(t.teamId)),
    );
}

/**
 * Who a team change newly invites: members waiting for an answer now who were not before (`previous`: each member's
 * invitation state at the last change seen; null for a team not seen yet); a `reinvited` change asks again everyone it leaves waiting.
 */
export function newlyInvited(previous: Record<string, string> | null, change: TeamChangedV1): string[] {
  return change.members
    .filter((m) => m.invitation === 'invited' && (change.action === 'reinvited' || previous?.[m.userId] !== 'invited'))
    .map((m) => m.userId);
}

function teamFormed(event: EventLike<TeamFormedV1>): MessageDraft[] {
  const t = event.data;
  return t.members.map((m) => draft(event, m.userId, 'team_formed', `团队「${t.teamName}」已组建`, '全体成员已接受邀请，团队可以揭榜投标了。', links.team(t.teamId)));
}

function scoreLine(fact: BidScoreFact | undefined): string {
  if (!fact || fact.score === null) return '';
  return `（评标得分 ${fact.score.toFixed(2)}${fact.rank !== null ? `，排名第 ${fact.rank}` : ''}）`;
}

function taskAwarded(event: EventLike<TaskAwardedV1>, { bids = new Map() }: MessageContext): MessageDraft[] {
  const t = event.data;
  const link = links.task(t.taskId);
  // Events written by earlier versions, or by other producers' tests, may lack lists: an absent list is empty.
  const bidIds = t.bidIds ?? [];
  const awardedTeams = new Set(t.teamIds ?? []);
  const facts = new Map<string, BidScoreFact>();
  for (const fact of [...(t.ranking ?? []), ...(t.awarded ?? [])]) facts.set(fact.bidId, fact);
  const out: MessageDraft[] = [];
  const seen = new Set<string>();
  const add = (d: MessageDraft) => {
    const id = messageId(d);
    if (seen.has(id)) return;
    out.push(d);
    seen.add(id);
  };
  bidIds.forEach((bidId) => {
    const bid = bids.get(bidId);
    if (!bid) return;
    for (const userId of bid.memberIds) {
      add(draft(event, userId, 'task_awarded', `任务《${t.title}》揭榜成功`, `您所在的团队「${bid.teamName}」中标${scoreLine(facts.get(bidId))}，请按期推进并提交成果。`, link));
    }
  });
  const passedOver = new Set(t.passedOverBidIds ?? []);
  for (const fact of t.ranking ?? []) {
    if (awardedTeams.has(fact.teamId) || bidIds.includes(fact.bidId)) continue;
    const bid = bids.get(fact.bidId);
    if (!bid) continue;
    const reason = passedOver.has(fact.bidId) && t.reason ? `定标说明：${t.reason}。` : '';
    for (const userId of bid.memberIds) {
      add(draft(event, userId, 'task_not_awarded', `任务《${t.title}》未中标`, `您所在的团队「${bid.teamName}」的投标未中标${scoreLine(fact)}。${reason}`, link));
    }
  }
  return out;
}

function taskConcluded(event: EventLike<TaskConcludedV1>): MessageDraft[] {
  const t = event.data;
  const out: MessageDraft[] = [];
  const seen = new Set<string>();
  for (const team of t.teams ?? []) {
    const verdict = labelOf(TASK_VERDICT_LABELS, team.verdict ?? t.verdict);
    const tolerance = team.tolerance === 'accepted' ? '容错申请获认可。' : team.tolerance === 'rejected' ? '容错申请未获认可。' : '';
    for (const m of team.members ?? []) {
      if (seen.has(m.userId)) continue;
      seen.add(m.userId);
      out.push(draft(event, m.userId, 'task_concluded', `任务《${t.title}》已结项`, `团队「${team.teamName}」评审结论：${verdict}。${tolerance}`, links.task(t.taskId), `task:${t.taskId}`));
    }
  }
  return out;
}

/** `2026年度考核`, `2026年第1季度平时考核`, else the cycle's name: what people call the appraisal. */
export function appraisalName(a: Pick<AppraisalGradeV1, 'cycleKind' | 'cycleName' | 'period' | 'year'>): string {
  if (a.cycleKind === 'annual' && a.year) return `${a.year}${labelOf(CYCLE_KIND_LABELS, 'annual')}`;
  const quarter = /^(\d{4})-Q([1-4])$/.exec(a.period ?? '');
  if (a.cycleKind === 'quarterly' && quarter) return `${quarter[1]}年第${quarter[2]}季度${labelOf(CYCLE_KIND_LABELS, 'quarterly')}`;
  return a.cycleName || labelOf(CYCLE_KIND_LABELS, a.cycleKind);
}

/**
 * A returned grade tells the appraisers of the cadre's department (with the reason); a confirmed one tells the cadre.
 * Keyed by the appraisal and its version, not the event id: the same grade event published again adds nothing.
 */
function appraisalMessages(event: EventLike<AppraisalGradeV1>, { names, appraisers = [] }: MessageContext): MessageDraft[] {
  const a = event.data;
  if (!a || typeof a.appraisalId !== 'string' || typeof a.version !== 'number') return [];
  const keyed = (d: MessageDraft): MessageDraft => ({ ...d, sourceKey: `appraisal:${a.appraisalId}:${a.version}`, createdAt: a.occurredAt ?? event.occurredAt });
  const grade = a.grade ? labelOf(GRADE_LABELS, a.grade) : '—';
  const what = appraisalName(a);
  const when = beijingTime(a.occurredAt ?? event.occurredAt);
  if (event.type === APPRAISAL_EVENTS.gradeConfirmed) {
    return [keyed(draft(event, a.cadreId, 'appraisal_confirmed', `您的${what}等次已确认：${grade}`, `${a.cycleName || what}，等次：${grade}，${when}确认。`, links.myAppraisal()))];
  }
  const reason = a.comment?.trim() ? a.comment.trim() : '（未填写）';
  const cadre = names(a.cadreId);
  return [...new Set(appraisers)]
    .filter((id) => id !== a.cadreId)
    .map((id) =>
      keyed(
        draft(event, id, 'appraisal_returned', `${cadre}的${what}等次被退回`, `${names(a.byUserId)}于${when}退回（原评定：${grade}），理由：${reason}。请重新评定后报送。`, links.appraisalSheet(a.cycleId, a.departmentId)),
      ),
    );
}
