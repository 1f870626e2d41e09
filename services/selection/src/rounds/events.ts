import {
  SELECTION_EVENTS,
  type SelectionCandidateRefV1,
  type SelectionConcludedV1,
  type SelectionNoticeV1,
  type SelectionObjectionV1,
  type SelectionRoundV1,
} from '@cadre/contracts';
import type { PendingEvent } from '@cadre/messaging';
import type { CandidateEntry, ObjectionEntry, RoundDocument } from './round.schema';
import { confirmed } from './domain/round';
import { outcomesOf } from './domain/outcomes';

const iso = (at: Date | string) => new Date(at).toISOString();

function roundData(round: RoundDocument, at: Date): SelectionRoundV1 {
  return {
    roundId: round._id,
    kind: round.kind,
    name: round.name,
    status: round.status,
    departmentIds: round.departmentIds,
    openedAt: iso(round.openedAt),
    openedBy: round.openedBy.id,
    applyUntil: round.applyUntil ?? null,
    version: round.version,
    occurredAt: at.toISOString(),
  };
}

function refOf(c: CandidateEntry): SelectionCandidateRefV1 {
  return { type: c.type, candidateId: c.candidateId, name: c.name, departmentId: c.departmentId, departmentPath: c.departmentPath, rankLevel: c.rankLevel, position: c.decision?.position ?? '' };
}

/** Each builder takes the round as it is after the change (its version already the new one). */
export function roundOpened(round: RoundDocument, at: Date): PendingEvent {
  return { subject: SELECTION_EVENTS.roundOpened, data: roundData(round, at), occurredAt: at };
}

export function noticePublished(round: RoundDocument, at: Date): PendingEvent {
  const notice = round.notice ?? { startsAt: at, endsAt: at };
  const data: SelectionNoticeV1 = { ...roundData(round, at), startsAt: iso(notice.startsAt), endsAt: iso(notice.endsAt), candidates: confirmed(round).map(refOf) };
  return { subject: SELECTION_EVENTS.noticePublished, data, occurredAt: at };
}

export function roundConcluded(round: RoundDocument, at: Date): PendingEvent {
  const data: SelectionConcludedV1 = {
    ...roundData(round, at),
    decidedAt: iso(round.decidedAt ?? at),
    concludedAt: iso(round.concludedAt ?? at),
    outcomes: outcomesOf(round).map((o) => ({ ...refOf(o.candidate), outcome: o.kind, points: o.points, topDecile: o.topDecile, decidedBy: o.decidedBy.id })),
    candidates: round.candidates.length,
    withdrawn: round.candidates.filter((c) => c.status === 'withdrawn').length,
  };
  return { subject: SELECTION_EVENTS.roundConcluded, data, occurredAt: at };
}

/** `filed` never names the objector; `answered` does (`filedBy`), to tell them the answer. */
export function objectionEvent(kind: 'filed' | 'answered', round: RoundDocument, objection: ObjectionEntry, at: Date): PendingEvent {
  const candidate = round.candidates.find((c) => c.candidateId === objection.candidateId);
  const data: SelectionObjectionV1 = {
    roundId: round._id,
    roundName: round.name,
    objectionId: objection.id,
    candidateId: objection.candidateId,
    candidateName: objection.candidateName,
    departmentPath: candidate?.departmentPath ?? [],
    status: objection.status,
    ...(kind === 'answered' ? { filedBy: objection.filedBy.id } : {}),
    withdrewCandidate: objection.withdrewCandidate,
    version: round.version,
    occurredAt: at.toISOString(),
  };
  return { subject: kind === 'filed' ? SELECTION_EVENTS.objectionFiled : SELECTION_EVENTS.objectionAnswered, data, occurredAt: at };
}
