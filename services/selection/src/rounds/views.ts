import {
  CANDIDATE_STATUS_LABELS,
  CANDIDATE_TYPE_LABELS,
  GRADE_LABELS,
  MY_CANDIDACY_STATUS_LABELS,
  OBJECTION_STATUS_LABELS,
  OUTCOME_KIND_LABELS,
  RANK_LEVEL_LABELS,
  ROUND_ACTION_LABELS,
  ROUND_KIND_LABELS,
  ROUND_STATUS_LABELS,
  itemName,
  labelOf,
  type NoticeView,
  type ObjectionView,
  type OutcomeView,
  type RoundSummaryView,
  type RoundView,
} from '@cadre/contracts';
import type { myCandidacyViewSchema, myObjectionViewSchema } from '@cadre/contracts';
import type { z } from 'zod';
import type { CandidateEntry, Note, NoticeWindow, ObjectionEntry, RoundDocument } from './round.schema';
import { selectedPerPosition } from './domain/positions';
import { inNotice, takesObjections } from './domain/objections';
import { myCandidacyStatus } from './domain/my-candidacy';
import type { Outcome } from './domain/outcomes';

const iso = (at: Date | string | null | undefined): string | null => (at ? new Date(at).toISOString() : null);
/** A moment that is always there (Date as stored, or an ISO string). */
const at = (moment: Date | string): string => new Date(moment).toISOString();
const person = (p: { id: string; name: string }) => ({ id: p.id, name: p.name });
const notes = (list: Note[]) => (list ?? []).map((n) => ({ at: at(n.at), by: person(n.by), note: n.note }));

export function objectionView(roundId: string, o: ObjectionEntry): ObjectionView {
  return {
    id: o.id,
    roundId,
    candidateId: o.candidateId,
    candidateName: o.candidateName,
    reason: o.reason,
    status: o.status,
    statusLabel: OBJECTION_STATUS_LABELS[o.status],
    filedBy: { id: o.filedBy.id, name: o.filedBy.name, departmentName: o.filedBy.departmentName },
    filedAt: at(o.filedAt),
    investigation: notes(o.investigation),
    answer: o.answer ?? null,
    answeredBy: o.answeredBy ? person(o.answeredBy) : null,
    answeredAt: iso(o.answeredAt),
    withdrewCandidate: !!o.withdrewCandidate,
  };
}

function candidateView(c: CandidateEntry): RoundView['candidates'][number] {
  return {
    type: c.type,
    typeLabel: CANDIDATE_TYPE_LABELS[c.type],
    candidateId: c.candidateId,
    name: c.name,
    departmentId: c.departmentId,
    departmentName: c.departmentName,
    rankLevel: c.rankLevel ?? null,
    rankLabel: labelOf(RANK_LEVEL_LABELS, c.rankLevel),
    title: c.title ?? '',
    source: c.source,
    applicationId: c.applicationId ?? null,
    status: c.status,
    statusLabel: CANDIDATE_STATUS_LABELS[c.status],
    evidence: { ...c.evidence, capturedAt: at(c.evidence.capturedAt) },
    inspection: notes(c.inspection),
    decision: c.decision ? { selected: c.decision.selected, position: c.decision.position ?? null, reason: c.decision.reason, by: person(c.decision.by), at: at(c.decision.at) } : null,
    drawnAt: at(c.drawnAt),
    drawnBy: person(c.drawnBy),
  };
}

/** The round as the organisation department reads it: everything, objectors included. */
export function roundView(round: RoundDocument, departmentNames: Map<string, string>, applications: number): RoundView {
  const selected = selectedPerPosition(round);
  return {
    id: round._id,
    kind: round.kind,
    kindLabel: ROUND_KIND_LABELS[round.kind],
    name: round.name,
    status: round.status,
    statusLabel: ROUND_STATUS_LABELS[round.status],
    positions: round.positions.map((p) => ({ name: p.name, count: p.count, selected: selected.get(p.name) ?? 0 })),
    rankLevel: round.rankLevel ?? null,
    rankLabel: labelOf(RANK_LEVEL_LABELS, round.rankLevel),
    departments: round.departmentIds.map((id) => ({ id, name: departmentNames.get(id) ?? '' })),
    criteria: round.criteria,
    noticeDays: round.noticeDays,
    applyUntil: round.applyUntil ?? null,
    candidates: round.candidates.map(candidateView),
    notice: round.notice ? { startsAt: at(round.notice.startsAt), endsAt: at(round.notice.endsAt), days: round.notice.days, publishedBy: person(round.notice.publishedBy) } : null,
    objections: round.objections.map((o) => objectionView(round._id, o)),
    counts: {
      candidates: round.candidates.length,
      undecided: round.candidates.filter((c) => c.status === 'candidate').length,
      selected: round.candidates.filter((c) => c.status === 'selected').length,
      withdrawn: round.candidates.filter((c) => c.status === 'withdrawn').length,
      openObjections: round.objections.filter((o) => o.status === 'open' || o.status === 'investigating').length,
      applications,
    },
    openedBy: person(round.openedBy),
    openedAt: at(round.openedAt),
    decidedAt: iso(round.decidedAt),
    concludedAt: iso(round.concludedAt),
    concludedBy: round.concludedBy ? person(round.concludedBy) : null,
    history: round.history.map((h) => ({ at: at(h.at), action: h.action, actionLabel: ROUND_ACTION_LABELS[h.action], by: person(h.by), subject: h.subject, detail: h.detail })),
    version: round.version,
  };
}

