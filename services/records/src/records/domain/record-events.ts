import { RECORD_EVENTS, type Caller, type RecordCreatedV1, type RecordParticipantFact, type RecordTransitionV1 } from '@cadre/contracts';
import type { Participant, RecordDocument } from '../record.schema';
import type { RecordAction } from './workflow';

/** The event each workflow action announces (a return by the reviewer or the assessor is the same event). */
export const EVENT_OF: Record<RecordAction, string> = {
  submit: RECORD_EVENTS.submitted,
  withdraw: RECORD_EVENTS.withdrawn,
  'review:approve': RECORD_EVENTS.reviewed,
  'review:return': RECORD_EVENTS.returned,
  'review:reject': RECORD_EVENTS.rejected,
  'assess:confirm': RECORD_EVENTS.verified,
  'assess:return': RECORD_EVENTS.returned,
  revoke: RECORD_EVENTS.revoked,
  delete: RECORD_EVENTS.deleted,
};

export function createdFacts(record: RecordDocument, at: Date): RecordCreatedV1 {
  return {
    recordId: record._id,
    version: record.version,
    cadreId: record.cadreId,
    departmentId: record.departmentId,
    departmentPath: record.departmentPath,
    itemCode: record.itemCode,
    firstLevelCode: record.firstLevelCode,
    title: record.title,
    status: 'draft',
    createdAt: at.toISOString(),
  };
}

/**
 * A participant's answer to their share as the record holds it: the filer's is theirs (`confirmed`); a share stored
 * before answers were kept stops nothing (domain/shares.ts), so it reads as `confirmed` too.
 */
export function confirmationOf(record: Pick<RecordDocument, 'cadreId'>, participant: Pick<Participant, 'userId' | 'confirmation'>): RecordParticipantFact['confirmation'] {
  if (participant.userId === record.cadreId) return 'confirmed';
  return participant.confirmation ?? 'confirmed';
}

/** The whole record at the version a transition (or an edit) produced: consumers never ask back. */
export function transitionFacts(record: RecordDocument, fromStatus: string, action: string, who: Pick<Caller, 'userId'>, comment: string, at: Date): RecordTransitionV1 {
  return {
    recordId: record._id,
    version: record.version,
    status: record.status,
    fromStatus,
    action,
    actorId: who.userId,
    comment,
    cadreId: record.cadreId,
    departmentId: record.departmentId,
    departmentPath: record.departmentPath,
    itemCode: record.itemCode,
    firstLevelCode: record.firstLevelCode,
    taxonomyVersion: record.taxonomyVersion,
    title: record.title,
    periodStart: record.periodStart,
    periodEnd: record.periodEnd,
    claimedImpactLevel: record.impactLevel,
    confirmedImpactLevel: record.confirmedImpactLevel,
    rating: record.rating,
    participants: record.participants.map((p) => ({ userId: p.userId, role: p.role, share: p.share, confirmation: confirmationOf(record, p) })),
    submittedAt: record.submittedAt ? new Date(record.submittedAt).toISOString() : null,
    verifiedAt: record.verifiedAt ? new Date(record.verifiedAt).toISOString() : null,
    createdAt: new Date(record.createdAt).toISOString(),
    occurredAt: at.toISOString(),
  };
}
