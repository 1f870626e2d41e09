import {
  CANDIDATE_TYPE_LABELS,
  ROUND_KIND_LABELS,
  SELECTION_LIMITS,
  beijingDateTime,
  type CreateRoundBody,
  type DecisionBody,
  type DrawnCandidate,
} from '@cadre/contracts';
import { problems } from '@cadre/platform';
import type { Actor, CandidateEntry, HistoryEntry, RoundDocument } from '../round.schema';
import { withinRound } from './access';
import { positionRefusal } from './positions';

/** What a step does to a round: the fields it sets and the history lines it appends (the use case adds events). */
export interface RoundStep {
  set: Partial<Omit<RoundDocument, '_id' | 'version' | 'outbox' | 'history'>>;
  history: HistoryEntry[];
}

export type DrawSource = 'shortlist' | 'applications';

const names = (list: { name: string }[], max = 20) => list.slice(0, max).map((c) => c.name).join('、') + (list.length > max ? ` 等 ${list.length} 名` : '');

/** A new round: award rounds take applications first (申报中), the others start with the inspection (考察中). */
export function openRound(id: string, body: CreateRoundBody, departmentIds: string[], actor: Actor, now: Date): Omit<RoundDocument, 'outbox'> {
  const positions = body.positions.map((p) => `${p.name} ${p.count} 名`).join('、');
  return {
    _id: id,
    version: 1,
    kind: body.kind,
    name: body.name,
    status: body.kind === 'award' ? 'applying' : 'inspecting',
    positions: body.positions.map((p) => ({ name: p.name, count: p.count })),
    rankLevel: body.rankLevel ?? null,
    departmentIds,
    criteria: body.criteria,
    noticeDays: body.noticeDays,
    applyUntil: body.applyUntil ?? null,
    candidates: [],
    notice: null,
    objections: [],
    openedBy: actor,
    openedAt: now,
    decidedAt: null,
    concludedAt: null,
    concludedBy: null,
    history: [{ at: now, action: 'open', by: actor, subject: '', detail: `发起${ROUND_KIND_LABELS[body.kind]}：${positions}${body.applyUntil ? `，申报截止 ${body.applyUntil}` : ''}` }],
    updatedAt: now,
  };
}

export function findCandidate(round: RoundDocument, candidateId: string): CandidateEntry {
  const found = round.candidates.find((c) => c.candidateId === candidateId);
  if (!found) throw problems.notFound('该对象不是本次选任的考察对象');
  return found;
}

function requireInspecting(round: RoundDocument, what: string): void {
  if (round.status !== 'inspecting') throw problems.conflict(`选任工作${round.status === 'applying' ? '尚在申报中' : '已进入公示或已办结'}，不能${what}`);
}

/**
 * Candidates drawn (their evidence frozen by the gateway): while 考察中, or from the applications also while 申报中
 * (the round then moves to 考察中). Each must lie within the round's departments (400 naming `<field>.<i>`, the index
 * in the given list); one already in the round keeps its first evidence; at most `maxCandidates` in all (409).
 */
export function drawCandidates(round: RoundDocument, source: DrawSource, drawn: DrawnCandidate[], actor: Actor, now: Date): RoundStep & { added: CandidateEntry[] } {
  if (!(round.status === 'inspecting' || (round.status === 'applying' && source === 'applications'))) {
    throw problems.conflict(round.status === 'applying' ? '申报中的评先评优只能从推荐的申报中确定考察对象' : '选任工作已进入公示或已办结，不能再确定考察对象');
  }
  const field = source === 'shortlist' ? 'cadreIds' : 'candidates';
  const outside = drawn.flatMap((c, i) => (withinRound(round.departmentIds, c.departmentPath) ? [] : [{ path: `${field}.${i}`, message: `${c.name} 不在本次选任的单位范围内` }]));
  if (outside.length) throw problems.invalid(outside);
  const known = new Set(round.candidates.map((c) => c.candidateId));
  const added: CandidateEntry[] = [];
  for (const c of drawn) {
    if (known.has(c.candidateId)) continue;
    known.add(c.candidateId);
    added.push({
      type: c.type,
      candidateId: c.candidateId,
      name: c.name,
      departmentId: c.departmentId,
      departmentName: c.departmentName,
      departmentPath: c.departmentPath,
      rankLevel: c.rankLevel,
      title: c.title,
      source: source === 'applications' ? 'application' : 'shortlist',
      applicationId: c.applicationId,
      status: 'candidate',
      evidence: c.evidence,
      inspection: [],
      decision: null,
      drawnAt: now,
      drawnBy: actor,
    });
  }
  if (round.candidates.length + added.length > SELECTION_LIMITS.maxCandidates) {
    throw problems.conflict(`考察对象最多 ${SELECTION_LIMITS.maxCandidates} 名：已有 ${round.candidates.length} 名，本次新增 ${added.length} 名`);
  }
  const moves = round.status === 'applying';
  if (!added.length && !moves) return { set: {}, history: [], added };
  const from = source === 'applications' ? '推荐的申报' : '推荐名单';
  const detail = added.length ? `从${from}确定考察对象 ${added.length} 名：${names(added)}` : `从${from}确定考察对象：无新增`;
  return {
    set: { candidates: [...round.candidates, ...added], ...(moves ? { status: 'inspecting' as const } : {}) },
    history: [{ at: now, action: 'draw', by: actor, subject: '', detail: moves ? `${detail}；申报结束，进入考察` : detail }],
    added,
  };
}

