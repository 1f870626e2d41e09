/**
 * Scoring in process for a race (赛马): tasks.task.concluded with each awarded team's own verdict gives each team
 * its own points.
 */
import { randomUUID } from 'node:crypto';
import { RPC, TASK_EVENTS, type ScoreView } from '@cadre/contracts';
import { callerOf, department, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';
import { concludedTask, dropRedisKeys, scoringModule } from './fixtures';

jest.setTimeout(120_000);

const city = department('海口市');
const districtA = department('龙华区', city);
const districtB = department('美兰区', city);
const leadA = user('王海军', districtA, ['cadre']);
const leadB = user('李红梅', districtB, ['cadre']);
const memberB = user('赵敏', districtB, ['cadre']);

describe('scoring in process: a race judged per team', () => {
  let scoring: Component;
  const taskEntriesOf = (cadre: UserSeed, taskId: string) =>
    waitUntil(
      async () => {
        const score = await scoring.request<ScoreView>(RPC.scoring.score, { id: cadre.id }, callerOf(cadre));
        const entries = score.entries.filter((e) => e.source.id === taskId);
        return entries.length > 0 ? entries : undefined;
      },
      { timeoutMs: 20_000, what: `${cadre.name}’s task entries` },
    );

  beforeAll(async () => {
    scoring = await startComponent({ service: 'scoring', module: scoringModule });
    await scoring.seedDirectory({ users: [leadA, leadB, memberB] });
  });
  afterAll(async () => {
    await scoring?.stop();
    await dropRedisKeys();
  });

  it('gives the delivered team its excellent points and the failed team none, each explained by its own verdict', async () => {
    const base = concludedTask([[leadA, 100]], { allowRace: true, verdict: 'excellent' });
    const member = (u: UserSeed, role: 'lead' | 'member', share: number) => ({ userId: u.id, role, share, departmentId: u.department.id, departmentPath: u.department.path });
    const task = {
      ...base,
      teams: [
        { ...base.teams[0], teamName: '甲队', verdict: 'excellent' as const, verdictTally: { excellent: 2, pass: 0, tolerated: 0, fail: 0 }, reviewCount: 2, tolerance: null },
        {
          bidId: `${base.taskId}_2`,
          teamId: randomUUID(),
          teamName: '乙队',
          leadId: leadB.id,
          members: [member(leadB, 'lead', 60), member(memberB, 'member', 40)],
          verdict: 'fail' as const,
          verdictTally: { excellent: 0, pass: 0, tolerated: 0, fail: 2 },
          reviewCount: 2,
          tolerance: 'rejected' as const,
        },
      ],
    };
    await scoring.publish(TASK_EVENTS.concluded, task, { producer: 'tasks' });
    // 甲队: 100 × 1.5 (难) × 1.2 = 180, all to its sole member (36 + 144) plus the 10 % bonus (18).
    const a = await taskEntriesOf(leadA, task.taskId);
    expect(a.map((e) => e.points).reduce((sum, p) => sum + p, 0)).toBeCloseTo(198, 2);
    expect(a[0].explanation).toContain('甲队 评审 优秀 ×1.2 = 180.00');
    expect(a[0].explanation).toMatch(/^任务《.+》：奖励 100 ×1\.5（急难险重：难），甲队 评审 优秀 ×1\.2 = 180\.00；/);
    expect(a.map((e) => e.explanation).join('')).not.toMatch(/[A-Za-z]/);
    const b = await taskEntriesOf(leadB, task.taskId);
    expect(b.every((e) => e.points === 0)).toBe(true);
    expect(b[0].explanation).toContain('乙队 评审 不合格 ×0 = 0.00');
  });
});
