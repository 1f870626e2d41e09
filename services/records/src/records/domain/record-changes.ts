import { RECORD_EVENTS, type Caller, type CreateRecordInput, type UpdateRecordInput } from '@cadre/contracts';
import { each, type AggregateChange, type PendingEvent } from '@cadre/messaging';
import type { HistoryEntry, Participant, RecordDocument } from '../record.schema';
import { historyEntry, type Actor } from './history';
import { appealReopenComment } from './appeals';
import { EVENT_OF, createdFacts, transitionFacts } from './record-events';
import type { RecordAction, StoredStatus } from './workflow';

/**
 * What each write does to a record, decided from what was read and what the use case looked up (names,
 * duplicate flags, the taxonomy version): pure, so the same inputs always make the same change.
 */

/** Whether a record shares evidence with other records (of any filer), and which. */
export interface DuplicateFlags {
  duplicateEvidence: boolean;
  duplicateOf: string[];
}

export type RecordContent = Pick<RecordDocument, 'itemCode' | 'title' | 'description' | 'periodStart' | 'periodEnd' | 'impactLevel' | 'results' | 'evidence'>;

export function firstLevel(itemCode: string): string {
  return itemCode.split('-')[0];
}

export function evidenceHashes(evidence: RecordContent['evidence']): string[] {
  return [...new Set(evidence.map((e) => e.sha256))];
}

/** A new draft filed by `who`, and the event announcing it. */
export function draftRecord(draft: {
  id: string;
  who: Caller;
  input: CreateRecordInput;
  /** The evidence's files as stored (resolved from the input's file ids). */
  evidence: RecordDocument['evidence'];
  taxonomyVersion: number;
  participants: Participant[];
  flags: DuplicateFlags;
  now: Date;
}): { record: RecordDocument; events: PendingEvent[] } {
  const { id, who, input, now } = draft;
  const record: RecordDocument = {
    _id: id,
    version: 1,
    cadreId: who.userId,
    cadreName: who.name,
    departmentId: who.departmentId,
    departmentPath: who.departmentPath,
    itemCode: input.itemCode,
    firstLevelCode: firstLevel(input.itemCode),
    taxonomyVersion: draft.taxonomyVersion,
    title: input.title,
    description: input.description,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    impactLevel: input.impactLevel,
    confirmedImpactLevel: null,
    rating: null,
    results: input.results.map((r) => ({ name: r.name, value: r.value, unit: r.unit })),
    evidence: draft.evidence,
    evidenceHashes: evidenceHashes(draft.evidence),
    ...draft.flags,
    participants: draft.participants,
    participantIds: draft.participants.map((p) => p.userId),
    status: 'draft',
    history: [historyEntry('create', null, 'draft', who, '', 1, now)],
    submittedAt: null,
    verifiedAt: null,
    createdAt: now,
    updatedAt: now,
    outbox: [],
  };
  return { record, events: [{ subject: RECORD_EVENTS.created, data: createdFacts(record, now) }] };
}

/** The draft's content after an edit: what the edit names replaces, the rest stays (`evidence`: the edit's files as stored). */
export function editedContent(record: RecordDocument, input: UpdateRecordInput, evidence?: RecordDocument['evidence']): RecordContent {
  return {
    itemCode: input.itemCode ?? record.itemCode,
    title: input.title ?? record.title,
    description: input.description ?? record.description,
    periodStart: input.periodStart ?? record.periodStart,
    periodEnd: input.periodEnd ?? record.periodEnd,
    impactLevel: input.impactLevel ?? record.impactLevel,
    results: input.results ? input.results.map((r) => ({ name: r.name, value: r.value, unit: r.unit })) : record.results,
    evidence: evidence ?? record.evidence,
  };
}

/** An unchanged item code stays under the taxonomy version the record was filed under; a new one takes the current. */
export function taxonomyVersionFor(record: RecordDocument, itemCode: string, currentVersion: number): number {
  return itemCode === record.itemCode ? record.taxonomyVersion : currentVersion;
}

/** An edit of a draft; analytics counts drafts by item too, so it is announced like a transition (draft → draft). */
export function editChange(
  record: RecordDocument,
  edit: { content: RecordContent; participants: Participant[]; taxonomyVersion: number; flags: DuplicateFlags },
  who: Caller,
  now: Date,
): AggregateChange {
  const version = record.version + 1;
  const set = {
    ...edit.content,
    firstLevelCode: firstLevel(edit.content.itemCode),
    taxonomyVersion: edit.taxonomyVersion,
    evidenceHashes: evidenceHashes(edit.content.evidence),
    ...edit.flags,
    participants: edit.participants,
    participantIds: edit.participants.map((p) => p.userId),
  };
  return {
    set,
    push: { history: historyEntry('edit', 'draft', 'draft', who, '', version, now) },
    events: [{ subject: RECORD_EVENTS.updated, data: transitionFacts({ ...record, ...set, version }, 'draft', 'edit', who, '', now) }],
  };
}

