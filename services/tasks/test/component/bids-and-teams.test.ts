/**
 * The tasks service in process (see fixtures.ts): teams and their invitations, bids, 评标 with 回避, and
 * changes that meet each other (simultaneous bids, evaluations, answers; stale versions).
 */
import { RPC, TASK_EVENTS, type BidView, type TeamView } from '@cadre/contracts';
import { errorPaths, type Component } from '@cadre/testing';
import { as, people, scores, startTasks, type Steps } from './fixtures';

jest.setTimeout(120_000);

describe('tasks in process: teams, bids and 评标', () => {
  let tasks: Component;
  let s: Steps;
  beforeAll(async () => ({ tasks, steps: s } = await startTasks()));
  afterAll(async () => {
    await tasks?.stop();
  });

  const member = (who: keyof typeof people, role: 'lead' | 'member', share: number) => ({ userId: people[who].id, role, share });

  it('forms a team across departments once every member accepts, announcing tasks.team.formed once', async () => {
    const invited: TeamView = await tasks.request(RPC.tasks.teamCreate, { name: '产权攻坚队', members: [member('cadreA1', 'lead', 60), member('cadreB1', 'member', 40)] }, as('cadreA1'));
    expect(invited).toMatchObject({ leadId: people.cadreA1.id, formed: false, formedAt: null });
    expect(invited.members.map((m) => [m.userId, m.invitation, m.departmentId])).toEqual([
      [people.cadreA1.id, 'accepted', people.cadreA1.department.id],
      [people.cadreB1.id, 'invited', people.cadreB1.department.id],
    ]);
    const formed: TeamView = await tasks.request(RPC.tasks.teamAccept, { id: invited.id }, as('cadreB1'));
    expect(formed).toMatchObject({ formed: true, version: 2, formedAt: expect.any(String) });
    expect(await tasks.request(RPC.tasks.teamGet, { id: invited.id }, as('viewer'))).toEqual(formed);
    const [event] = await s.events(TASK_EVENTS.teamFormed, (d) => d.teamId === invited.id);
    expect(event.data).toMatchObject({ teamId: invited.id, leadId: people.cadreA1.id, version: 2, formedAt: formed.formedAt });
    expect(event.data.members.map((m: { userId: string; share: number }) => [m.userId, m.share])).toEqual([
      [people.cadreA1.id, 60],
      [people.cadreB1.id, 40],
    ]);
    expect((await tasks.refusal(RPC.tasks.teamAccept, { id: invited.id }, as('cadreB1'))).status).toBe(409);
  });

  it('a team of its lead alone is formed at once', async () => {
    const solo = await s.team('cadreA2');
    expect(solo).toMatchObject({ formed: true, version: 1 });
    await s.events(TASK_EVENTS.teamFormed, (d) => d.teamId === solo.id);
  });

  it('refuses teams: a non-cadre founder (403), bad shares and unknown members (400 naming them, nothing stored)', async () => {
    const before = await tasks.db.collection('teams').countDocuments({});
    expect((await tasks.refusal(RPC.tasks.teamCreate, { name: '专家队', members: [member('evalC1', 'lead', 100)] }, as('evalC1'))).status).toBe(403);
    const shares = await tasks.refusal(RPC.tasks.teamCreate, { name: '份额不对', members: [member('cadreA1', 'lead', 60), member('cadreB1', 'member', 30)] }, as('cadreA1'));
    expect(errorPaths(shares)).toEqual(['members']);
    const unknown = await tasks.refusal(RPC.tasks.teamCreate, { name: '查无此人', members: [member('cadreA1', 'lead', 60), { userId: 'nobody', role: 'member', share: 40 }] }, as('cadreA1'));
    expect(errorPaths(unknown)).toEqual(['members.1.userId']);
    const otherLead = await tasks.refusal(RPC.tasks.teamCreate, { name: '别人牵头', members: [member('cadreA1', 'member', 50), member('cadreB1', 'lead', 50)] }, as('cadreA1'));
    expect(otherLead.status).toBe(400);
    expect(await tasks.db.collection('teams').countDocuments({})).toBe(before);
  });

  it('only invited members answer invitations; a declined team never forms', async () => {
    const created: TeamView = await tasks.request(RPC.tasks.teamCreate, { name: '被拒队', members: [member('cadreB1', 'lead', 50), member('cadreB2', 'member', 50)] }, as('cadreB1'));
    for (const who of ['cadreB1', 'viewer'] as const) expect((await tasks.refusal(RPC.tasks.teamDecline, { id: created.id }, as(who))).status).toBe(403);
    const declined: TeamView = await tasks.request(RPC.tasks.teamDecline, { id: created.id }, as('cadreB2'));
    expect(declined).toMatchObject({ formed: false });
    expect(declined.members[1]).toMatchObject({ invitation: 'declined', respondedAt: expect.any(String) });
    const task = await s.open();
    expect((await tasks.refusal(RPC.tasks.bidCreate, { id: task.id, ...s.bidBody(created.id) }, as('cadreB1'))).status).toBe(409);
  });

  it('two members accepting at once: both answers kept, the team formed once', async () => {
    const created: TeamView = await tasks.request(
      RPC.tasks.teamCreate,
      { name: '三人队', members: [member('cadreA1', 'lead', 50), member('cadreA2', 'member', 25), member('cadreB1', 'member', 25)] },
      as('cadreA1'),
    );
    const answers = await Promise.allSettled([
      tasks.request(RPC.tasks.teamAccept, { id: created.id }, as('cadreA2')),
      tasks.request(RPC.tasks.teamAccept, { id: created.id }, as('cadreB1')),
    ]);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled']);
    const team: TeamView = await tasks.request(RPC.tasks.teamGet, { id: created.id }, as('cadreA1'));
    expect(team).toMatchObject({ formed: true, version: 3 });
    expect(team.members.map((m) => m.invitation)).toEqual(['accepted', 'accepted', 'accepted']);
    const formed = await s.events(TASK_EVENTS.teamFormed, (d) => d.teamId === created.id);
    expect(formed).toHaveLength(1);
  });

  it('bids: by the team’s lead only, once per task, announced with the members; ids are <taskId>_<n>', async () => {
    const task = await s.open();
    const team = await s.team('cadreA1', [['cadreB1', 40]]);
    expect((await tasks.refusal(RPC.tasks.bidCreate, { id: task.id, ...s.bidBody(team.id) }, as('cadreB1'))).status).toBe(403);
    expect(errorPaths(await tasks.refusal(RPC.tasks.bidCreate, { id: task.id, ...s.bidBody('no-such-team') }, as('cadreA1')))).toEqual(['teamId']);
    const bid = await s.bid('cadreA1', task.id, team.id);
    expect(bid).toMatchObject({ id: `${task.id}_1`, taskId: task.id, teamId: team.id, leadId: people.cadreA1.id, status: 'submitted', version: 1 });
    expect(bid.members.map((m) => m.userId)).toEqual([people.cadreA1.id, people.cadreB1.id]);
    expect((await tasks.refusal(RPC.tasks.bidCreate, { id: task.id, ...s.bidBody(team.id) }, as('cadreA1'))).status).toBe(409);
    const [event] = await s.events(TASK_EVENTS.bidSubmitted, (d) => d.bidId === bid.id);
    expect(event.data).toMatchObject({ taskId: task.id, teamId: team.id, leadId: people.cadreA1.id, version: 1, taskTitle: task.title });
    expect(event.data.members.map((m: { departmentPath: string[] }) => m.departmentPath)).toEqual([people.cadreA1.department.path, people.cadreB1.department.path]);
    expect(await tasks.db.collection('task_cards').findOne({ _id: task.id as never })).toMatchObject({ bidCount: 1 });
  });

  it('a draft takes no bids (404 to a cadre); a closed task neither (409)', async () => {
    const team = await s.team('cadreB2');
    const draft = await s.draft();
    expect((await tasks.refusal(RPC.tasks.bidCreate, { id: draft.id, ...s.bidBody(team.id) }, as('cadreB2'))).status).toBe(404);
    const { task } = await s.evaluating('cadreA2');
    expect((await tasks.refusal(RPC.tasks.bidCreate, { id: task.id, ...s.bidBody(team.id) }, as('cadreB2'))).status).toBe(409);
  });

  it('revises a bid from its current version, by its lead, while bidding is open', async () => {
    const task = await s.open();
    const team = await s.team('cadreA2', [['cadreB2', 20]]);
    const bid = await s.bid('cadreA2', task.id, team.id);
    const revised: BidView = await tasks.request(RPC.tasks.bidUpdate, { id: bid.id, version: 1, plan: '四步推进。' }, as('cadreA2'));
    expect(revised).toMatchObject({ version: 2, plan: '四步推进。', commitment: bid.commitment });
    expect((await tasks.refusal(RPC.tasks.bidUpdate, { id: bid.id, version: 1, plan: '旧版本' }, as('cadreA2'))).status).toBe(409);
    expect((await tasks.refusal(RPC.tasks.bidUpdate, { id: bid.id, version: 2, plan: '队员改' }, as('cadreB2'))).status).toBe(403);
    expect((await tasks.refusal(RPC.tasks.bidUpdate, { id: `${task.id}_9`, version: 1, plan: '无此标' }, as('cadreA2'))).status).toBe(404);
    await s.closeBidding(task.id);
    expect((await tasks.refusal(RPC.tasks.bidUpdate, { id: bid.id, version: 2, plan: '截止后' }, as('cadreA2'))).status).toBe(409);
  });

  it('two teams bidding at once: both bids kept, numbered 1 and 2', async () => {
    const task = await s.open();
    const [teamA, teamB] = await Promise.all([s.team('cadreA1'), s.team('cadreB1')]);
    const bids = await Promise.all([s.bid('cadreA1', task.id, teamA.id), s.bid('cadreB1', task.id, teamB.id)]);
    expect(bids.map((b) => b.id).sort()).toEqual([`${task.id}_1`, `${task.id}_2`]);
    const board = await s.get(task.id);
    expect(board.bids.map((b) => b.teamId).sort()).toEqual([teamA.id, teamB.id].sort());
    expect(await tasks.db.collection('task_cards').findOne({ _id: task.id as never })).toMatchObject({ bidCount: 2, version: board.version });
  });

  it('评标: assigned evaluators score once each (again replaces), scores hidden until the award', async () => {
    const { bid } = await s.evaluating('cadreA1', [['cadreB1', 50]]);
    expect((await s.evaluate('evalC1', bid.id, scores(20, 10, 20, 10))).evaluation).toMatchObject({ count: 1, expected: 2, score: null });
    const again = await s.evaluate('evalC1', bid.id, scores(25, 15, 25, 15));
    expect(again.evaluation).toMatchObject({ count: 1, score: null });
    expect(again.evaluations).toEqual([expect.objectContaining({ evaluatorId: people.evalC1.id, scores: scores(25, 15, 25, 15) })]);
    expect(errorPaths(await tasks.refusal(RPC.tasks.evaluate, { id: bid.id, scores: scores(31, 10, 10, 10) }, as('evalC2')))).toEqual(['scores.feasibility']);
  });

  it('评标 refuses the conflicted (回避), the unassigned and the wrong role (403), and scoring outside 评标 (409)', async () => {
    // Team: bureau A1 + district B; evaluator B sits in district B, the city evaluator above everyone.
    const { task, bid } = await s.evaluating('cadreA1', [['cadreB1', 50]], ['evalC1', 'evalB', 'evalCity']);
    for (const who of ['evalB', 'evalCity'] as const) {
      const refused = await tasks.refusal(RPC.tasks.evaluate, { id: bid.id, scores: scores(30, 20, 30, 20) }, as(who));
      expect(refused).toMatchObject({ status: 403, detail: expect.stringContaining('回避') });
    }
    for (const who of ['evalC2', 'cadreA2', 'pubA'] as const) expect((await tasks.refusal(RPC.tasks.evaluate, { id: bid.id, scores: scores(1, 1, 1, 1) }, as(who))).status).toBe(403);
    const scored = await s.evaluate('evalC1', bid.id);
    expect(scored.evaluation).toMatchObject({ count: 1, expected: 1 });
    expect([...scored.evaluation.conflictedEvaluatorIds].sort()).toEqual([people.evalB.id, people.evalCity.id].sort());
    await s.award(task.id, [bid.id]);
    expect((await tasks.refusal(RPC.tasks.evaluate, { id: bid.id, scores: scores(1, 1, 1, 1) }, as('evalC1'))).status).toBe(409);
    await s.results('cadreA1', task.id);
    expect((await tasks.refusal(RPC.tasks.review, { id: task.id, verdict: 'fail' }, as('evalB'))).status).toBe(403);
    expect((await s.get(task.id)).reviewersExpected).toEqual([people.evalC1.id]);
  });

  it('two evaluators scoring at once: both evaluations kept', async () => {
    const { task, bid } = await s.evaluating('cadreB2');
    await Promise.all([s.evaluate('evalC1', bid.id, scores(30, 20, 30, 20)), s.evaluate('evalC2', bid.id, scores(20, 10, 20, 10))]);
    const awarded = await s.award(task.id, [bid.id]);
    expect(awarded.bids[0].evaluation).toMatchObject({ count: 2, score: 80, divergent: true });
    expect(awarded.bids[0].evaluations.map((e) => e.evaluatorId).sort()).toEqual([people.evalC1.id, people.evalC2.id].sort());
  });
});
