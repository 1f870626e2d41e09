import { problems } from '@cadre/platform';
import { beijingDateTime, type AppealSubjectSnapshot } from '@cadre/contracts';

const DAY_MS = 86_400_000;

/** Record states that may be appealed: 退回 and 不予通过. */
export const APPEALABLE_RECORD_STATES: readonly string[] = ['returned', 'rejected'];

/** The last moment the decision may be appealed: the decision + the window's days. */
export function appealDeadline(decidedAt: string | Date, windowDays: number): Date {
  return new Date(new Date(decidedAt).getTime() + windowDays * DAY_MS);
}

/**
 * Whether the caller may appeal this subject now (what the gateway read from its owner, as the caller): 403 when it
 * is not theirs, 409 when a record is in a state that is not appealable or the window is over (naming the deadline).
 * Answers the deadline.
 */
export function assertAppealable(subject: AppealSubjectSnapshot, now: Date, windowDays: number): Date {
  if (!subject.entitled) throw problems.forbidden('只能对与本人有关的决定提出申诉');
  if (subject.type === 'record' && !APPEALABLE_RECORD_STATES.includes(subject.state)) throw problems.conflict('只有被退回或不予通过的纪实可以申诉');
  const deadline = appealDeadline(subject.decidedAt, windowDays);
  if (now.getTime() > deadline.getTime()) throw problems.conflict(`已超过申诉期限（决定后 ${windowDays} 天，截止 ${beijingDateTime(deadline)}）`);
  return deadline;
}