export function roundSummaryView(round: RoundDocument, departmentNames: Map<string, string>, applications: number): RoundSummaryView {
  const view: Partial<RoundView> = roundView({ ...round, history: [] }, departmentNames, applications);
  delete view.candidates;
  delete view.objections;
  delete view.history;
  delete view.criteria;
  return view as RoundSummaryView;
}

/** `年度考核 优秀（2025）`. */
const gradeLine = (g: CandidateEntry['evidence']['grades'][number]) => `${g.kindLabel} ${g.gradeLabel || labelOf(GRADE_LABELS, g.grade)}（${g.period}）`;

/** What every signed-in user reads of a notice: public fields only (never objections, reasons or 考察 notes). */
export function noticeView(round: RoundDocument, notice: NoticeWindow, now: Date): NoticeView {
  return {
    roundId: round._id,
    name: round.name,
    kind: round.kind,
    kindLabel: ROUND_KIND_LABELS[round.kind],
    status: round.status === 'concluded' ? 'concluded' : 'notice',
    statusLabel: ROUND_STATUS_LABELS[round.status],
    startsAt: at(notice.startsAt),
    endsAt: at(notice.endsAt),
    open: takesObjections(round, now),
    candidates: inNotice(round).map((c) => {
      const e = c.evidence;
      const topItems = Object.entries(e.byItem ?? {})
        .filter(([code]) => !code.includes('-'))
        .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
        .slice(0, 3)
        .map(([code, points]) => ({ code, name: itemName(code), points }));
      const withdrawn = c.status === 'withdrawn';
      return {
        candidateId: c.candidateId,
        type: c.type,
        name: c.name,
        departmentName: c.departmentName,
        title: c.title ?? '',
        rankLabel: labelOf(RANK_LEVEL_LABELS, c.rankLevel),
        position: c.decision?.position ?? '',
        status: withdrawn ? ('withdrawn' as const) : ('selected' as const),
        statusLabel: withdrawn ? CANDIDATE_STATUS_LABELS.withdrawn : round.status === 'concluded' ? MY_CANDIDACY_STATUS_LABELS.confirmed : MY_CANDIDACY_STATUS_LABELS.in_notice,
        summary: {
          points: e.points ?? null,
          verifiedRecords: e.evidence?.verifiedRecords ?? 0,
          concludedTasks: e.evidence?.concludedTasks ?? 0,
          topItems,
          records: (e.evidence?.records ?? []).slice(0, 5).map((r) => ({ title: r.title, itemName: itemName(r.itemCode), verifiedAt: new Date(r.verifiedAt).toISOString().slice(0, 10) })),
          grades: (e.grades ?? []).map(gradeLine),
        },
      };
    }),
  };
}

export type MyCandidacyView = z.infer<typeof myCandidacyViewSchema>;
export type MyObjectionView = z.infer<typeof myObjectionViewSchema>;

/** A candidate's own candidacy: the status says nothing before the notice, and nothing of objections. */
export function myCandidacyView(round: RoundDocument, candidate: CandidateEntry): MyCandidacyView {
  const status = myCandidacyStatus(round.status, candidate.status);
  const shown = status === 'in_notice' || status === 'confirmed';
  return {
    roundId: round._id,
    roundName: round.name,
    kind: round.kind,
    kindLabel: ROUND_KIND_LABELS[round.kind],
    status,
    statusLabel: MY_CANDIDACY_STATUS_LABELS[status],
    position: shown ? (candidate.decision?.position ?? null) : null,
    noticeEndsAt: status === 'inspecting' ? null : iso(round.notice?.endsAt),
  };
}

export function myObjectionView(round: RoundDocument, o: ObjectionEntry): MyObjectionView {
  const v = objectionView(round._id, o);
  return { id: v.id, roundId: v.roundId, roundName: round.name, candidateId: v.candidateId, candidateName: v.candidateName, reason: v.reason, status: v.status, statusLabel: v.statusLabel, filedAt: v.filedAt, answer: v.answer, answeredAt: v.answeredAt };
}

export function outcomeView(o: Outcome): OutcomeView {
  return {
    roundId: o.round._id,
    roundName: o.round.name,
    kind: o.kind,
    kindLabel: OUTCOME_KIND_LABELS[o.kind],
    candidateType: o.candidate.type,
    candidateId: o.candidate.candidateId,
    name: o.candidate.name,
    departmentId: o.candidate.departmentId,
    departmentName: o.candidate.departmentName,
    position: o.position,
    points: o.points,
    topDecile: o.topDecile,
    openedAt: at(o.round.openedAt),
    decidedAt: at(o.round.decidedAt ?? o.concludedAt),
    concludedAt: at(o.concludedAt),
    decidedBy: person(o.decidedBy),
  };
}
