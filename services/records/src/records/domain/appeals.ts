import type { SelectionAppealV1 } from '@cadre/contracts';
import type { RecordDocument } from '../record.schema';

/**
 * 申诉 (the selection service decides appeals; docs/API.md "Selection"): an upheld appeal of a rejected record (不予通过)
 * reopens it, back with the assessors. Every other decided appeal (dismissed, of a returned record, a verdict or a
 * points entry) the organisation department corrects through the usual commands: nothing happens here.
 */
export type DecidedAppeal = Pick<SelectionAppealV1, 'appealId' | 'subjectType' | 'subjectId' | 'subjectState' | 'status' | 'answer' | 'decidedBy'>;

/** Whether the decision is an upheld appeal of a record appealed while rejected (known from the event alone). */
export function isUpheldRejection(appeal: DecidedAppeal): boolean {
  return appeal.status === 'upheld' && appeal.subjectType === 'record' && appeal.subjectState === 'rejected';
}

/**
 * Whether the appeal reopens the record now: it is still rejected, and this appeal has not reopened it before (a
 * redelivered decision finds the record reviewed, or, rejected once more since, the reopening in its history).
 */
export function appealReopens(appeal: DecidedAppeal, record: Pick<RecordDocument, 'status' | 'history'>): boolean {
  if (!isUpheldRejection(appeal) || record.status !== 'rejected') return false;
  return !record.history.some((line) => line.action === 'reopen' && line.appealId === appeal.appealId);
}

/** The reopening's history comment: 申诉成立, with the assessor's answer. */
export function appealReopenComment(answer: string | null): string {
  const text = answer?.trim();
  return text ? `申诉成立：${text}` : '申诉成立';
}
