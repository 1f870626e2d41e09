import { problems } from '@cadre/platform';
import {
  APPEAL_STATUS_LABELS,
  APPEAL_SUBJECT_TYPE_LABELS,
  type AppealBody,
  type AppealStatus,
  type AppealSubjectSnapshot,
  type AppealSubjectType,
  type DecideAppealBody,
} from '@cadre/contracts';

export interface Person {
  id: string;
  name: string;
}

export type AppealAction = 'file' | 'decide';
export const APPEAL_ACTION_LABELS: Record<AppealAction, string> = { file: '提出申诉', decide: '处理申诉' };

export interface AppealStep {
  at: string;
  action: AppealAction;
  by: Person;
  /** The step in a sentence of Chinese. */
  detail: string;
}

/** What was appealed, as its owner showed it to the appellant when filed. */
export interface AppealSubject {
  type: AppealSubjectType;
  id: string;
  title: string;
  decision: string;
  decidedAt: string;
  link: string;
  /** The record's state when appealed (`returned` / `rejected`), `verdict` or `entry`. */
  state: string;
}

/** An appeal's state (the `appeals` document without its storage fields); times as ISO strings. */
export interface AppealState {
  _id: string;
  version: number;
  subject: AppealSubject;
  appellant: Person & { departmentId: string; departmentPath: string[] };
  reason: string;
  status: AppealStatus;
  filedAt: string;
  deadline: string;
  answer: string | null;
  decidedBy: Person | null;
  decidedAt: string | null;
  history: AppealStep[];
}

/** A new appeal (待处理) with its first step. */
export function fileAppeal(input: { id: string; body: AppealBody; subject: AppealSubjectSnapshot; appellant: Person; deadline: Date; now: Date }): AppealState {
  const { body, subject, appellant, now } = input;
  return {
    _id: input.id,
    version: 1,
    subject: { type: subject.type, id: subject.id, title: subject.title, decision: subject.decision, decidedAt: new Date(subject.decidedAt).toISOString(), link: subject.link, state: subject.state },
    appellant: { id: appellant.id, name: appellant.name, departmentId: subject.departmentId, departmentPath: subject.departmentPath },
    reason: body.reason,
    status: 'pending',
    filedAt: now.toISOString(),
    deadline: input.deadline.toISOString(),
    answer: null,
    decidedBy: null,
    decidedAt: null,
    history: [{ at: now.toISOString(), action: 'file', by: appellant, detail: `对${APPEAL_SUBJECT_TYPE_LABELS[subject.type]}《${subject.title}》的决定（${subject.decision}）提出申诉：${body.reason}` }],
  };
}

/** 申诉成立 / 驳回 with the answer: only a pending appeal (409 otherwise). */
export function decideAppeal(appeal: AppealState, body: DecideAppealBody, by: Person, now: Date): Pick<AppealState, 'status' | 'answer' | 'decidedBy' | 'decidedAt'> & { step: AppealStep } {
  if (appeal.status !== 'pending') throw problems.conflict(`该申诉已处理（${APPEAL_STATUS_LABELS[appeal.status]}），不能再次处理`);
  const at = now.toISOString();
  return {
    status: body.outcome,
    answer: body.answer,
    decidedBy: by,
    decidedAt: at,
    step: { at, action: 'decide', by, detail: `${APPEAL_STATUS_LABELS[body.outcome]}：${body.answer}` },
  };
}

/** Newest first, then by id. */
export function newestFirst(a: Pick<AppealState, '_id' | 'filedAt'>, b: Pick<AppealState, '_id' | 'filedAt'>): number {
  return b.filedAt.localeCompare(a.filedAt) || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);
}
