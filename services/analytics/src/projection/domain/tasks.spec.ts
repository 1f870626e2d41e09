import { TASK_EVENTS, type TaskConcludedV1 } from '@cadre/contracts';
import { foldTask, taskCells } from './tasks';

const member = (userId: string, share: number, role: 'lead' | 'member' = 'lead') => ({ userId, role, share, departmentId: 'd1', departmentPath: ['d0', 'd1'] });

const concluded = (teams: TaskConcludedV1['teams']) =>
  ({
    taskId: 't1',
    version: 9,
    status: 'concluded',
    fromStatus: 'reviewing',
    action: 'conclude',
    title: '自贸港政策落地',
    domain: 'ftp',
    departmentId: 'd1',
    departmentPath: ['d0', 'd1'],
    publishedAt: '2026-03-02T00:00:00Z',
    verdict: 'excellent',
    concludedAt: '2026-10-01T00:00:00Z',
    teams,
  }) as unknown as TaskConcludedV1;

describe('the timeline entry of a race (赛马)', () => {
  it('carries each member’s own team verdict, not the task’s best one', () => {
    const fact = foldTask(null, TASK_EVENTS.concluded, concluded([
      { bidId: 't1_1', teamId: 'a', teamName: '甲队', leadId: 'u1', members: [member('u1', 100)], verdict: 'excellent' },
      { bidId: 't1_2', teamId: 'b', teamName: '乙队', leadId: 'u2', members: [member('u2', 100)], verdict: 'fail' },
    ]))!;
    const timeline = taskCells(fact).filter((c) => c.collection === 'cadres');
    expect(timeline.map((c) => [c.doc, (c.value as { verdict: string }).verdict])).toEqual([
      ['ctask|u1', 'excellent'],
      ['ctask|u2', 'fail'],
    ]);
  });

  it('falls back to the task’s verdict for an event without team verdicts', () => {
    const fact = foldTask(null, TASK_EVENTS.concluded, concluded([{ bidId: 't1_1', teamId: 'a', teamName: '甲队', leadId: 'u1', members: [member('u1', 100)] }]))!;
    expect(taskCells(fact).find((c) => c.collection === 'cadres')!.value).toMatchObject({ verdict: 'excellent', teamId: 'a' });
  });
});
