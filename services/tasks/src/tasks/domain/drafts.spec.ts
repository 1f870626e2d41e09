import type { Caller, CreateTaskInput, Role } from '@cadre/contracts';
import { ProblemException } from '@cadre/platform';
import type { BatchDocument, BidEntry, TaskDocument } from '../task.schema';
import { editDraft, newTask, withdrawBeforeBids } from './drafts';

const caller = (userId: string, roles: Role[], path: string[]): Caller => ({ userId, name: userId, roles, departmentId: path.at(-1)!, departmentPath: path });
const publisher = caller('pub', ['publisher'], ['city', 'a']);
const otherPublisher = caller('pub-b', ['publisher'], ['city', 'b']);
const cadre = caller('cadre', ['cadre'], ['city', 'a']);
const now = new Date('2026-12-03T02:00:00Z');
const batch = { _id: 'batch', name: '第一批' } as BatchDocument;
const input: CreateTaskInput = {
  batchId: 'batch',
  title: '历史遗留问题化解',
  description: '原描述',
  domain: 'legacy',
  flags: ['hard'],
  goals: '目标',
  expectedResults: '成果',
  milestones: [{ name: '方案', dueDate: '2027-01-31' }],
  biddingDeadline: '2026-12-20T00:00:00Z',
  deliveryDeadline: '2027-06-30T00:00:00Z',
  rewardPoints: 100,
  evaluatorIds: ['ev'],
  allowRace: false,
};
const evaluators = [{ userId: 'ev', name: 'ev', departmentPath: ['city', 'c'] }];
const open = (fields: Partial<TaskDocument> = {}): TaskDocument => ({ ...newTask('t', publisher, input, batch, evaluators, now), status: 'open', version: 2, publishedAt: now, ...fields });
const bid = { id: 't_1', teamId: 'team' } as BidEntry;
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProblemException) return error.problem;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('correcting a published task before any bid (更正)', () => {
  it('corrects description, milestones and deadlines of an open task without bids, the history naming what changed', () => {
    const change = editDraft(open(), publisher, { version: 2, description: '更正后的描述', milestones: [{ name: '方案', dueDate: '2027-02-28' }], biddingDeadline: '2026-12-25T00:00:00Z' }, {}, now)!;
    expect(change.set).toEqual({ description: '更正后的描述', milestones: [{ name: '方案', dueDate: '2027-02-28' }], biddingDeadline: new Date('2026-12-25T00:00:00Z') });
    expect(change.push!.history).toMatchObject({ action: 'correct', from: 'open', to: 'open', actorId: 'pub', version: 3, comment: '更正：任务描述、里程碑、揭榜截止时间' });
    expect(change.events).toEqual([
      {
        subject: 'tasks.task.updated',
        data: expect.objectContaining({
          taskId: 't',
          version: 3,
          status: 'open',
          fromStatus: 'open',
          action: 'correct',
          actorId: 'pub',
          biddingDeadline: '2026-12-25T00:00:00.000Z',
          changes: ['description', 'milestones', 'biddingDeadline'],
          evaluatorIds: ['ev'],
          waiting: { pendingEvaluations: [], pendingReviews: [], readyToAward: false, readyToConclude: false },
        }),
      },
    ]);
  });

  it('new evaluators are a correction too; the same values again are no write', () => {
    const change = editDraft(open(), publisher, { version: 2, evaluatorIds: ['ev2'] }, { evaluators: [{ userId: 'ev2', name: 'ev2', departmentPath: ['city'] }] }, now)!;
    expect(change.push!.history).toMatchObject({ comment: '更正：评审专家' });
    expect(change.events?.[0].data).toMatchObject({ changes: ['evaluatorIds'], evaluatorIds: ['ev2'] });
    expect(editDraft(open(), publisher, { version: 2, description: '原描述' }, {}, now)).toBeNull();
  });

  it('refuses once a team has bid (409), a stale version (409), what teams chose the task by (409 naming the fields), the wrong publisher (403)', () => {
    expect(refusal(() => editDraft(open({ bids: [bid], bidCount: 1 }), publisher, { version: 2, description: 'x' }, {}, now))).toMatchObject({ status: 409, detail: expect.stringContaining('before any bid') });
    expect(refusal(() => editDraft(open(), publisher, { version: 1, description: 'x' }, {}, now)).status).toBe(409);
    expect(refusal(() => editDraft(open(), publisher, { version: 2, title: '新标题', rewardPoints: 200 }, {}, now))).toMatchObject({
      status: 409,
      errors: [expect.objectContaining({ path: 'title' }), expect.objectContaining({ path: 'rewardPoints' })],
    });
    expect(refusal(() => editDraft(open(), otherPublisher, { version: 2, description: 'x' }, {}, now)).status).toBe(403);
    expect(refusal(() => editDraft(open(), publisher, { version: 2, deliveryDeadline: '2026-12-10T00:00:00Z' }, {}, now))).toMatchObject({ status: 400, errors: [{ path: 'deliveryDeadline', message: expect.any(String) }] });
  });

  it('a task past bidding is not corrected (409)', () => {
    expect(refusal(() => editDraft(open({ status: 'evaluating' }), publisher, { version: 2, description: 'x' }, {}, now)).status).toBe(409);
  });
});

describe('withdrawing (撤榜)', () => {
  it('an open task without bids is withdrawn, announced, with the comment in its history', () => {
    const change = withdrawBeforeBids(open(), publisher, now, '任务调整');
    expect(change.set).toMatchObject({ status: 'withdrawn' });
    expect(change.push!.history).toMatchObject({ action: 'withdraw', from: 'open', to: 'withdrawn', comment: '任务调整' });
    expect(change.events).toEqual([expect.objectContaining({ subject: 'tasks.task.withdrawn', data: expect.objectContaining({ fromStatus: 'open', comment: '任务调整' }) })]);
  });

  it('a draft still is; an open task with bids is not (409); another department’s publisher or a cadre is refused (403)', () => {
    expect(withdrawBeforeBids({ ...open(), status: 'draft' }, publisher, now, '').set).toMatchObject({ status: 'withdrawn' });
    expect(refusal(() => withdrawBeforeBids(open({ bids: [bid], bidCount: 1 }), publisher, now, ''))).toMatchObject({ status: 409, detail: expect.stringContaining('1 bid') });
    expect(refusal(() => withdrawBeforeBids(open(), otherPublisher, now, '')).status).toBe(403);
    expect(refusal(() => withdrawBeforeBids(open(), cadre, now, '')).status).toBe(403);
  });
});
