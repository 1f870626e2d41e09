import { createRoundBody, type DrawnCandidate } from '@cadre/contracts';
import { ProblemException } from '@cadre/platform';
import type { RoundDocument } from '../round.schema';
import { concludeRound, decideCandidate, drawCandidates, inspectCandidate, openRound, publishNotice, type RoundStep } from './round';

const admin = { id: 'admin', name: '管理员' };
const t0 = new Date('2026-06-01T02:00:00Z');

function drawn(id: string, name: string, path = ['city', 'district'], extra: Partial<DrawnCandidate> = {}): DrawnCandidate {
  return {
    type: 'cadre',
    candidateId: id,
    name,
    departmentId: path.at(-1)!,
    departmentName: '龙华区发改局',
    departmentPath: path,
    rankLevel: 'section',
    title: '科长',
    applicationId: null,
    evidence: {
      capturedAt: t0.toISOString(),
      period: '2026',
      points: 120.5,
      byItem: { INVEST: 80, 'INVEST-03': 80, TASK: 40.5 },
      cityRank: 3,
      cityCadres: 100,
      topDecile: true,
      evidence: { records: [], tasks: [], ratings: {} as never, verifiedRecords: 4, concludedTasks: 1 },
      grades: [],
      satisfaction: 95,
    },
    ...extra,
  };
}

const apply = (round: RoundDocument, step: RoundStep): RoundDocument => ({ ...round, ...step.set, history: [...round.history, ...step.history], version: round.version + 1 });
const problem = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as ProblemException).problem;
  }
  throw new Error('expected a refusal');
};

function promotion(positions = [{ name: '区发改委副主任', count: 1 }]): RoundDocument {
  const body = createRoundBody.parse({ kind: 'promotion', name: '2026年区管干部提拔', positions, departmentIds: ['district'] });
  return { ...openRound('r1', body, ['district'], admin, t0), outbox: [] };
}