function replaced(round: RoundDocument, next: CandidateEntry): CandidateEntry[] {
  return round.candidates.map((c) => (c.candidateId === next.candidateId ? next : c));
}

/** A 考察 note on a candidate, while 考察中. */
export function inspectCandidate(round: RoundDocument, candidateId: string, note: string, actor: Actor, now: Date): RoundStep {
  const candidate = findCandidate(round, candidateId);
  requireInspecting(round, '记录考察情况');
  const next = { ...candidate, inspection: [...candidate.inspection, { at: now, by: actor, note }] };
  return { set: { candidates: replaced(round, next) }, history: [{ at: now, action: 'inspect', by: actor, subject: candidate.name, detail: `考察记录：${note}` }] };
}

/**
 * The decision on a candidate while 考察中 (changeable until the notice): selected for one of the round's positions
 * (400 naming `position` otherwise) while its count allows (409 naming it), or not selected.
 */
export function decideCandidate(round: RoundDocument, candidateId: string, body: DecisionBody, actor: Actor, now: Date): RoundStep {
  const candidate = findCandidate(round, candidateId);
  requireInspecting(round, '作出决定');
  const position = body.selected ? (body.position ?? null) : null;
  if (body.selected) {
    const refusal = positionRefusal(round, candidateId, position);
    if (refusal?.kind === 'unknown') throw problems.invalid([{ path: 'position', message: refusal.message }]);
    if (refusal?.kind === 'full') throw problems.conflict(refusal.message);
  }
  const next: CandidateEntry = {
    ...candidate,
    status: body.selected ? 'selected' : 'not_selected',
    decision: { selected: body.selected, position, reason: body.reason, by: actor, at: now },
  };
  const detail = body.selected ? `拟任 ${position}：${body.reason}` : `未入选：${body.reason}`;
  return { set: { candidates: replaced(round, next) }, history: [{ at: now, action: 'decide', by: actor, subject: candidate.name, detail }] };
}

/** The 任前公示: every candidate decided and at least one selected (409 naming the undecided otherwise). */
export function publishNotice(round: RoundDocument, window: { startsAt: Date; endsAt: Date; days: number }, actor: Actor): RoundStep {
  if (round.status !== 'inspecting') throw problems.conflict(round.status === 'applying' ? '申报中的选任工作尚无考察对象，不能发布公示' : '公示已发布');
  const undecided = round.candidates.filter((c) => c.status === 'candidate');
  if (undecided.length) throw problems.conflict(`尚有 ${undecided.length} 名考察对象未作决定：${names(undecided)}`);
  const selected = round.candidates.filter((c) => c.status === 'selected');
  if (!selected.length) throw problems.conflict('没有拟任人选，不能发布公示');
  return {
    set: { status: 'notice', notice: { ...window, publishedBy: actor }, decidedAt: window.startsAt },
    history: [
      {
        at: window.startsAt,
        action: 'publish_notice',
        by: actor,
        subject: '',
        detail: `发布任前公示（${window.days} 个工作日），拟任人选 ${selected.length} 名：${names(selected)}；公示截止 ${beijingDateTime(window.endsAt)}`,
      },
    ],
  };
}

/** The selected candidates not withdrawn: the round's outcomes once concluded. */
export function confirmed(round: Pick<RoundDocument, 'candidates'>): CandidateEntry[] {
  return round.candidates.filter((c) => c.status === 'selected');
}

/** 办结: once the window has ended and every objection is answered (409 naming what remains). */
export function concludeRound(round: RoundDocument, actor: Actor, now: Date): RoundStep {
  if (round.status === 'concluded') throw problems.conflict('选任工作已办结');
  if (round.status !== 'notice' || !round.notice) throw problems.conflict('尚未发布任前公示，不能办结');
  const reasons: string[] = [];
  const open = round.objections.filter((o) => o.status === 'open' || o.status === 'investigating');
  // Named in the round's order of candidates, whatever order the objections came in.
  const objected = round.candidates.filter((c) => open.some((o) => o.candidateId === c.candidateId));
  if (open.length) reasons.push(`尚有 ${open.length} 条异议未答复（${objected.map((c) => c.name).join('、')}）`);
  if (now.getTime() < new Date(round.notice.endsAt).getTime()) reasons.push(`公示期至 ${beijingDateTime(round.notice.endsAt)} 结束`);
  if (reasons.length) throw problems.conflict(`不能办结：${reasons.join('；')}`);
  const kept = confirmed(round);
  const type = (c: CandidateEntry) => (c.type === 'department' ? `（${CANDIDATE_TYPE_LABELS.department}）` : '');
  return {
    set: { status: 'concluded', concludedAt: now, concludedBy: actor },
    history: [{ at: now, action: 'conclude', by: actor, subject: '', detail: kept.length ? `办结，确定 ${kept.length} 名：${kept.map((c) => `${c.name}${type(c)}`).join('、')}` : '办结，无人选确定' }],
  };
}
