/**
 * The tasks service in process (see fixtures.ts): the competition's dead ends. A team a member declined is
 * repaired by its lead (edit, invite again) with its history; a published task is corrected or withdrawn before
 * any bid, and not after; and each cadre finds their teams, pending invitations and bids.
 */
import { RPC, TASK_EVENTS, type MyBidView, type Page, type TaskView, type TeamView } from '@cadre/contracts';
import { errorPaths, type Component } from '@cadre/testing';
import { BiddingDeadlines } from '../../src/tasks/bidding-deadlines';
import { as, inDays, people, startTasks, type Steps } from './fixtures';

jest.setTimeout(120_000);

describe('tasks in process: dead ends', () => {
  let tasks: Component;
  let s: Steps;
  beforeAll(async () => ({ tasks, steps: s } = await startTasks()));
  afterAll(async () => {
    await tasks?.stop();
  });

  const member = (who: keyof typeof people, role: 'lead' | 'member', share: number) => ({ userId: people[who].id, role, share });
  const mine = <T>(subject: string, who: keyof typeof people, query: Record<string, unknown> = {}) => tasks.request<Page<T>>(subject, query, as(who));

  it('a team with a declined member is repaired by its lead: the declined member removed, shares changed, the team formed again, with its history', async () => {
    const created: TeamView = await tasks.request(RPC.tasks.teamCreate, { name: '修复队', members: [member('cadreA1', 'lead', 50), member('cadreA2', 'member', 25), member('cadreB1', 'member', 25)] }, as('cadreA1'));
    await tasks.request(RPC.tasks.teamAccept, { id: created.id }, as('cadreA2'));
    const declined: TeamView = await tasks.request(RPC.tasks.teamDecline, { id: created.id }, as('cadreB1'));
    expect(declined.formed).toBe(false);

    // Only the lead (403); a stale version (409); shares that do not sum to 100 and an unknown user (400, every field named).
    for (const who of ['cadreA2', 'cadreB1', 'viewer', 'pubA'] as const) {
      expect((await tasks.refusal(RPC.tasks.teamUpdate, { id: created.id, version: declined.version, name: '抢来的队' }, as(who))).status).toBe(403);
    }
    expect((await tasks.refusal(RPC.tasks.teamUpdate, { id: created.id, version: 1, name: '旧版本' }, as('cadreA1'))).status).toBe(409);
    const invalid = await tasks.refusal(RPC.tasks.teamUpdate, { id: created.id, version: declined.version, members: [member('cadreA1', 'lead', 50), { userId: '00000000-0000-4000-8000-00000000dead', role: 'member', share: 40 }] }, as('cadreA1'));
    expect(invalid.status).toBe(400);
    expect(errorPaths(invalid)).toEqual(expect.arrayContaining(['members', 'members.1.userId']));

    const repaired: TeamView = await tasks.request(RPC.tasks.teamUpdate, { id: created.id, version: declined.version, name: '修复后的队', members: [member('cadreA1', 'lead', 50), member('cadreA2', 'member', 50)] }, as('cadreA1'));
    expect(repaired.members.map((m) => [m.userId, m.share, m.invitation])).toEqual([
      [people.cadreA1.id, 50, 'accepted'],
      [people.cadreA2.id, 50, 'invited'],
    ]);
    expect(repaired).toMatchObject({ name: '修复后的队', formed: false, history: [expect.objectContaining({ action: 'update', actorId: people.cadreA1.id, comment: expect.stringContaining('移除 干部乙一') })] });
    const formed: TeamView = await tasks.request(RPC.tasks.teamAccept, { id: created.id }, as('cadreA2'));
    expect(formed.formed).toBe(true);
    const [event] = await s.events(TASK_EVENTS.teamFormed, (d) => d.teamId === created.id);
    expect(event.data).toMatchObject({ teamName: '修复后的队', version: formed.version });
  });

  it('a declined member is invited again by the lead (and answers again); a member who has not declined is not (409)', async () => {
    const created: TeamView = await tasks.request(RPC.tasks.teamCreate, { name: '再邀队', members: [member('cadreB2', 'lead', 60), member('cadreB1', 'member', 40)] }, as('cadreB2'));
    expect((await tasks.refusal(RPC.tasks.teamInvite, { id: created.id, userId: people.cadreB1.id }, as('cadreB2'))).status).toBe(409);
    await tasks.request(RPC.tasks.teamDecline, { id: created.id }, as('cadreB1'));
    expect((await tasks.refusal(RPC.tasks.teamInvite, { id: created.id, userId: people.cadreB1.id }, as('cadreB1'))).status).toBe(403);
    expect(await tasks.refusal(RPC.tasks.teamInvite, { id: created.id, userId: 'not-an-id' }, as('cadreB2'))).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'userId' })] });
    const again: TeamView = await tasks.request(RPC.tasks.teamInvite, { id: created.id, userId: people.cadreB1.id }, as('cadreB2'));
    expect(again.members[1]).toMatchObject({ invitation: 'invited', respondedAt: null });
    expect(again.history.at(-1)).toMatchObject({ action: 'reinvite', comment: '重新邀请 干部乙一' });
    const invitations = await mine<TeamView>(RPC.tasks.invitationsMine, 'cadreB1');
    expect(invitations.items.map((t) => t.id)).toContain(created.id);
    expect((await tasks.request<TeamView>(RPC.tasks.teamAccept, { id: created.id }, as('cadreB1'))).formed).toBe(true);
  });

  it('a team whose bid is live cannot be edited or re-invite (409): its members are those of the bid', async () => {
    const task = await s.open();
    const team = await s.team('cadreA1', [['cadreA2', 30]]);
    await s.bid('cadreA1', task.id, team.id);
    const refusal = await tasks.refusal(RPC.tasks.teamUpdate, { id: team.id, version: team.version, name: '投标后改名' }, as('cadreA1'));
    expect(refusal).toMatchObject({ status: 409, detail: expect.stringContaining('bid') });
    // Still the lead first: someone else gets 403.
    expect((await tasks.refusal(RPC.tasks.teamUpdate, { id: team.id, version: team.version, name: 'x' }, as('cadreA2'))).status).toBe(403);
  });

  it('my teams, my pending invitations and my bids (with the task’s title and status), paged', async () => {
    const task = await s.open();
    const team = await s.team('cadreB1', [['cadreB2', 40]]);
    await s.bid('cadreB1', task.id, team.id);
    const pending: TeamView = await tasks.request(RPC.tasks.teamCreate, { name: '待答复', members: [member('cadreB1', 'lead', 70), member('viewer', 'member', 30)] }, as('cadreB1'));

    const teamsB2 = await mine<TeamView>(RPC.tasks.teamsMine, 'cadreB2');
    expect(teamsB2.items.map((t) => t.id)).toContain(team.id);
    expect(teamsB2.items.map((t) => t.id)).not.toContain(pending.id);
    const invitations = await mine<TeamView>(RPC.tasks.invitationsMine, 'viewer');
    expect(invitations.items.map((t) => t.id)).toEqual([pending.id]);
    expect((await mine<TeamView>(RPC.tasks.invitationsMine, 'cadreB2')).items.map((t) => t.id)).not.toContain(team.id);

    for (const who of ['cadreB1', 'cadreB2'] as const) {
      const bids = await mine<MyBidView>(RPC.tasks.bidsMine, who);
      expect(bids.items).toEqual(expect.arrayContaining([expect.objectContaining({ taskId: task.id, taskTitle: task.title, taskStatus: 'open', teamId: team.id, status: 'submitted' })]));
    }
    expect((await mine<MyBidView>(RPC.tasks.bidsMine, 'viewer')).items).toEqual([]);
    const paged = await mine<TeamView>(RPC.tasks.teamsMine, 'cadreB1', { page: 1, pageSize: 1 });
    expect(paged).toMatchObject({ page: 1, pageSize: 1, items: [expect.anything()] });
    expect(paged.total).toBeGreaterThanOrEqual(2);
    expect(await tasks.refusal(RPC.tasks.teamsMine, { pageSize: 1000 }, as('cadreB1'))).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'pageSize' })] });
    expect((await tasks.refusal(RPC.tasks.bidsMine, {})).status).toBe(401);
  });

  it('a published task is corrected before any bid, the history saying what changed; not once a team has bid (409)', async () => {
    const task = await s.open();
    const corrected: TaskView = await tasks.request(RPC.tasks.update, { id: task.id, version: task.version, description: '更正：范围限于老城区。', biddingDeadline: inDays(10).toISOString() }, as('pubA'));
    expect(corrected).toMatchObject({ status: 'open', description: '更正：范围限于老城区。' });
    expect(corrected.history.at(-1)).toMatchObject({ action: 'correct', comment: '更正：任务描述、揭榜截止时间' });
    // The close waits for the corrected deadline (not the published one).
    const closesAt = await tasks.app.get(BiddingDeadlines).scheduledClose(task.id);
    expect(Math.abs(closesAt!.getTime() - Date.parse(corrected.biddingDeadline))).toBeLessThan(2_000);
    // What teams chose the task by stays (409 naming the fields); the wrong department's publisher and a cadre are refused.
    const fixed = await tasks.refusal(RPC.tasks.update, { id: task.id, version: corrected.version, rewardPoints: 500 }, as('pubA'));
    expect(fixed).toMatchObject({ status: 409, errors: [expect.objectContaining({ path: 'rewardPoints' })] });
    expect((await tasks.refusal(RPC.tasks.update, { id: task.id, version: corrected.version, description: 'x' }, as('pubB'))).status).toBe(403);
    expect((await tasks.refusal(RPC.tasks.update, { id: task.id, version: corrected.version, description: 'x' }, as('cadreA1'))).status).toBe(403);

    const team = await s.team('cadreA2');
    await s.bid('cadreA2', task.id, team.id);
    const current = await s.get(task.id, 'pubA');
    const late = await tasks.refusal(RPC.tasks.update, { id: task.id, version: current.version, description: '投标后更正' }, as('pubA'));
    expect(late).toMatchObject({ status: 409, detail: expect.stringContaining('before any bid') });
    expect((await s.get(task.id)).description).toBe('更正：范围限于老城区。');
  });

  it('an open task is withdrawn before any bid (announced), and not after (409)', async () => {
    const task = await s.open();
    expect((await tasks.refusal(RPC.tasks.withdraw, { id: task.id }, as('pubB'))).status).toBe(403);
    const withdrawn: TaskView = await tasks.request(RPC.tasks.withdraw, { id: task.id, comment: '任务调整' }, as('pubA'));
    expect(withdrawn).toMatchObject({ status: 'withdrawn' });
    await s.events(TASK_EVENTS.withdrawn, (d) => d.taskId === task.id && d.fromStatus === 'open');

    const bidOn = await s.open();
    const team = await s.team('cadreB2');
    await s.bid('cadreB2', bidOn.id, team.id);
    expect(await tasks.refusal(RPC.tasks.withdraw, { id: bidOn.id }, as('pubA'))).toMatchObject({ status: 409, detail: expect.stringContaining('1 bid') });
    expect((await s.get(bidOn.id)).status).toBe('open');
  });
});