describe('a round, step by step', () => {
  it('opens: promotion in 考察中, award in 申报中, with the history line', () => {
    expect(promotion()).toMatchObject({ status: 'inspecting', version: 1, noticeDays: 5, applyUntil: null, history: [{ action: 'open', detail: '发起提拔使用：区发改委副主任 1 名' }] });
    const award = openRound('r2', createRoundBody.parse({ kind: 'award', name: '优秀公务员', positions: [{ name: '优秀公务员', count: 3 }], departmentIds: ['d'], applyUntil: '2026-07-01' }), ['d'], admin, t0);
    expect(award.status).toBe('applying');
  });

  it('draws within the departments (400 naming cadreIds.<i>), keeps the first evidence of one drawn twice', () => {
    let round = promotion();
    const outside = problem(() => drawCandidates(round, 'shortlist', [drawn('a', '甲'), drawn('x', '外', ['city', 'other'])], admin, t0));
    expect(outside.status).toBe(400);
    expect(outside.errors!.map((e) => e.path)).toEqual(['cadreIds.1']);
    round = apply(round, drawCandidates(round, 'shortlist', [drawn('a', '甲'), drawn('b', '乙')], admin, t0));
    const again = drawCandidates(round, 'shortlist', [drawn('a', '甲', undefined, { title: '改了' }), drawn('c', '丙')], admin, t0);
    expect(again.added.map((c) => c.candidateId)).toEqual(['c']);
    round = apply(round, again);
    expect(round.candidates.map((c) => [c.candidateId, c.title])).toEqual([['a', '科长'], ['b', '科长'], ['c', '科长']]);
    // A retry with nothing new changes nothing.
    expect(drawCandidates(round, 'shortlist', [drawn('a', '甲')], admin, t0).set).toEqual({});
  });

  it('at most maxCandidates in a round: 409 beyond, nothing drawn', () => {
    let round = promotion();
    round = apply(round, drawCandidates(round, 'shortlist', Array.from({ length: 299 }, (_, i) => drawn(`c${i}`, `干部${i}`)), admin, t0));
    const beyond = problem(() => drawCandidates(round, 'shortlist', [drawn('x1', '甲'), drawn('x2', '乙'), drawn('c0', '干部0')], admin, t0));
    expect(beyond.status).toBe(409);
    expect(beyond.detail).toBe('考察对象最多 300 名：已有 299 名，本次新增 2 名');
    expect(drawCandidates(round, 'shortlist', [drawn('x1', '甲'), drawn('c0', '干部0')], admin, t0).added).toHaveLength(1);
  });

  it('an award round in 申报中 draws only from applications, and moves to 考察中', () => {
    const body = createRoundBody.parse({ kind: 'award', name: '优秀', positions: [{ name: '优秀公务员', count: 3 }], departmentIds: ['district'], applyUntil: '2026-07-01' });
    const round: RoundDocument = { ...openRound('r2', body, ['district'], admin, t0), outbox: [] };
    expect(problem(() => drawCandidates(round, 'shortlist', [drawn('a', '甲')], admin, t0)).status).toBe(409);
    const step = drawCandidates(round, 'applications', [drawn('a', '甲', undefined, { applicationId: 'app1' })], admin, t0);
    expect(step.set.status).toBe('inspecting');
    expect(step.set.candidates![0]).toMatchObject({ source: 'application', applicationId: 'app1' });
  });

  it('decides within the position counts: 400 naming position, 409 naming the full position; a changed mind frees the place', () => {
    let round = promotion();
    round = apply(round, drawCandidates(round, 'shortlist', [drawn('a', '甲'), drawn('b', '乙')], admin, t0));
    expect(problem(() => decideCandidate(round, 'a', { selected: true, reason: '实绩突出', position: '局长' }, admin, t0)).errors).toEqual([expect.objectContaining({ path: 'position' })]);
    expect(problem(() => decideCandidate(round, 'zz', { selected: false, reason: '无' }, admin, t0)).status).toBe(404);
    round = apply(round, decideCandidate(round, 'a', { selected: true, reason: '实绩突出', position: '区发改委副主任' }, admin, t0));
    const full = problem(() => decideCandidate(round, 'b', { selected: true, reason: '也不错', position: '区发改委副主任' }, admin, t0));
    expect(full.status).toBe(409);
    expect(full.detail).toContain('区发改委副主任');
    // The same candidate may be decided again for the same place.
    round = apply(round, decideCandidate(round, 'a', { selected: true, reason: '再次确认', position: '区发改委副主任' }, admin, t0));
    round = apply(round, decideCandidate(round, 'a', { selected: false, reason: '改变决定' }, admin, t0));
    round = apply(round, decideCandidate(round, 'b', { selected: true, reason: '递补', position: '区发改委副主任' }, admin, t0));
    expect(round.candidates.map((c) => c.status)).toEqual(['not_selected', 'selected']);
    expect(round.history.filter((h) => h.action === 'decide').map((h) => h.detail)).toEqual(['拟任 区发改委副主任：实绩突出', '拟任 区发改委副主任：再次确认', '未入选：改变决定', '拟任 区发改委副主任：递补']);
  });

  it('publishes the notice only when everyone is decided and someone selected; then no more draws, notes or decisions', () => {
    let round = promotion();
    round = apply(round, drawCandidates(round, 'shortlist', [drawn('a', '甲'), drawn('b', '乙')], admin, t0));
    const window = { startsAt: t0, endsAt: new Date(t0.getTime() + 1000), days: 5 };
    const undecided = problem(() => publishNotice(round, window, admin));
    expect(undecided.status).toBe(409);
    expect(undecided.detail).toContain('甲、乙');
    round = apply(round, decideCandidate(round, 'a', { selected: false, reason: '不合适' }, admin, t0));
    round = apply(round, decideCandidate(round, 'b', { selected: false, reason: '不合适' }, admin, t0));
    expect(problem(() => publishNotice(round, window, admin)).detail).toContain('没有拟任人选');
    round = apply(round, decideCandidate(round, 'b', { selected: true, reason: '合适', position: '区发改委副主任' }, admin, t0));
    round = apply(round, publishNotice(round, window, admin));
    expect(round).toMatchObject({ status: 'notice', decidedAt: t0, notice: { days: 5, publishedBy: admin } });
    expect(problem(() => decideCandidate(round, 'a', { selected: true, reason: '改', position: '区发改委副主任' }, admin, t0)).status).toBe(409);
    expect(problem(() => inspectCandidate(round, 'a', '补记', admin, t0)).status).toBe(409);
    expect(problem(() => drawCandidates(round, 'shortlist', [drawn('c', '丙')], admin, t0)).status).toBe(409);
    expect(problem(() => publishNotice(round, window, admin)).status).toBe(409);
  });

  it('concludes after the window with every objection answered; 409 naming what remains', () => {
    let round = promotion();
    round = apply(round, drawCandidates(round, 'shortlist', [drawn('a', '甲')], admin, t0));
    expect(problem(() => concludeRound(round, admin, t0)).status).toBe(409);
    round = apply(round, decideCandidate(round, 'a', { selected: true, reason: '合适', position: '区发改委副主任' }, admin, t0));
    const endsAt = new Date('2026-06-08T16:00:00Z');
    round = apply(round, publishNotice(round, { startsAt: t0, endsAt, days: 5 }, admin));
    round = { ...round, objections: [{ id: 'o1', candidateId: 'a', candidateName: '甲', status: 'investigating' } as never, { id: 'o2', candidateId: 'a', candidateName: '甲', status: 'open' } as never] };
    const early = problem(() => concludeRound(round, admin, new Date('2026-06-05T00:00:00Z')));
    expect(early.detail).toBe('不能办结：尚有 2 条异议未答复（甲）；公示期至 2026-06-09 00:00 结束');
    round = { ...round, objections: round.objections.map((o) => ({ ...o, status: 'rejected' as const })) };
    round = apply(round, concludeRound(round, admin, endsAt));
    expect(round).toMatchObject({ status: 'concluded', concludedAt: endsAt, concludedBy: admin });
    expect(round.history.at(-1)!.detail).toBe('办结，确定 1 名：甲');
    expect(problem(() => concludeRound(round, admin, endsAt)).status).toBe(409);
  });
});
