import type { ProblemFieldError } from '@cadre/contracts';
import type { Participant } from '../record.schema';
import type { StoredStatus } from './workflow';

/**
 * Shares must really be confirmed (issue #18 item 3): a record is approved by its reviewer, or verified by its
 * assessor, only once every co-participant has confirmed their share; a share disputed after verification, within
 * the dispute window, reopens the record.
 */

/** The participants whose share stops a review or a verification: those who have not answered, and those who dispute. */
export function unconfirmedShares(participants: readonly Pick<Participant, 'name' | 'userId' | 'confirmation'>[]): { pending: string[]; disputed: string[] } {
  const name = (p: Pick<Participant, 'name' | 'userId'>) => p.name || p.userId;
  return {
    pending: participants.filter((p) => p.confirmation === 'pending').map(name),
    disputed: participants.filter((p) => p.confirmation === 'disputed').map(name),
  };
}

/** Why the record cannot be approved or verified yet (naming each participant), or nothing. */
export function sharesBlock(participants: readonly Pick<Participant, 'name' | 'userId' | 'confirmation'>[]): string | undefined {
  const { pending, disputed } = unconfirmedShares(participants);
  if (!pending.length && !disputed.length) return undefined;
  const parts = [...(pending.length ? [`未确认份额：${pending.join('、')}`] : []), ...(disputed.length ? [`对份额有异议：${disputed.join('、')}`] : [])];
  return `Every participant must confirm their share first (${parts.join('；')}).`;
}

/**
 * The participants after an edit: when the list of people, roles or shares changes, every confirmation starts
 * again (the filer's own is theirs); when it is the same, the answers given stand.
 */
export function carriedConfirmations(previous: readonly Participant[], next: readonly Participant[]): Participant[] {
  const key = (list: readonly Pick<Participant, 'userId' | 'role' | 'share'>[]) => JSON.stringify(list.map((p) => [p.userId, p.role, p.share]));
  if (key(previous) !== key(next)) return [...next];
  return next.map((p, index) => ({ ...p, confirmation: previous[index].confirmation, comment: previous[index].comment }));
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** What a co-participant's answer does to a record in `status`. */
export type ShareAnswerOutcome = { ok: true; reopen: boolean } | { ok: false; status: 400; errors: ProblemFieldError[] } | { ok: false; status: 409; reason: string };

/**
 * A co-participant answers their share. Before verification the answer is recorded (a dispute then stops the review
 * or the verification). On a verified record a dispute reopens it, within `windowDays` of the verification and with
 * a reason; a confirmation changes nothing but the answer. Final records take no answers.
 */
export function shareAnswer(
  record: { status: StoredStatus; verifiedAt: Date | string | null },
  answer: { decision: 'confirm' | 'dispute'; comment: string },
  now: Date,
  windowDays: number,
): ShareAnswerOutcome {
  if (record.status === 'rejected' || record.status === 'revoked' || record.status === 'discarded' || record.status === 'deleted') {
    return { ok: false, status: 409, reason: `The record is "${record.status}".` };
  }
  if (record.status !== 'verified' || answer.decision === 'confirm') return { ok: true, reopen: false };
  const verifiedAt = record.verifiedAt ? new Date(record.verifiedAt).getTime() : now.getTime();
  if (now.getTime() > verifiedAt + windowDays * DAY_MS) {
    return { ok: false, status: 409, reason: `A share can be disputed within ${windowDays} days of the verification; that time has passed.` };
  }
  if (!answer.comment.trim()) return { ok: false, status: 400, errors: [{ path: 'comment', message: 'is required to dispute a verified record (the reason goes to the assessor)' }] };
  return { ok: true, reopen: true };
}
