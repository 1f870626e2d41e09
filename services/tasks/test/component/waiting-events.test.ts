/**
 * The tasks service in process (see fixtures.ts): what the work inbox (issue #20) learns from the TASKS stream.
 * Task events carry who the task waits for (`waiting`), evaluations and reviews are announced as they are recorded,
 * a correction of an open task is announced (`tasks.task.updated`), and every team change is (`tasks.team.changed`).
 */
import { RPC, TASK_EVENTS, type TaskView, type TeamView } from '@cadre/contracts';
import type { Component } from '@cadre/testing';
import { as, inDays, people, startTasks, type Steps } from './fixtures';

jest.setTimeout(120_000);

describe('tasks in process: what the inbox learns from the events', () => {
  let tasks: Component;
  let s: Steps;
  beforeAll(async () => ({ tasks, steps: s } = await startTasks()));
  afterAll(async () => {
    await tasks?.stop();
  });

  const id = (key: keyof typeof people) => people[key].id;
  const member = (who: keyof typeof people, role: 'lead' | 'member', share: number) => ({ userId: id(who), role, share });

  it('评标: bidding_closed and each evaluation_recorded say who still owes which bid, until the award may go ahead', async () => {
    // evalB sits in district B with cadreB1: conflicted (回避) with that team's bid only.
    const task = await s.open(['evalC1', 'evalB']);
    const bidA = await s.bid('cadreA1', task.id, (await s.team('cadreA1')).id);
    const bidB = await s.bid('cadreB1', task.id, (await s.team('cadreB1')).id);
    await s.closeBidding(task.id);
    const [closed] = await s.events(TASK_EVENTS.biddingClosed, (d) => d.taskId === task.id);
    expect(closed.data.waiting).toEqual({
      pendingEvaluations: [
        { evaluatorId: id('evalC1'), bidIds: [bidA.id, bidB.id] },
        { evaluatorId: id('evalB'), bidIds: [bidA.id] },
      ],
      pendingReviews: [],
      readyToAward: false,
      readyToConclude: false,
    });

    await s.evaluate('evalC1', bidA.id);
    await s.evaluate('evalB', bidA.id);
    const [first, second] = await s.events(TASK_EVENTS.evaluationRecorded, (d) => d.taskId === task.id, 2);
    expect(first.data).toMatchObject({ status: 'evaluating', action: 'evaluate', actorId: id('evalC1'), evaluatorId: id('evalC1'), bidId: bidA.id, version: closed.data.version + 1 });
    expect(first.data.waiting.pendingEvaluations).toEqual([
      { evaluatorId: id('evalC1'), bidIds: [bidB.id] },
      { evaluatorId: id('evalB'), bidIds: [bidA.id] },
    ]);
    expect(second.data).toMatchObject({ evaluatorId: id('evalB'), version: closed.data.version + 2, waiting: { pendingEvaluations: [{ evaluatorId: id('evalC1'), bidIds: [bidB.id] }], readyToAward: false } });
    // The scores stay sealed: the event names who scored which bid, not how.
    expect(JSON.stringify(first.data)).not.toContain('feasibility');

    await s.evaluate('evalC1', bidB.id);
    const [, , last] = await s.events(TASK_EVENTS.evaluationRecorded, (d) => d.taskId === task.id, 3);
    expect(last.data).toMatchObject({ bidId: bidB.id, waiting: { pendingEvaluations: [], pendingReviews: [], readyToAward: true, readyToConclude: false } });

    // Scoring again is recorded again; the award (now possible) waits for nobody.
    await s.evaluate('evalC1', bidB.id);
    await s.events(TASK_EVENTS.evaluationRecorded, (d) => d.taskId === task.id, 4);
    await s.award(task.id, [bidA.id]);
    const [awarded] = await s.events(TASK_EVENTS.awarded, (d) => d.taskId === task.id);
    expect(awarded.data.waiting).toEqual({ pendingEvaluations: [], pendingReviews: [], readyToAward: false, readyToConclude: false });
  });

  it('评审 of a race: results_submitted and each review_recorded say who still owes which team, until the conclusion may go ahead', async () => {
    const task = await s.open(['evalC1', 'evalC2'], { allowRace: true });
    const bidA = await s.bid('cadreA1', task.id, (await s.team('cadreA1')).id);
    const bidB = await s.bid('cadreB1', task.id, (await s.team('cadreB1')).id);
    await s.closeBidding(task.id);
    for (const who of ['evalC1', 'evalC2'] as const) for (const b of [bidA, bidB]) await s.evaluate(who, b.id);
    await s.award(task.id, [bidA.id, bidB.id]);
    await s.results('cadreA1', task.id);
    await s.results('cadreB1', task.id);
    const [submitted] = await s.events(TASK_EVENTS.resultsSubmitted, (d) => d.taskId === task.id);
    const both = [bidA.teamId, bidB.teamId];
    expect(submitted.data.waiting).toEqual({
      pendingEvaluations: [],
      pendingReviews: [
        { evaluatorId: id('evalC1'), teamIds: both },
        { evaluatorId: id('evalC2'), teamIds: both },
      ],
      readyToAward: false,
      readyToConclude: false,
    });

    const review = (who: 'evalC1' | 'evalC2', teamId: string): Promise<TaskView> => tasks.request(RPC.tasks.review, { id: task.id, teamId, verdict: 'pass', comment: '' }, as(who));
    await review('evalC1', bidA.teamId);
    const [first] = await s.events(TASK_EVENTS.reviewRecorded, (d) => d.taskId === task.id);
    expect(first.data).toMatchObject({ status: 'reviewing', action: 'review', evaluatorId: id('evalC1'), teamId: bidA.teamId, version: submitted.data.version + 1 });
    expect(first.data.waiting.pendingReviews).toEqual([
      { evaluatorId: id('evalC1'), teamIds: [bidB.teamId] },
      { evaluatorId: id('evalC2'), teamIds: both },
    ]);
    expect(JSON.stringify(first.data)).not.toContain('"verdict"');

    await review('evalC1', bidB.teamId);
    await review('evalC2', bidA.teamId);
    await review('evalC2', bidB.teamId);
    const reviews = await s.events(TASK_EVENTS.reviewRecorded, (d) => d.taskId === task.id, 4);
    expect(reviews.at(-1)!.data.waiting).toEqual({ pendingEvaluations: [], pendingReviews: [], readyToAward: false, readyToConclude: true });
    await s.conclude(task.id);
    const [concluded] = await s.events(TASK_EVENTS.concluded, (d) => d.taskId === task.id);
    expect(concluded.data.waiting).toEqual({ pendingEvaluations: [], pendingReviews: [], readyToAward: false, readyToConclude: false });
  });

  it('a correction of an open task is announced (tasks.task.updated) with the fields it changed and the evaluators after it', async () => {
    const task = await s.open(['evalC1']);
    const corrected: TaskView = await tasks.request(
      RPC.tasks.update,
      { id: task.id, version: task.version, description: '更正：范围限于老城区。', evaluatorIds: [id('evalC1'), id('evalC2')], biddingDeadline: inDays(9).toISOString() },
      as('pubA'),
    );
    const [event] = await s.events(TASK_EVENTS.updated, (d) => d.taskId === task.id);
    expect(event.data).toMatchObject({
      version: corrected.version,
      status: 'open',
      fromStatus: 'open',
      action: 'correct',
      actorId: id('pubA'),
      changes: ['description', 'biddingDeadline', 'evaluatorIds'],
      evaluatorIds: [id('evalC1'), id('evalC2')],
      biddingDeadline: corrected.biddingDeadline,
      waiting: { pendingEvaluations: [], pendingReviews: [], readyToAward: false, readyToConclude: false },
    });
  });

  it('every team change is announced (tasks.team.changed) with each member’s invitation; formation also as tasks.team.formed', async () => {
    const created: TeamView = await tasks.request(RPC.tasks.teamCreate, { name: '收件箱队', members: [member('cadreA1', 'lead', 60), member('cadreA2', 'member', 20), member('cadreB1', 'member', 20)] }, as('cadreA1'));
    await tasks.request(RPC.tasks.teamDecline, { id: created.id }, as('cadreB1'));
    await tasks.request(RPC.tasks.teamInvite, { id: created.id, userId: id('cadreB1') }, as('cadreA1'));
    const current: TeamView = await tasks.request(RPC.tasks.teamAccept, { id: created.id }, as('cadreA2'));
    await tasks.request(RPC.tasks.teamUpdate, { id: created.id, version: current.version, name: '收件箱队（改）' }, as('cadreA1'));
    const formed: TeamView = await tasks.request(RPC.tasks.teamAccept, { id: created.id }, as('cadreB1'));
    expect(formed.formed).toBe(true);

    const changes = await s.events(TASK_EVENTS.teamChanged, (d) => d.teamId === created.id, 6);
    expect(changes.map((e) => [e.data.version, e.data.action, e.data.actorId, e.data.formed, e.data.members.map((m: { invitation: string }) => m.invitation)])).toEqual([
      [1, 'created', id('cadreA1'), false, ['accepted', 'invited', 'invited']],
      [2, 'declined', id('cadreB1'), false, ['accepted', 'invited', 'declined']],
      [3, 'reinvited', id('cadreA1'), false, ['accepted', 'invited', 'invited']],
      [4, 'accepted', id('cadreA2'), false, ['accepted', 'accepted', 'invited']],
      [5, 'updated', id('cadreA1'), false, ['accepted', 'accepted', 'invited']],
      [6, 'accepted', id('cadreB1'), true, ['accepted', 'accepted', 'accepted']],
    ]);
    expect(changes[5].data).toMatchObject({
      teamName: '收件箱队（改）',
      leadId: id('cadreA1'),
      members: [
        { ...member('cadreA1', 'lead', 60), invitation: 'accepted' },
        { ...member('cadreA2', 'member', 20), invitation: 'accepted' },
        { ...member('cadreB1', 'member', 20), invitation: 'accepted' },
      ],
    });
    const [formedEvent] = await s.events(TASK_EVENTS.teamFormed, (d) => d.teamId === created.id);
    expect(formedEvent.data).toMatchObject({ version: 6, teamName: '收件箱队（改）' });
  });
});
