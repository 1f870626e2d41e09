import type { RecordDetailView, ScoreView, TaskView } from '@cadre/contracts';
import { pointsDecision, recordSubject, scoreEntrySubject, verdictSubject } from './appeal-subject';

const caller = { userId: 'u1', departmentId: 'd2', departmentPath: ['root', 'd2'] };
const scope = { departmentId: 'd2', departmentPath: ['root', 'd2'] };
const step = (action: string, to: string, at: string, comment = '') => ({ action, from: null, to, actorId: 'rev', actorName: '审核员', at, comment, version: 1 });

const record = (fields: Partial<RecordDetailView>): RecordDetailView =>
  ({ id: 'r1', title: '引进500强企业', status: 'draft', cadreId: 'u1', history: [], updatedAt: '2026-03-01T00:00:00.000Z', ...fields }) as RecordDetailView;

describe('a record as the subject of an appeal', () => {
  it('is returned when a draft’s last step is a return (by the reviewer or the assessor), decided then', () => {
    for (const action of ['review:return', 'assess:return']) {
      const subject = recordSubject(record({ history: [step('submit', 'submitted', '2026-02-01T00:00:00.000Z'), step(action, 'draft', '2026-02-02T00:00:00.000Z', ' 材料不全 ')] }), caller);
      expect(subject).toEqual({
        type: 'record',
        id: 'r1',
        title: '引进500强企业',
        decision: '退回：材料不全',
        decidedAt: '2026-02-02T00:00:00.000Z',
        link: '/records/r1',
        state: 'returned',
        entitled: true,
        ...scope,
      });
    }
  });

  it('is a plain draft (not appealable) when never returned or resubmitted and withdrawn since', () => {
    expect(recordSubject(record({}), caller)).toMatchObject({ state: 'draft', decision: '草稿', decidedAt: '2026-03-01T00:00:00.000Z' });
    const withdrawn = record({ history: [step('review:return', 'draft', '2026-02-02T00:00:00.000Z'), step('submit', 'submitted', '2026-02-03T00:00:00.000Z'), step('withdraw', 'draft', '2026-02-04T00:00:00.000Z')] });
    expect(recordSubject(withdrawn, caller)).toMatchObject({ state: 'draft' });
  });

  it('is rejected (不予通过) with the rejection’s comment and time, and someone else’s is not the caller’s', () => {
    const rejected = record({ status: 'rejected', cadreId: 'u9', history: [step('review:reject', 'rejected', '2026-02-05T00:00:00.000Z', '不属于履职范围')] });
    expect(recordSubject(rejected, caller)).toMatchObject({ state: 'rejected', decision: '不予通过：不属于履职范围', decidedAt: '2026-02-05T00:00:00.000Z', entitled: false });
    expect(recordSubject(record({ status: 'rejected', history: [step('review:reject', 'rejected', '2026-02-05T00:00:00.000Z')] }), caller).decision).toBe('不予通过');
  });

  it('in any other state carries its status (the selection service refuses it)', () => {
    expect(recordSubject(record({ status: 'verified', history: [step('assess:confirm', 'verified', '2026-02-06T00:00:00.000Z')] }), caller)).toMatchObject({ state: 'verified', decision: '已认定' });
  });
});

const task = (fields: Partial<TaskView>): TaskView =>
  ({
    id: 't1',
    title: '营商环境攻坚',
    status: 'concluded',
    concludedAt: '2026-02-27T08:00:00.000Z',
    verdict: 'excellent',
    reward: null,
    bids: [
      { teamId: 'A', status: 'awarded', members: [{ userId: 'u5' }] },
      { teamId: 'B', status: 'awarded', members: [{ userId: 'u1' }] },
    ],
    teamVerdicts: [
      { teamId: 'A', verdict: 'excellent' },
      { teamId: 'B', verdict: 'pass' },
    ],
    ...fields,
  }) as unknown as TaskView;

describe('a task’s verdict as the subject of an appeal', () => {
  it('is the verdict of the caller’s team, decided at the conclusion', () => {
    expect(verdictSubject(task({}), caller)).toEqual({
      type: 'verdict',
      id: 't1',
      title: '营商环境攻坚',
      decision: '评审结果 合格',
      decidedAt: '2026-02-27T08:00:00.000Z',
      link: '/tasks/t1',
      state: 'verdict',
      entitled: true,
      ...scope,
    });
  });

  it('is not the caller’s when no judged team has them (a team without a verdict does not count)', () => {
    expect(verdictSubject(task({ teamVerdicts: [{ teamId: 'A', verdict: 'excellent' }, { teamId: 'B', verdict: null }] as TaskView['teamVerdicts'] }), caller)).toMatchObject({ entitled: false, decision: '评审结果 优秀' });
  });

  it('counts a task concluded before per-team verdicts: the awarded teams share the task’s verdict', () => {
    expect(verdictSubject(task({ teamVerdicts: undefined }), caller)).toMatchObject({ entitled: true, decision: '评审结果 优秀' });
  });

  it('is 409 before the task concludes', () => {
    expect(() => verdictSubject(task({ status: 'reviewing', concludedAt: null }), caller)).toThrow(expect.objectContaining({ problem: expect.objectContaining({ status: 409 }) }));
  });
});

describe('a points entry as the subject of an appeal', () => {
  const score = { entries: [{ id: 'e1', points: -3, explanation: '纪实《…》撤销', occurredAt: '2026-02-01T00:00:00.000Z' }] } as unknown as ScoreView;

  it('is found in the caller’s own score, its explanation the title', () => {
    expect(scoreEntrySubject(score, 'e1', caller)).toEqual({
      type: 'score_entry',
      id: 'e1',
      title: '纪实《…》撤销',
      decision: '积分 -3.00',
      decidedAt: '2026-02-01T00:00:00.000Z',
      link: '/scores',
      state: 'entry',
      entitled: true,
      ...scope,
    });
  });

  it('is 404 when not in it', () => {
    expect(() => scoreEntrySubject(score, 'e2', caller)).toThrow(expect.objectContaining({ problem: expect.objectContaining({ status: 404 }) }));
  });

  it('reads points with their sign and two decimals', () => {
    expect([pointsDecision(12.5), pointsDecision(0), pointsDecision(-0.25)]).toEqual(['积分 +12.50', '积分 +0.00', '积分 -0.25']);
  });
});
