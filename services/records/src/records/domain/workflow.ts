import type { RecordStatus } from '@cadre/contracts';

/** The closed loop 报送 → 审核 → 研判 of docs/DOMAIN.md §1, as data. */
export type RecordAction = 'submit' | 'withdraw' | 'review:approve' | 'review:return' | 'review:reject' | 'assess:confirm' | 'assess:return' | 'revoke' | 'delete';

/** What is stored: the statuses of the API, and `deleted` (a never-submitted draft its filer deleted: answered as 404). */
export type StoredStatus = RecordStatus | 'deleted';

const TRANSITIONS: Record<Exclude<RecordAction, 'delete'>, { from: RecordStatus; to: RecordStatus }> = {
  submit: { from: 'draft', to: 'submitted' },
  withdraw: { from: 'submitted', to: 'draft' },
  'review:approve': { from: 'submitted', to: 'reviewed' },
  'review:return': { from: 'submitted', to: 'draft' },
  'review:reject': { from: 'submitted', to: 'rejected' },
  'assess:confirm': { from: 'reviewed', to: 'verified' },
  'assess:return': { from: 'reviewed', to: 'draft' },
  revoke: { from: 'verified', to: 'revoked' },
};

export type TransitionResult = { ok: true; to: StoredStatus } | { ok: false; reason: string };

/** Where `action` takes a record in `status`, or why it cannot. */
export function transition(status: RecordStatus, action: Exclude<RecordAction, 'delete'>): TransitionResult {
  const rule = TRANSITIONS[action];
  if (rule.from !== status) return { ok: false, reason: `A record in status "${status}" cannot be ${describe(action)}; it must be "${rule.from}".` };
  return { ok: true, to: rule.to };
}

export const ACTIONS = Object.keys(TRANSITIONS) as Exclude<RecordAction, 'delete'>[];

/**
 * The filer deletes a draft. One never submitted is removed (`deleted`: 404 from then on, out of every list); one
 * submitted before carries a reviewer's or assessor's decision in its history, which is never erased, so it is
 * kept, final, as `discarded` (已作废). Anything but a draft is not deleted (withdraw a submitted one first).
 */
export function deletion(status: StoredStatus, submittedBefore: boolean): TransitionResult {
  if (status !== 'draft') return { ok: false, reason: `Only a draft can be deleted; this record is "${status}".` };
  return { ok: true, to: submittedBefore ? 'discarded' : 'deleted' };
}

/** Only the filer edits, and only a draft. */
export function isEditable(status: RecordStatus): boolean {
  return status === 'draft';
}

/** Rejected, revoked, discarded and deleted records are final: nothing moves them, and shares are no longer answered. */
export function isFinal(status: StoredStatus): boolean {
  return status === 'rejected' || status === 'revoked' || status === 'discarded' || status === 'deleted';
}

function describe(action: Exclude<RecordAction, 'delete'>): string {
  switch (action) {
    case 'submit':
      return 'submitted';
    case 'withdraw':
      return 'withdrawn';
    case 'review:approve':
    case 'review:return':
    case 'review:reject':
      return 'reviewed';
    case 'assess:confirm':
    case 'assess:return':
      return 'assessed';
    case 'revoke':
      return 'revoked';
  }
}
