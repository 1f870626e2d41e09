/**
 * Task and team messages in process: an invitation to the newly invited only, the team formed, the award (中标 to the
 * awarded team's members, 未中标 to the other bidders, known from their bids), the conclusion with the team's verdict in
 * Chinese and, once scoring has counted them, the points.
 */
import { randomUUID } from 'node:crypto';
import { RPC, SCORING_EVENTS, TASK_EVENTS, type BidSubmittedV1, type NotificationListView, type ScoreUpdatedV1, type TaskAwardedV1, type TaskConcludedV1, type TaskTeamMemberFact, type TeamFormedV1 } from '@cadre/contracts';
import { callerOf, department, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';
import { noWaiting, taskAt, teamAt } from './inbox-fixtures';
import { dropRedisKeys, notificationsModule } from './messages-fixtures';

jest.setTimeout(120_000);

const city = department('海口市');
const bureau = department('龙华区发改局', city);
const publisher = user('吴发榜', bureau, ['publisher']);
const lead = user('赵牵头', bureau, ['cadre']);
const member = user('钱成员', bureau, ['cadre']);
const rival = user('孙对手', bureau, ['cadre']);

const fact = (u: UserSeed, role: 'lead' | 'member', share: number): TaskTeamMemberFact => ({ userId: u.id, role, share, departmentId: u.department.id, departmentPath: u.department.path });

describe('notifications in process: task and team messages', () => {
  let svc: Component;
  const list = (who: UserSeed) => svc.request<NotificationListView>(RPC.notifications.list, { limit: 50 }, callerOf(who));
  const kindsOf = async (who: UserSeed) => (await list(who)).items.map((m) => m.kind).sort();
  const when = (who: UserSeed, kind: string) => waitUntil(async () => (await list(who)).items.find((m) => m.kind === kind), { timeoutMs: 20_000, what: `${who.name}: ${kind}` });

  beforeAll(async () => {
    svc = await startComponent({ service: 'notifications', module: notificationsModule });
    await svc.seedDirectory({ users: [publisher, lead, member, rival] });
  });
  afterAll(async () => {
    await svc?.stop();
    await dropRedisKeys();
  });

  it('invites the newly invited once, tells the team it is formed, the bidders who won and who did not, and the verdict with the points', async () => {
    const teamA = randomUUID();
    const teamB = randomUUID();
    await svc.publish(TASK_EVENTS.teamChanged, teamAt(lead, teamA, 1, [{ userId: lead.id, role: 'lead', share: 60, invitation: 'accepted' }, { userId: member.id, role: 'member', share: 40, invitation: 'invited' }]), { producer: 'tasks' });
    const invited = await when(member, 'team_invited');
    expect(invited.title).toBe('赵牵头邀请您加入团队「攻坚队」');
    expect(invited.link).toBe(`/tasks/teams/${teamA}`);
    // A change that leaves the member waiting (a rename) does not invite again; the answer invites nobody.
    await svc.publish(TASK_EVENTS.teamChanged, { ...teamAt(lead, teamA, 2, [{ userId: lead.id, role: 'lead', share: 60, invitation: 'accepted' }, { userId: member.id, role: 'member', share: 40, invitation: 'invited' }], 'updated') }, { producer: 'tasks' });
    await svc.publish(TASK_EVENTS.teamChanged, { ...teamAt(lead, teamA, 3, [{ userId: lead.id, role: 'lead', share: 60, invitation: 'accepted' }, { userId: member.id, role: 'member', share: 40, invitation: 'accepted' }], 'accepted'), actorId: member.id, formed: true }, { producer: 'tasks' });
    const formed: TeamFormedV1 = { teamId: teamA, teamName: '攻坚队', leadId: lead.id, members: [fact(lead, 'lead', 60), fact(member, 'member', 40)], version: 3, createdBy: lead.id, createdAt: new Date().toISOString(), formedAt: new Date().toISOString(), occurredAt: new Date().toISOString() };
    await svc.publish(TASK_EVENTS.teamFormed, formed, { producer: 'tasks' });
    await when(member, 'team_formed');
    await when(lead, 'team_formed');
    expect((await list(member)).items.filter((m) => m.kind === 'team_invited')).toHaveLength(1);
    expect(await kindsOf(lead)).toEqual(['team_formed']); // the lead is never invited to their own team

    const taskId = randomUUID();
    const bid = (teamId: string, teamName: string, leadSeed: UserSeed, members: TaskTeamMemberFact[]): BidSubmittedV1 => ({
      bidId: `${taskId}_${teamName === '攻坚队' ? 1 : 2}`, version: 1, taskId, batchId: randomUUID(), taskTitle: '历史遗留问题化解', domain: 'legacy', teamId, teamName, leadId: leadSeed.id, members, submittedAt: new Date().toISOString(), occurredAt: new Date().toISOString(),
    });
    const bidA = bid(teamA, '攻坚队', lead, [fact(lead, 'lead', 60), fact(member, 'member', 40)]);
    const bidB = bid(teamB, '突击队', rival, [fact(rival, 'lead', 100)]);
    await svc.publish(TASK_EVENTS.bidSubmitted, bidA, { producer: 'tasks' });
    await svc.publish(TASK_EVENTS.bidSubmitted, bidB, { producer: 'tasks' });
    await waitUntil(async () => ((await svc.db.collection('notification_task_bids').findOne({ _id: taskId } as never))?.bidIds?.length === 2 ? true : undefined), { timeoutMs: 20_000, what: 'the bids kept' });

    const awarded: TaskAwardedV1 = {
      ...(taskAt(publisher, taskId, 5, { status: 'in_progress', fromStatus: 'evaluating', action: 'award', actorId: publisher.id, waiting: noWaiting }) as TaskAwardedV1),
      bidIds: [bidA.bidId], teamIds: [teamA],
      awarded: [{ bidId: bidA.bidId, teamId: teamA, score: 88, rank: 1, evaluationCount: 3, divergent: false }],
      ranking: [{ bidId: bidA.bidId, teamId: teamA, score: 88, rank: 1, evaluationCount: 3, divergent: false }, { bidId: bidB.bidId, teamId: teamB, score: 75.5, rank: 2, evaluationCount: 3, divergent: false }],
      passedOverBidIds: [], reason: null, awardedAt: new Date().toISOString(),
    };
    await svc.publish(TASK_EVENTS.awarded, awarded, { producer: 'tasks' });
    const won = await when(member, 'task_awarded');
    expect(won.title).toBe('任务《历史遗留问题化解》揭榜成功');
    expect(won.body).toContain('「攻坚队」中标（评标得分 88.00，排名第 1）');
    await when(lead, 'task_awarded');
    const lost = await when(rival, 'task_not_awarded');
    expect(lost.body).toContain('「突击队」的投标未中标（评标得分 75.50，排名第 2）');
    expect((await list(rival)).items.some((m) => m.kind === 'task_awarded')).toBe(false);

    const concluded: TaskConcludedV1 = {
      ...(taskAt(publisher, taskId, 9, { status: 'concluded', fromStatus: 'reviewing', action: 'conclude', actorId: publisher.id, waiting: noWaiting }) as TaskConcludedV1),
      verdict: 'excellent', verdictTally: { excellent: 3, pass: 0, tolerated: 0, fail: 0 }, reviewCount: 3,
      teams: [{ teamId: teamA, teamName: '攻坚队', leadId: lead.id, members: [fact(lead, 'lead', 60), fact(member, 'member', 40)], bidId: bidA.bidId, verdict: 'excellent', tolerance: null }],
      awardedAt: new Date().toISOString(), resultsSubmittedAt: new Date().toISOString(), concludedAt: new Date().toISOString(),
    };
    await svc.publish(TASK_EVENTS.concluded, concluded, { producer: 'tasks' });
    const done = await when(lead, 'task_concluded');
    expect(done.body).toContain('评审结论：优秀');
    expect(done.body).not.toContain('积分');
    const score: ScoreUpdatedV1 = {
      cadreId: lead.id, period: new Date().toISOString().slice(0, 4), total: 180, totalHundredths: 18_000, byItem: { TASK: 18_000 }, byMonth: {}, bySource: { [`task:${taskId}`]: 18_000 },
      departmentId: bureau.id, departmentPath: bureau.path, standardVersion: 1, revision: 1, updatedAt: new Date().toISOString(),
    };
    await svc.publish(SCORING_EVENTS.scoreUpdated, score, { producer: 'scoring' });
    await waitUntil(async () => (await list(lead)).items.find((m) => m.id === done.id && m.body.includes('积分 +180.00')), { timeoutMs: 20_000, what: 'the lead’s points' });
    expect((await list(member)).items.find((m) => m.kind === 'task_concluded')!.body).not.toContain('积分');
    expect((await list(publisher)).items).toEqual([]);
  });
});
