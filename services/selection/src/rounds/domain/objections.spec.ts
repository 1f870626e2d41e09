import { createRoundBody } from '@cadre/contracts';
import { ProblemException } from '@cadre/platform';
import type { CandidateEntry, RoundDocument } from '../round.schema';
import { openRound, type RoundStep } from './round';
import { answerObjection, fileObjection, inNotice, investigateObjection, takesObjections } from './objections';

const admin = { id: 'admin', name: '管理员' };
const objector = { id: 'u1', name: '群众甲', departmentName: '龙华区财政局' };
const t0 = new Date('2026-06-01T02:00:00Z');
const endsAt = new Date('2026-06-08T16:00:00Z');
const during = new Date('2026-06-03T02:00:00Z');

const candidate = (candidateId: string, name: string, status: CandidateEntry['status']) =>
  ({ type: 'cadre', candidateId, name, departmentPath: ['city', 'district'], status, decision: { selected: status !== 'not_selected', position: '副主任' } }) as CandidateEntry;

function inNoticeRound(): RoundDocument {
  const body = createRoundBody.parse({ kind: 'promotion', name: '提拔', positions: [{ name: '副主任', count: 2 }], departmentIds: ['district'] });
  return {
    ...openRound('r1', body, ['district'], admin, t0),
    status: 'notice',
    notice: { startsAt: t0, endsAt, days: 5, publishedBy: admin },
    candidates: [candidate('a', '甲', 'selected'), candidate('b', '乙', 'not_selected'), candidate('c', '丙', 'selected')],
    outbox: [],
  };
}
const apply = (round: RoundDocument, step: RoundStep): RoundDocument => ({ ...round, ...step.set, history: [...round.history, ...step.history], version: round.version + 1 });
const status = (f: () => unknown) => {
  try {
    f();
    return 0;
  } catch (e) {
    return (e as ProblemException).problem.status;
  }
};

describe('objections (异议)', () => {
  it('are taken while the notice runs and its window has not ended', () => {
    const round = inNoticeRound();
    expect(takesObjections(round, during)).toBe(true);
    expect(takesObjections(round, endsAt)).toBe(false);
    expect(takesObjections({ ...round, status: 'concluded' }, during)).toBe(false);
    expect(inNotice(round).map((c) => c.candidateId)).toEqual(['a', 'c']);
    expect(inNotice({ ...round, status: 'inspecting' })).toEqual([]);
  });

  it('404 for a candidate not in the notice, 403 for the candidate themself, 409 after the window or once concluded', () => {
    const round = inNoticeRound();
    const body = { candidateId: 'a', reason: '群众反映有问题' };
    expect(status(() => fileObjection(round, 'o1', { ...body, candidateId: 'b' }, objector, during))).toBe(404);
    expect(status(() => fileObjection({ ...round, status: 'inspecting', notice: null }, 'o1', body, objector, during))).toBe(404);
    expect(status(() => fileObjection(round, 'o1', body, { ...objector, id: 'a' }, during))).toBe(403);
    expect(status(() => fileObjection(round, 'o1', body, objector, endsAt))).toBe(409);
    expect(status(() => fileObjection({ ...round, status: 'concluded' }, 'o1', body, objector, during))).toBe(409);
  });

  it('409 while the same person’s objection to the same candidate is open or under investigation (a retry never files twice)', () => {
    const round = inNoticeRound();
    const body = { candidateId: 'a', reason: '群众反映有问题' };
    const first = apply(round, fileObjection(round, 'o1', body, objector, during));
    expect(status(() => fileObjection(first, 'o2', body, objector, during))).toBe(409);
    expect(status(() => fileObjection(first, 'o2', { ...body, candidateId: 'c' }, objector, during))).toBe(0);
    expect(status(() => fileObjection(first, 'o2', body, { ...objector, id: 'u2' }, during))).toBe(0);
    const investigating = apply(first, investigateObjection(first, 'o1', '调阅档案', admin, during));
    expect(status(() => fileObjection(investigating, 'o2', body, objector, during))).toBe(409);
    const answered = apply(investigating, answerObjection(investigating, 'o1', { outcome: 'rejected', answer: '不属实', withdrawCandidate: false }, admin, during));
    expect(status(() => fileObjection(answered, 'o2', body, objector, during))).toBe(0);
  });

  it('keeps the objector with the objection only; the history never names them', () => {
    const step = fileObjection(inNoticeRound(), 'o1', { candidateId: 'a', reason: '群众反映有问题' }, objector, during);
    expect(step.objection).toMatchObject({ id: 'o1', candidateName: '甲', status: 'open', filedBy: objector });
    expect(JSON.stringify(step.history)).not.toContain('群众甲');
    expect(JSON.stringify(step.history)).not.toContain('u1');
  });

  it('investigate → 核查中; answer → 属实 / 不属实 once (409 again); an upheld one may withdraw the candidate', () => {
    let round = inNoticeRound();
    round = apply(round, fileObjection(round, 'o1', { candidateId: 'a', reason: '群众反映有问题' }, objector, during));
    round = apply(round, fileObjection(round, 'o2', { candidateId: 'c', reason: '群众反映有问题' }, objector, during));
    expect(status(() => investigateObjection(round, 'nope', '核查', admin, during))).toBe(404);
    round = apply(round, investigateObjection(round, 'o1', '走访核实', admin, during));
    expect(round.objections[0]).toMatchObject({ status: 'investigating', investigation: [{ note: '走访核实', by: admin }] });
    const upheld = answerObjection(round, 'o1', { outcome: 'upheld', answer: '经核实属实', withdrawCandidate: true }, admin, during);
    expect(upheld.objection).toMatchObject({ status: 'upheld', withdrewCandidate: true, answeredBy: admin });
    expect(upheld.history.map((h) => h.action)).toEqual(['answer_objection', 'withdraw']);
    round = apply(round, upheld);
    expect(round.candidates.find((c) => c.candidateId === 'a')!.status).toBe('withdrawn');
    expect(status(() => answerObjection(round, 'o1', { outcome: 'rejected', answer: '再答', withdrawCandidate: false }, admin, during))).toBe(409);
    const rejected = answerObjection(round, 'o2', { outcome: 'rejected', answer: '经核实不属实', withdrawCandidate: false }, admin, during);
    expect(rejected.objection.withdrewCandidate).toBe(false);
    expect(rejected.set.candidates).toBeUndefined();
    // A withdrawn candidate takes no more objections.
    expect(status(() => fileObjection(round, 'o3', { candidateId: 'a', reason: '群众反映有问题' }, objector, during))).toBe(404);
  });
});
