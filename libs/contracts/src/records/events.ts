/** Event types of the records service (stream RECORDS). */
export const RECORD_EVENTS = {
  created: 'records.record.created',
  /** A draft was edited (item, title, participants…); carries the whole record like a transition. */
  updated: 'records.record.updated',
  submitted: 'records.record.submitted',
  reviewed: 'records.record.reviewed',
  returned: 'records.record.returned',
  rejected: 'records.record.rejected',
  verified: 'records.record.verified',
  revoked: 'records.record.revoked',
  /** The filer took a submitted record back to draft before review (撤回). */
  withdrawn: 'records.record.withdrawn',
  /**
   * The filer deleted a draft: status `deleted` (never submitted: gone from every answer) or `discarded` (submitted
   * before: kept with its history, final). Either way it is no achievement any more: consumers drop it.
   */
  deleted: 'records.record.deleted',
  /**
   * A participant disputed their share of a verified record within the dispute window: the record is back with the
   * assessor (`reviewed`, rating and verification cleared) and its points are reversed until it is verified again
   * (a new `verified` at a later version gives new entries).
   */
  reopened: 'records.record.reopened',
  /**
   * A co-participant confirmed or disputed their share (action `confirm_share` / `dispute_share`, actorId the
   * participant); carries the record like a transition, with every participant's `confirmation`. A dispute that
   * reopens a verified record announces `reopened` instead.
   */
  shareAnswered: 'records.record.share_answered',
} as const;


export interface RecordCreatedV1 {
  recordId: string;
  version: number;
  cadreId: string;
  departmentId: string;
  departmentPath: string[];
  itemCode: string;
  firstLevelCode: string;
  title: string;
  status: 'draft';
  createdAt: string;
}

export interface RecordParticipantFact {
  userId: string;
  role: 'lead' | 'member';
  /** Contribution share in percent; the shares of a record sum to 100. */
  share: number;
  /**
   * The participant's answer to their share: the filer is `confirmed`; a co-participant `pending` until they
   * answer. Absent in events written before it was carried.
   */
  confirmation?: 'pending' | 'confirmed' | 'disputed';
}

/**
 * Every transition event of a record carries the whole picture scoring and analytics need, so a consumer
 * never asks back: the record at the version the transition produced.
 */
export interface RecordTransitionV1 {
  recordId: string;
  version: number;
  status: string;
  fromStatus: string;
  action: string;
  actorId: string;
  comment: string;
  cadreId: string;
  departmentId: string;
  departmentPath: string[];
  itemCode: string;
  firstLevelCode: string;
  taxonomyVersion: number;
  title: string;
  periodStart: string;
  periodEnd: string;
  claimedImpactLevel: string;
  confirmedImpactLevel: string | null;
  rating: string | null;
  participants: RecordParticipantFact[];
  submittedAt: string | null;
  verifiedAt: string | null;
  /** When the record was filed: analytics counts a record in the month (UTC+8) it was filed. */
  createdAt: string;
  occurredAt: string;
}
