import { type AnswerObjectionBody, type ObjectionBody } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import type { Actor, CandidateEntry, ObjectionEntry, RoundDocument } from '../round.schema';
import { requireNotCandidate } from './access';
import type { RoundStep } from './round';

/** Who the history names for a filed objection: never the objector. */
export const ANONYMOUS_OBJECTOR = { id: '', name: '异议人' };

/** Whether objections are taken: the notice runs and its window has not ended. */
export function takesObjections(round: Pick<RoundDocument, 'status' | 'notice'>, now: Date): boolean {
  return round.status === 'notice' && !!round.notice && now.getTime() < new Date(round.notice.endsAt).getTime();
}

/** A candidate as the notice shows them: selected (公示中) or withdrawn (已撤回); the others are not in it. */
export function inNotice(round: Pick<RoundDocument, 'status' | 'candidates'>): CandidateEntry[] {
  if (round.status !== 'notice' && round.status !== 'concluded') return [];
  return round.candidates.filter((c) => c.status === 'selected' || c.status === 'withdrawn');
}

/**
 * An objection (异议) to a selected, not withdrawn candidate of the notice (404 otherwise), by anyone but the
 * candidate (403), while the window runs (409 after it or once concluded), and while the objector's earlier objection
 * to the same candidate is not yet answered (409: so a request retried after a lost answer never files it twice).
 * The objector is kept with it, and nowhere else: the history line does not name them.
 */
export function fileObjection(round: RoundDocument, id: string, body: ObjectionBody, objector: ObjectionEntry['filedBy'], now: Date): RoundStep & { objection: ObjectionEntry } {
  const candidate = inNotice(round).find((c) => c.candidateId === body.candidateId && c.status === 'selected');
  if (!candidate) throw problems.notFound('该对象不在公示的拟任人选中');
  requireNotCandidate(objector.id, candidate.candidateId);
  if (!takesObjections(round, now)) throw problems.conflict(round.status === 'concluded' ? '选任工作已办结，不再受理异议' : '公示期已结束，不再受理异议');
  const pending = round.objections.some((o) => o.filedBy.id === objector.id && o.candidateId === candidate.candidateId && (o.status === 'open' || o.status === 'investigating'));
  if (pending) throw problems.conflict('您对该人选的异议已受理，正在核查，请勿重复提交');
  const objection: ObjectionEntry = {
    id,
    candidateId: candidate.candidateId,
    candidateName: candidate.name,
    reason: body.reason,
    status: 'open',
    filedBy: objector,
    filedAt: now,
    investigation: [],
    answer: null,
    answeredBy: null,
    answeredAt: null,
    withdrewCandidate: false,
  };
  return {
    set: { objections: [...round.objections, objection] },
    history: [{ at: now, action: 'object', by: ANONYMOUS_OBJECTOR, subject: candidate.name, detail: '收到异议，待核查' }],
    objection,
  };
}

function openObjection(round: RoundDocument, objectionId: string): ObjectionEntry {
  const objection = round.objections.find((o) => o.id === objectionId);
  if (!objection) throw problems.notFound('没有这条异议');
  if (objection.status === 'upheld' || objection.status === 'rejected') throw problems.conflict('该异议已答复');
  if (round.status !== 'notice') throw problems.conflict('选任工作不在公示中');
  return objection;
}

const replaced = (round: RoundDocument, next: ObjectionEntry) => round.objections.map((o) => (o.id === next.id ? next : o));

/** 核查: a note on an open objection → 核查中. */
export function investigateObjection(round: RoundDocument, objectionId: string, note: string, actor: Actor, now: Date): RoundStep & { objection: ObjectionEntry } {
  const current = openObjection(round, objectionId);
  const objection: ObjectionEntry = { ...current, status: 'investigating', investigation: [...current.investigation, { at: now, by: actor, note }] };
  return { set: { objections: replaced(round, objection) }, history: [{ at: now, action: 'investigate', by: actor, subject: current.candidateName, detail: `核查异议：${note}` }], objection };
}

/** 属实 / 不属实 with the answer (409 once answered); an upheld one may withdraw the candidate (已撤回). */
export function answerObjection(round: RoundDocument, objectionId: string, body: AnswerObjectionBody, actor: Actor, now: Date): RoundStep & { objection: ObjectionEntry } {
  const current = openObjection(round, objectionId);
  const withdraw = body.outcome === 'upheld' && body.withdrawCandidate;
  const candidate = round.candidates.find((c) => c.candidateId === current.candidateId);
  const withdraws = withdraw && candidate?.status === 'selected';
  const objection: ObjectionEntry = { ...current, status: body.outcome, answer: body.answer, answeredBy: actor, answeredAt: now, withdrewCandidate: withdraws };
  const history: RoundStep['history'] = [
    { at: now, action: 'answer_objection', by: actor, subject: current.candidateName, detail: `异议核查${body.outcome === 'upheld' ? '属实' : '不属实'}：${body.answer}` },
  ];
  const set: RoundStep['set'] = { objections: replaced(round, objection) };
  if (withdraws) {
    set.candidates = round.candidates.map((c) => (c.candidateId === current.candidateId ? { ...c, status: 'withdrawn' as const } : c));
    history.push({ at: now, action: 'withdraw', by: actor, subject: current.candidateName, detail: `异议属实，撤回拟任人选（${candidate?.decision?.position ?? ''}）` });
  }
  return { set, history, objection };
}
