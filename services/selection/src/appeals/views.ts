import { APPEAL_STATUS_LABELS, APPEAL_SUBJECT_TYPE_LABELS, type AppealView } from '@cadre/contracts';
import { APPEAL_ACTION_LABELS, type AppealState } from './domain/appeal';

/** An appeal as the API shows it; `departmentName` the appellant's department's current name. */
export function appealView(appeal: AppealState, departmentName: string): AppealView {
  const person = (p: { id: string; name: string }) => ({ id: p.id, name: p.name });
  return {
    id: appeal._id,
    subject: {
      type: appeal.subject.type,
      typeLabel: APPEAL_SUBJECT_TYPE_LABELS[appeal.subject.type],
      id: appeal.subject.id,
      title: appeal.subject.title,
      decision: appeal.subject.decision,
      decidedAt: appeal.subject.decidedAt,
      link: appeal.subject.link,
    },
    appellant: { id: appeal.appellant.id, name: appeal.appellant.name, departmentName },
    reason: appeal.reason,
    status: appeal.status,
    statusLabel: APPEAL_STATUS_LABELS[appeal.status],
    filedAt: appeal.filedAt,
    deadline: appeal.deadline,
    answer: appeal.answer ?? null,
    decidedBy: appeal.decidedBy ? person(appeal.decidedBy) : null,
    decidedAt: appeal.decidedAt ?? null,
    history: appeal.history.map((h) => ({ at: h.at, action: h.action, actionLabel: APPEAL_ACTION_LABELS[h.action], by: person(h.by), detail: h.detail })),
    version: appeal.version,
  };
}