/** What an assessor's confirmation fixes: the rating, and the impact level when they correct the claimed one. */
export interface Assessment {
  rating?: string;
  confirmedImpactLevel?: string;
}

/**
 * A workflow step already allowed (access) and possible (workflow): the new status, what the step fixes (the
 * submission time and duplicate flags, the verification), the history line and the event.
 */
export function transitionChange(
  record: RecordDocument,
  step: { action: RecordAction; to: StoredStatus; who: Caller; comment: string; assessment?: Assessment; flags?: DuplicateFlags; now: Date },
): AggregateChange {
  const { action, who, comment, now } = step;
  const version = record.version + 1;
  const set: Partial<RecordDocument> = {
    status: step.to,
    ...(action === 'submit' ? { submittedAt: now, ...step.flags } : {}),
    ...(action === 'assess:confirm'
      ? { verifiedAt: now, rating: step.assessment?.rating ?? null, confirmedImpactLevel: step.assessment?.confirmedImpactLevel ?? record.impactLevel }
      : {}),
  };
  const next: RecordDocument = { ...record, ...set, version };
  return {
    set,
    push: { history: historyEntry(action, record.status, step.to, who, comment, version, now) },
    events: [{ subject: EVENT_OF[action], data: transitionFacts(next, record.status, action, who, comment, now) }],
  };
}

/**
 * A co-participant's answer to their share: recorded on the share and in the history, and announced as
 * `records.record.share_answered` (action `confirm_share` / `dispute_share`, the dispute's reason as comment) so the
 * inbox knows who still has a share to confirm. With `reopen` (a dispute of a verified record, within the window)
 * the record is reopened instead (`reopenChange`, 份额异议): the answer's history line, then the reopening with the
 * disputer's reason, and only `records.record.reopened` (not share_answered).
 */
export function shareAnswerChange(record: RecordDocument, who: Caller, answer: { decision: 'confirm' | 'dispute'; comment: string }, now: Date, reopen = false): AggregateChange {
  const participants = record.participants.map((p) =>
    p.userId === who.userId ? { ...p, confirmation: answer.decision === 'confirm' ? 'confirmed' : 'disputed', comment: answer.comment } : p,
  ) as Participant[];
  const version = record.version + 1;
  const answered = historyEntry(`participation:${answer.decision}`, record.status, record.status, who, answer.comment, version, now);
  if (!reopen) {
    const next: RecordDocument = { ...record, participants, version };
    const action = answer.decision === 'confirm' ? 'confirm_share' : 'dispute_share';
    const comment = answer.decision === 'dispute' ? answer.comment : '';
    return {
      set: { participants },
      push: { history: answered },
      events: [{ subject: RECORD_EVENTS.shareAnswered, data: transitionFacts(next, record.status, action, who, comment, now) }],
    };
  }
  return reopenChange(record, who, answer.comment, now, { set: { participants }, before: [answered] });
}

/**
 * A record back with the assessors (待研判): `reviewed`, its verification and rating cleared, a history line
 * "reopen" with the reason, and `records.record.reopened`, on which scoring reverses a verified record's points until
 * it is verified again. The one reopening: of a verified record whose share was disputed (`shareAnswerChange`), and
 * of a rejected record whose appeal was upheld (`appealReopenChange`). `set` and `before` carry what the same write
 * also changes (the disputed share, and its own history line first); `appealId` marks the reopening by that appeal.
 */
export function reopenChange(
  record: RecordDocument,
  who: Actor,
  comment: string,
  now: Date,
  also: { set?: Partial<RecordDocument>; before?: HistoryEntry[]; appealId?: string } = {},
): AggregateChange {
  const version = record.version + 1;
  const set: Partial<RecordDocument> = { ...also.set, status: 'reviewed', verifiedAt: null, rating: null, confirmedImpactLevel: null };
  const next: RecordDocument = { ...record, ...set, version };
  const reopened: HistoryEntry = { ...historyEntry('reopen', record.status, 'reviewed', who, comment, version, now), ...(also.appealId ? { appealId: also.appealId } : {}) };
  const lines = [...(also.before ?? []), reopened];
  return {
    set,
    push: { history: lines.length === 1 ? reopened : each(lines) },
    events: [{ subject: RECORD_EVENTS.reopened, data: transitionFacts(next, record.status, 'reopen', who, comment, now) }],
  };
}

/** An upheld appeal of a rejection (domain/appeals.ts decides when) reopens the record, by the deciding assessor, with the answer. */
export function appealReopenChange(record: RecordDocument, appeal: { appealId: string; answer: string | null }, decider: Actor, now: Date): AggregateChange {
  return reopenChange(record, decider, appealReopenComment(appeal.answer), now, { appealId: appeal.appealId });
}
