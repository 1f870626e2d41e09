import type { RecordStatus } from '@cadre/contracts';

/** The closed loop 报送 → 审核 → 研判 of docs/DOMAIN.md §1, as data. */
export type RecordAction = 'submit' | 'review:approve' | 'review:return' | 'review:reject' | 'assess:confirm' | 'assess:return' | 'revoke';

const TRANSITIONS: Record<RecordAction, { from: RecordStatus; to: RecordStatus }> = {
  submit: { from: 'draft', to: 'submitted' },
  'review:approve': { from: 'submitted', to: 'reviewed' },
  'review:return': { from: 'submitted', to: 'draft' },
  'review:reject': { from: 'submitted', to: 'rejected' },
  'assess:confirm': { from: 'reviewed', to: 'verified' },
  'assess:return': { from: 'reviewed', to: 'draft' },
  revoke: { from: 'verified', to: 'revoked' },
};

export type TransitionResult = { ok: true; to: RecordStatus } | { ok: false; reason: string };

/** Where `action` takes a record in `status`, or why it cannot. */
export function transition(status: RecordStatus, action: RecordAction): TransitionResult {
  const rule = TRANSITIONS[action];
  if (rule.from !== status) return { ok: false, reason: `A record in status "${status}" cannot be ${describe(action)}; it must be "${rule.from}".` };
  return { ok: true, to: rule.to };
}

export const ACTIONS = Object.keys(TRANSITIONS) as RecordAction[];

/** Only the filer edits, and only a draft. */
export function isEditable(status: RecordStatus): boolean {
  return status === 'draft';
}

/** Rejected and revoked records are final: nothing moves them, and shares are no longer answered. */
export function isFinal(status: RecordStatus): boolean {
  return status === 'rejected' || status === 'revoked';
}

function describe(action: RecordAction): string {
  switch (action) {
    case 'submit':
      return 'submitted';
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
