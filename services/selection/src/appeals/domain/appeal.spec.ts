import type { ProblemException } from '@cadre/platform';
import { decideAppeal, fileAppeal, newestFirst } from './appeal';

const now = new Date('2026-03-10T01:00:00Z');
const filed = () =>
  fileAppeal({
    id: 'ap1',
    body: { subjectType: 'record', subjectId: 'rec1', reason: '补充材料已齐全，请重新审核' },
    subject: {
      type: 'record',
      id: 'rec1',
      title: '引进500强企业项目',
      decision: '退回：材料不全',
      decidedAt: '2026-03-01T10:00:00+08:00',
      link: '/records/rec1',
      state: 'returned',
      entitled: true,
      departmentId: 'bureauA',
      departmentPath: ['city', 'bureauA'],
    },
    appellant: { id: 'cadre1', name: '王海军' },
    deadline: new Date('2026-03-16T02:00:00Z'),
    now,
  });

describe('appeals: transitions', () => {
  it('files a pending appeal, version 1, with the first step in Chinese', () => {
    const appeal = filed();
    expect(appeal).toMatchObject({
      status: 'pending',
      version: 1,
      filedAt: now.toISOString(),
      deadline: '2026-03-16T02:00:00.000Z',
      answer: null,
      decidedBy: null,
      appellant: { id: 'cadre1', name: '王海军', departmentId: 'bureauA', departmentPath: ['city', 'bureauA'] },
      subject: { decidedAt: '2026-03-01T02:00:00.000Z', state: 'returned' },
    });
    expect(appeal.history).toEqual([{ at: now.toISOString(), action: 'file', by: { id: 'cadre1', name: '王海军' }, detail: '对纪实《引进500强企业项目》的决定（退回：材料不全）提出申诉：补充材料已齐全，请重新审核' }]);
  });

  it('decides a pending appeal once: 申诉成立 / 驳回 with the answer; a decided one is 409', () => {
    const by = { id: 'assessor', name: '陈研判' };
    const at = new Date('2026-03-12T00:00:00Z');
    const upheld = decideAppeal(filed(), { outcome: 'upheld', answer: '材料齐全，重新审核' }, by, at);
    expect(upheld).toMatchObject({ status: 'upheld', answer: '材料齐全，重新审核', decidedBy: by, decidedAt: at.toISOString() });
    expect(upheld.step).toEqual({ at: at.toISOString(), action: 'decide', by, detail: '申诉成立：材料齐全，重新审核' });
    expect(decideAppeal(filed(), { outcome: 'dismissed', answer: '理由不成立' }, by, at).step.detail).toBe('驳回：理由不成立');
    const decided = { ...filed(), ...upheld };
    expect(() => decideAppeal(decided, { outcome: 'dismissed', answer: '再议' }, by, at)).toThrow();
    try {
      decideAppeal(decided, { outcome: 'dismissed', answer: '再议' }, by, at);
    } catch (error) {
      expect((error as ProblemException).problem.status).toBe(409);
    }
  });

  it('lists newest first', () => {
    const a = { _id: 'a', filedAt: '2026-03-01T00:00:00.000Z' };
    const b = { _id: 'b', filedAt: '2026-03-02T00:00:00.000Z' };
    expect([a, b].sort(newestFirst).map((x) => x._id)).toEqual(['b', 'a']);
  });
});
